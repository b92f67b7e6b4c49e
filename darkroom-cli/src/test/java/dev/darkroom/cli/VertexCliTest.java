package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGoogleOAuth;
import dev.darkroom.testkit.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gemini on Vertex AI from the command line: {@code --project} and {@code --location} reach the
 * model's provider as its {@code project} and {@code location} settings, against the fake token
 * endpoint and the fake Vertex AI endpoint.
 */
class VertexCliTest {
  @TempDir Path dir;
  private FakeGoogleOAuth oauth;
  private FakeGemini vertex;

  @BeforeEach
  void start() {
    oauth = FakeGoogleOAuth.start();
    vertex = FakeGemini.start().vertex("test-project", oauth::isValid);
  }

  @AfterEach
  void stop() {
    vertex.close();
    oauth.close();
  }

  /** A newcomer with a service account key and nothing else: no API key, no gcloud. */
  private Cli cli() throws Exception {
    Cli cli = new Cli(dir);
    cli.env.put("HOME", dir.toString());
    cli.env.put("NO_GCE_CHECK", "true"); // never probe the real metadata server
    cli.env.put("GOOGLE_VERTEX_BASE_URL", vertex.baseUrl());
    cli.env.put("GOOGLE_APPLICATION_CREDENTIALS", oauth.writeServiceAccountKey(dir).toString());
    return cli;
  }

  @Test
  void generateOnVertexWithAServiceAccount() throws Exception {
    CliRun run = cli().run("generate", "a red fox in fresh snow", "-m", "gemini-3-pro-image",
        "--project", "test-project", "--location", "us-central1", "-o", "fox.png");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(dir.resolve("fox.png")).exists();
    assertThat(Files.size(dir.resolve("fox.png"))).isPositive();
    RecordedRequest sent = vertex.takeRequest();
    assertThat(sent.path()).isEqualTo(
        "/v1/projects/test-project/locations/us-central1/publishers/google/models/gemini-3-pro-image:generateContent");
    assertThat(sent.header("Authorization")).hasValueSatisfying(a -> assertThat(a).startsWith("Bearer "));
    assertThat(sent.header("x-goog-api-key")).isEmpty();
    assertThat(oauth.grants()).containsExactly("jwt-bearer");
    // The token is a secret: never printed.
    String token = sent.header("Authorization").orElseThrow().substring("Bearer ".length());
    assertThat(run.out() + run.err()).doesNotContain(token);
  }

  @Test
  void globalLocationIsTheDefault() throws Exception {
    CliRun run = cli().run("generate", "a red fox in fresh snow", "-m", "gemini-3-pro-image",
        "--project", "test-project", "-o", "fox.png");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(vertex.takeRequest().path()).startsWith("/v1/projects/test-project/locations/global/");
  }

  @Test
  void aProjectTheCredentialsCannotUseIsAnAuthError() throws Exception {
    CliRun run = cli().run("generate", "a red fox in fresh snow", "-m", "gemini-3-pro-image",
        "--project", "someone-elses-project", "--location", "us-central1", "-o", "fox.png");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.AUTH);
    assertThat(run.err()).as(run.describe()).contains("someone-elses-project");
    assertThat(dir.resolve("fox.png")).doesNotExist();
  }

  @Test
  void projectWithoutCredentialsNamesWhatToSetBeforeSending() throws Exception {
    Cli cli = cli();
    cli.env.remove("GOOGLE_APPLICATION_CREDENTIALS");
    CliRun run = cli.run("generate", "a red fox in fresh snow", "-m", "gemini-3-pro-image",
        "--project", "test-project", "-o", "fox.png");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).contains("GOOGLE_APPLICATION_CREDENTIALS")
        .contains("gcloud auth application-default login");
    assertThat(vertex.requestCount()).isZero();
  }

  @Test
  void badLocationIsRefusedNamingTheFlagValue() throws Exception {
    CliRun run = cli().run("generate", "a red fox in fresh snow", "-m", "gemini-3-pro-image",
        "--project", "test-project", "--location", "US Central", "-o", "fox.png");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).contains("US Central");
    assertThat(vertex.requestCount()).isZero();
  }

  @Test
  void modelsCheckSaysVertexHasNoListToRead() throws Exception {
    CliRun run = cli().run("models", "--check", "--provider", "gemini", "--project", "test-project");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).as(run.describe()).contains("gemini (").contains("not checked");
    assertThat(vertex.requestCount()).isZero();
  }

  @Test
  void compareAndBatchRunOnVertexToo() throws Exception {
    Cli cli = cli();
    cli.env.put("GOOGLE_GENAI_USE_VERTEXAI", "true");
    cli.env.put("GOOGLE_CLOUD_PROJECT", "test-project");
    cli.env.put("GOOGLE_CLOUD_LOCATION", "us-central1");
    CliRun compare = cli.run("compare", "a lighthouse at dusk", "-m", "gemini-3-pro-image", "-m",
        "gemini-nano-banana-2.1", "--output-dir", "sheet");
    assertThat(compare.exitCode()).as(compare.describe()).isZero();
    assertThat(compare.out()).contains("2 panels").doesNotContain("without image");

    Files.writeString(dir.resolve("jobs.yaml"), """
        model: gemini-3-pro-image
        output_dir: out
        jobs:
          - prompt: "a red fox"
          - prompt: "a grey owl"
        """);
    CliRun batch = cli.run("batch", "jobs.yaml");
    assertThat(batch.exitCode()).as(batch.describe()).isZero();
    assertThat(dir.resolve("out")).isDirectoryContaining(p -> p.toString().endsWith(".png"));
    assertThat(vertex.requests()).allSatisfy(r -> assertThat(r.path()).startsWith(
        "/v1/projects/test-project/locations/us-central1/publishers/google/models/"));

    Files.writeString(dir.resolve("more.yaml"), """
        model: gemini-3-pro-image
        output_dir: more
        prompt: "a white hare"
        """);
    CliRun batchApi = cli.run("batch", "more.yaml", "--via", "batch-api");
    assertThat(batchApi.exitCode()).as(batchApi.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(batchApi.err()).contains("Vertex");
  }
}
