package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGoogleOAuth;
import dev.darkroom.testkit.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code generate}, {@code compare} and {@code batch} on Vertex AI with each kind of credential, from
 * the command line, against the fake token endpoint, metadata server and Vertex AI endpoint: the
 * requests carry the credential's token (or the express-mode key) to the right URL, a token that
 * stops being accepted mid-batch is replaced once, and no token or key is ever printed or written.
 *
 * <p>Every run starts from an empty {@code HOME} and {@code NO_GCE_CHECK=true}, so that only the
 * credential under test is found and the real metadata server is never probed.
 */
class VertexCredentialsCliTest {
  private static final String PROJECT_PATHS = "/v1/projects/test-project/locations/us-central1/publishers/google/models/";
  private static final String EXPRESS_PATHS = "/v1/publishers/google/models/";

  @TempDir Path dir;
  private FakeGoogleOAuth oauth;
  private FakeGemini vertex;
  /** Files the test wrote as inputs (credentials, token files): the only files a secret may be in. */
  private final Set<Path> inputs = new HashSet<>();

  /** One way a newcomer authenticates to Vertex AI. */
  enum Kind {
    /** {@code GOOGLE_APPLICATION_CREDENTIALS} names a service account key. */
    SERVICE_ACCOUNT_VARIABLE("jwt-bearer", true),
    /** {@code --credentials-file} names a service account key. */
    SERVICE_ACCOUNT_FLAG("jwt-bearer", true),
    /** gcloud's {@code application_default_credentials.json} under {@code $HOME/.config/gcloud}. */
    GCLOUD_UNDER_HOME("refresh_token", true),
    /** gcloud's file under {@code $CLOUDSDK_CONFIG}. */
    GCLOUD_UNDER_CLOUDSDK_CONFIG("refresh_token", true),
    /** Nothing configured, on a Google Cloud VM: the metadata server, which also gives the project. */
    METADATA_SERVER("metadata", true),
    /** {@code GOOGLE_OAUTH_ACCESS_TOKEN}. */
    ACCESS_TOKEN_VARIABLE(null, false),
    /** {@code --access-token-file FILE}. */
    ACCESS_TOKEN_FILE(null, false),
    /** {@code --access-token-file -} with the token piped in. */
    ACCESS_TOKEN_STDIN(null, false),
    /** Express mode: a Vertex AI API key and no project. */
    EXPRESS_API_KEY(null, false);

    /** The grant the fake token endpoint sees, null when no token is fetched. */
    final String grant;
    /** Whether a rejected token can be replaced by fetching another. */
    final boolean renewable;

    Kind(String grant, boolean renewable) {
      this.grant = grant;
      this.renewable = renewable;
    }
  }

  /** A command line with its credential in place. */
  private record Setup(Cli cli, List<String> flags) {
    CliRun run(String... args) {
      List<String> all = new ArrayList<>(List.of(args));
      all.addAll(flags);
      return cli.run(all.toArray(String[]::new));
    }
  }

  @BeforeEach
  void start() {
    oauth = FakeGoogleOAuth.start().metadataProject("test-project");
    vertex = FakeGemini.start().vertex("test-project", oauth::isValid);
  }

  @AfterEach
  void stop() {
    vertex.close();
    oauth.close();
  }

  private Setup setup(Kind kind) throws IOException {
    Cli cli = new Cli(dir);
    Path emptyHome = Files.createDirectories(dir.resolve("empty-home"));
    cli.env.put("HOME", emptyHome.toString());
    cli.env.put("NO_GCE_CHECK", "true");
    cli.env.put("GOOGLE_VERTEX_BASE_URL", vertex.baseUrl());
    cli.env.put("GOOGLE_GENAI_USE_VERTEXAI", "true");
    cli.env.put("GOOGLE_CLOUD_LOCATION", "us-central1");
    if (kind != Kind.METADATA_SERVER && kind != Kind.EXPRESS_API_KEY) {
      cli.env.put("GOOGLE_CLOUD_PROJECT", "test-project");
    }
    List<String> flags = new ArrayList<>();
    Path keys = Files.createDirectories(dir.resolve("keys"));
    switch (kind) {
      case SERVICE_ACCOUNT_VARIABLE -> cli.env.put("GOOGLE_APPLICATION_CREDENTIALS", input(oauth.writeServiceAccountKey(keys)).toString());
      case SERVICE_ACCOUNT_FLAG -> flags.addAll(List.of("--credentials-file",
          dir.relativize(input(oauth.writeServiceAccountKey(keys))).toString()));
      case GCLOUD_UNDER_HOME -> {
        Path home = dir.resolve("home");
        input(oauth.writeGcloudCredentials(home));
        cli.env.put("HOME", home.toString());
      }
      case GCLOUD_UNDER_CLOUDSDK_CONFIG -> {
        Path file = input(oauth.writeGcloudCredentials(dir.resolve("elsewhere")));
        cli.env.put("CLOUDSDK_CONFIG", file.getParent().toString());
      }
      case METADATA_SERVER -> {
        cli.env.remove("NO_GCE_CHECK");
        cli.env.put("GCE_METADATA_HOST", oauth.metadataHost());
      }
      case ACCESS_TOKEN_VARIABLE -> cli.env.put("GOOGLE_OAUTH_ACCESS_TOKEN", oauth.issueAccessToken());
      case ACCESS_TOKEN_FILE -> {
        Path file = input(keys.resolve("token.txt"));
        Files.writeString(file, oauth.issueAccessToken() + "\n");
        flags.addAll(List.of("--access-token-file", "keys/token.txt"));
      }
      case ACCESS_TOKEN_STDIN -> {
        cli.stdin(oauth.issueAccessToken() + "\n");
        flags.addAll(List.of("--access-token-file", "-"));
      }
      case EXPRESS_API_KEY -> cli.env.put("GOOGLE_API_KEY", FakeGemini.DEFAULT_API_KEY);
      default -> throw new IllegalArgumentException(kind.toString());
    }
    return new Setup(cli, flags);
  }

  private Path input(Path file) {
    inputs.add(file);
    return file;
  }

  private void writeJobs(int count) throws IOException {
    StringBuilder yaml = new StringBuilder("model: gemini-3-pro-image\noutput_dir: out\njobs:\n");
    for (int i = 0; i < count; i++) {
      yaml.append("  - prompt: \"animal number ").append(i + 1).append("\"\n");
    }
    Files.writeString(dir.resolve("jobs.yaml"), yaml.toString());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void generateCompareAndBatchRunOnVertex(Kind kind) throws Exception {
    Setup setup = setup(kind);
    CliRun generate = setup.run("generate", "a red fox in fresh snow", "-m", "gemini-3-pro-image", "-o", "fox.png");
    assertThat(generate.exitCode()).as(generate.describe()).isZero();
    assertThat(dir.resolve("fox.png")).isNotEmptyFile();

    CliRun compare = setup.run("compare", "a lighthouse at dusk", "-m", "gemini-3-pro-image", "-m",
        "gemini-nano-banana-2.1", "--output-dir", "sheet");
    assertThat(compare.exitCode()).as(compare.describe()).isZero();
    assertThat(compare.out()).contains("2 panels").doesNotContain("without image");

    writeJobs(3);
    CliRun batch = setup.run("batch", "jobs.yaml", "--concurrency", "1");
    assertThat(batch.exitCode()).as(batch.describe()).isZero();
    try (Stream<Path> images = Files.list(dir.resolve("out"))) {
      assertThat(images.filter(p -> p.toString().endsWith(".png"))).hasSize(3);
    }

    List<RecordedRequest> sent = vertex.requests();
    assertThat(sent).hasSize(1 + 2 + 3);
    String paths = kind == Kind.EXPRESS_API_KEY ? EXPRESS_PATHS : PROJECT_PATHS;
    assertThat(sent).allSatisfy(r -> assertThat(r.path()).startsWith(paths));
    if (kind == Kind.EXPRESS_API_KEY) {
      assertThat(sent).allSatisfy(r -> {
        assertThat(r.header("x-goog-api-key")).hasValue(FakeGemini.DEFAULT_API_KEY);
        assertThat(r.header("Authorization")).isEmpty();
      });
    } else {
      assertThat(sent).allSatisfy(r -> {
        assertThat(r.header("Authorization")).hasValueSatisfying(a -> assertThat(a).startsWith("Bearer ya29."));
        assertThat(r.header("x-goog-api-key")).isEmpty();
      });
    }
    // Each command is a new process: one token per command for the kinds that fetch one.
    assertThat(oauth.grants()).containsExactlyElementsOf(
        kind.grant == null ? List.of() : List.of(kind.grant, kind.grant, kind.grant));
    assertNoSecretLeaked(secrets(sent), List.of(generate, compare, batch));
  }

  @ParameterizedTest
  @EnumSource(value = Kind.class, names = "EXPRESS_API_KEY", mode = EnumSource.Mode.EXCLUDE)
  void aTokenThatStopsBeingAcceptedMidBatchIsReplacedOnceOrReportedNeverRetriedInALoop(Kind kind) throws Exception {
    oauth.expireTokensAfterUses(2); // the third job's request meets Vertex AI's 401 UNAUTHENTICATED
    Setup setup = setup(kind);
    writeJobs(3);
    CliRun batch = setup.run("batch", "jobs.yaml", "--concurrency", "1");

    List<RecordedRequest> sent = vertex.requests();
    if (kind.renewable) {
      assertThat(batch.exitCode()).as(batch.describe()).isZero();
      assertThat(sent).as(batch.describe()).hasSize(4);
      assertThat(oauth.grants()).containsExactly(kind.grant, kind.grant);
      String first = bearer(sent.get(0));
      assertThat(bearer(sent.get(2))).isEqualTo(first);
      assertThat(bearer(sent.get(3))).isNotEqualTo(first);
      try (Stream<Path> images = Files.list(dir.resolve("out"))) {
        assertThat(images.filter(p -> p.toString().endsWith(".png"))).hasSize(3);
      }
    } else {
      // A supplied token cannot be renewed: the job fails with an auth error after one request.
      assertThat(batch.exitCode()).as(batch.describe()).isNotZero();
      assertThat(sent).as(batch.describe()).hasSize(3);
      assertThat(batch.out() + batch.err()).as(batch.describe()).contains("access token").contains("never refreshed")
          .doesNotContain(bearer(sent.get(0)));
    }
    assertNoSecretLeaked(secrets(sent), List.of(batch));
  }

  @Test
  void aRejectedSuppliedTokenIsAnAuthErrorThatNamesItsSourceButNotTheToken() throws Exception {
    Setup setup = setup(Kind.ACCESS_TOKEN_FILE);
    oauth.expireIssuedTokens();
    CliRun run = setup.run("generate", "a red fox in fresh snow", "-m", "gemini-3-pro-image", "-o", "fox.png");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.AUTH);
    assertThat(run.err()).as(run.describe()).contains("the access token from").contains("token.txt");
    assertThat(vertex.requestCount()).isEqualTo(1);
    assertNoSecretLeaked(secrets(vertex.requests()), List.of(run));
  }

  @Test
  void anEmptyTokenFileIsAUsageErrorBeforeAnythingIsSent() throws Exception {
    Setup setup = setup(Kind.ACCESS_TOKEN_STDIN);
    setup.cli().stdin("");
    CliRun run = setup.run("generate", "a red fox in fresh snow", "-m", "gemini-3-pro-image", "-o", "fox.png");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--access-token-file").contains("standard input");
    assertThat(vertex.requestCount()).isZero();
  }

  @Test
  void withNothingConfiguredTheErrorListsEveryPlaceLookedAt() throws Exception {
    Setup setup = setup(Kind.ACCESS_TOKEN_VARIABLE);
    setup.cli().env.remove("GOOGLE_OAUTH_ACCESS_TOKEN");
    CliRun run = setup.run("generate", "a red fox in fresh snow", "-m", "gemini-3-pro-image", "-o", "fox.png");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe())
        .contains("GOOGLE_OAUTH_ACCESS_TOKEN").contains("GOOGLE_APPLICATION_CREDENTIALS")
        .contains(dir.resolve("empty-home/.config/gcloud/application_default_credentials.json").toString())
        .contains("NO_GCE_CHECK").contains("gcloud auth application-default login").contains("--credentials-file");
    assertThat(vertex.requestCount()).isZero();
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"generate|-|the prompt -",
      "generate|--prompt-file -|--prompt-file -", "generate|a fox|--system-prompt @-",
      "generate|a fox {ANIMAL}|--var ANIMAL=@-", "compare|--prompt-file -|--prompt-file -",
      "compare|-|the prompt -"})
  void aTokenOnStandardInputWithAnotherInputFromItIsRefusedUpFrontNamingBoth(String line) throws Exception {
    String[] parts = line.split("\\|");
    Setup setup = setup(Kind.ACCESS_TOKEN_STDIN);
    List<String> args = new ArrayList<>(List.of(parts[0]));
    if (parts[1].startsWith("--")) {
      args.addAll(List.of(parts[1].split(" ")));
    } else {
      args.add(parts[1]);
    }
    if (parts[2].startsWith("--system-prompt") || parts[2].startsWith("--var")) {
      args.addAll(List.of(parts[2].split(" ")));
    }
    args.addAll(List.of("-m", "gemini-3-pro-image"));
    CliRun run = setup.run(args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).contains("--access-token-file -").contains(parts[2])
        .contains("standard input");
    assertThat(vertex.requestCount()).isZero();
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"edit|photo.png", "edit|20261206-120000-abcd",
      "edit|resume|20261206-120000-abcd"})
  void aTokenOnStandardInputIsRefusedUpFrontWhenEditReadsInstructionsFromIt(String line) throws Exception {
    Setup setup = setup(Kind.ACCESS_TOKEN_STDIN);
    Files.write(dir.resolve("photo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    CliRun run = setup.run(line.split("\\|"));

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).contains("--access-token-file -").contains("instructions read one per line")
        .contains("standard input");
    assertThat(vertex.requestCount()).isZero();
    assertThat(oauth.grants()).isEmpty();
  }

  @Test
  void editWithItsInstructionsOnTheCommandLineMayTakeTheTokenFromStandardInput() throws Exception {
    Setup setup = setup(Kind.ACCESS_TOKEN_STDIN);
    CliRun run = setup.run("edit", "resume", "20261206-120000-abcd", "make it blue");

    assertThat(run.err()).as(run.describe()).doesNotContain("both read standard input")
        .contains("no editing session '20261206-120000-abcd'");
  }

  @Test
  void aTokenOnStandardInputIsNeverTakenForAPipedPrompt() throws Exception {
    Setup setup = setup(Kind.ACCESS_TOKEN_STDIN);
    CliRun run = setup.run("generate", "-m", "gemini-3-pro-image", "-o", "fox.png");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).contains("nothing to generate from").contains("--access-token-file -");
    assertThat(vertex.requestCount()).isZero();
  }

  @Test
  void aTokenFileAnotherProcessRefreshedIsReadAgainAfterTheRejectionMidBatch() throws Exception {
    vertex.close();
    Path tokenFile = dir.resolve("keys/token.txt");
    java.util.concurrent.atomic.AtomicBoolean refreshed = new java.util.concurrent.atomic.AtomicBoolean();
    // When Vertex AI first rejects the token, "gcloud auth print-access-token > keys/token.txt" has just run.
    vertex = FakeGemini.start().vertex("test-project", token -> {
      boolean valid = oauth.isValid(token);
      if (!valid && refreshed.compareAndSet(false, true)) {
        try {
          Files.writeString(tokenFile, oauth.issueAccessToken() + "\n");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      return valid;
    });
    oauth.expireTokensAfterUses(2);
    Setup setup = setup(Kind.ACCESS_TOKEN_FILE);
    writeJobs(3);
    CliRun batch = setup.run("batch", "jobs.yaml", "--concurrency", "1");

    assertThat(batch.exitCode()).as(batch.describe()).isZero();
    List<RecordedRequest> sent = vertex.requests();
    assertThat(sent).hasSize(4);
    assertThat(bearer(sent.get(2))).isEqualTo(bearer(sent.get(0)));
    assertThat(bearer(sent.get(3))).isNotEqualTo(bearer(sent.get(0)))
        .isEqualTo(Files.readString(tokenFile).strip());
    assertThat(oauth.grants()).isEmpty();
    assertNoSecretLeaked(secrets(sent), List.of(batch));
  }

  private static String bearer(RecordedRequest r) {
    return r.header("Authorization").orElseThrow().substring("Bearer ".length());
  }

  /** The tokens and keys the requests carried. */
  private static Set<String> secrets(List<RecordedRequest> sent) {
    Set<String> secrets = new HashSet<>();
    for (RecordedRequest r : sent) {
      r.header("Authorization").ifPresent(a -> secrets.add(a.substring("Bearer ".length())));
      r.header("x-goog-api-key").ifPresent(secrets::add);
    }
    secrets.add(FakeGoogleOAuth.REFRESH_TOKEN);
    secrets.add(FakeGoogleOAuth.CLIENT_SECRET);
    return secrets;
  }

  /** No secret in the output, nor in any file the runs wrote (history, images, sheets, journals). */
  private void assertNoSecretLeaked(Set<String> secrets, List<CliRun> runs) throws IOException {
    assertThat(secrets).isNotEmpty();
    for (CliRun run : runs) {
      for (String secret : secrets) {
        assertThat(run.out() + run.err()).as(run.describe()).doesNotContain(secret);
      }
    }
    List<Path> written;
    try (Stream<Path> files = Files.walk(dir)) {
      written = files.filter(Files::isRegularFile).filter(f -> !inputs.contains(f)).toList();
    }
    assertThat(written).anyMatch(f -> f.getFileName().toString().equals("history.db"));
    for (Path file : written) {
      String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      for (String secret : secrets) {
        assertThat(bytes).as("%s must not hold a secret", dir.relativize(file)).doesNotContain(secret);
      }
    }
  }
}
