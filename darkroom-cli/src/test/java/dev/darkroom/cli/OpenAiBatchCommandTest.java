package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.testkit.FakeOpenAI;
import dev.darkroom.testkit.FakeOpenAIExtension;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code darkroom batch --via batch-api} with an OpenAI model, by a user with only an OpenAI key. */
@ExtendWith(FakeOpenAIExtension.class)
class OpenAiBatchCommandTest {
  @TempDir Path dir;

  @BeforeEach
  void jobs() throws IOException {
    Files.writeString(dir.resolve("icons.yaml"), """
        model: gpt-image-2
        size: 1024x1024
        output_dir: out
        jobs:
          - prompt: "A flat {animal} icon"
            matrix: {animal: [fox, owl, hare]}
            output: "{animal}.png"
        """);
  }

  private Cli cli(FakeOpenAI fake) {
    Cli cli = new Cli(dir);
    cli.env.put("OPENAI_API_KEY", FakeOpenAI.DEFAULT_API_KEY);
    cli.env.put("OPENAI_BASE_URL", fake.baseUrl());
    return cli;
  }

  private long images() throws IOException {
    Path out = dir.resolve("out");
    if (!Files.isDirectory(out)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(p -> p.toString().endsWith(".png")).count();
    }
  }

  private static String runId(CliRun run) {
    Matcher m = Pattern.compile("run (\\S+):").matcher(run.out());
    assertThat(m.find()).as(run.describe()).isTrue();
    return m.group(1);
  }

  @Test
  void theBatchApiRunsAnOpenAiFileAtHalfTheCostAndStatusCancelResumeWorkFromLaterProcesses(FakeOpenAI fake)
      throws IOException {
    Cli cli = cli(fake);
    CliRun direct = cli.run("batch", "icons.yaml", "--json", "--output-dir", "direct");
    assertThat(direct.exitCode()).as(direct.describe()).isZero();
    BigDecimal directCost = new BigDecimal(direct.json().path("spentUsd").asText());

    CliRun viaBatch = cli.run("batch", "icons.yaml", "--via", "batch-api", "--json");
    assertThat(viaBatch.exitCode()).as(viaBatch.describe()).isZero();
    JsonNode summary = viaBatch.json();
    assertThat(summary.path("done").asInt()).isEqualTo(3);
    assertThat(new BigDecimal(summary.path("spentUsd").asText())).isEqualByComparingTo(
        directCost.divide(BigDecimal.valueOf(2)));
    assertThat(viaBatch.err()).contains("\"event\":\"batch\"").contains("\"state\":\"SUCCEEDED\"")
        .contains("\"providerState\":\"completed\"");
    assertThat(images()).isEqualTo(3);
    assertThat(fake.requests()).anySatisfy(r -> assertThat(r.path()).isEqualTo("/v1/files"));

    try (Stream<Path> s = Files.list(dir.resolve("out"))) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    CliRun submitted = cli.run("batch", "icons.yaml", "--via", "batch-api", "--no-wait");
    assertThat(submitted.exitCode()).as(submitted.describe()).isZero();
    assertThat(submitted.out()).as(submitted.describe()).contains("submitted openai:batch_");
    String runId = runId(submitted);

    CliRun status = cli.run("batch", "status", runId);
    assertThat(status.exitCode()).as(status.describe()).isZero();
    assertThat(status.out()).as(status.describe()).contains("3 waiting in a batch")
        .contains(": RUNNING (in_progress)");

    CliRun cancel = cli.run("batch", "cancel", runId);
    assertThat(cancel.exitCode()).as(cancel.describe()).isZero();
    assertThat(cancel.out()).as(cancel.describe()).contains("cancelled openai:batch_");
    CliRun afterCancel = cli.run("batch", "status", runId, "--json");
    assertThat(afterCancel.json().path("pending").asInt()).as(afterCancel.describe()).isEqualTo(3);
    assertThat(afterCancel.json().at("/batches/0/providerState").asText()).isIn("cancelling", "cancelled");

    CliRun resume = cli.run("batch", "resume", runId);
    assertThat(resume.exitCode()).as(resume.describe()).isZero();
    assertThat(resume.out()).as(resume.describe()).contains("3 done");
    assertThat(images()).isEqualTo(3);
  }

  @Test
  void aModelWithoutABatchPriceIsRefusedBeforeAnythingIsSent(FakeOpenAI fake) throws IOException {
    Files.writeString(dir.resolve("models.json"), """
        {"models": [{"id": "gpt-image-2", "pricing": {"inputPerMillion": 5.0, "imageInputPerMillion": 8.0,
          "textOutputPerMillion": 30.0, "imageOutputPerMillion": 30.0, "confirmed": true}}]}
        """);
    Cli cli = cli(fake);
    cli.env.put("DARKROOM_MODELS", dir.resolve("models.json").toString());
    CliRun run = cli.run("batch", "icons.yaml", "--via", "batch-api");
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("not offered through OpenAI's Batch API").contains("send it directly");
    assertThat(fake.requestCount()).isZero();
  }
}
