package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
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

@ExtendWith(FakeGeminiExtension.class)
class BatchCommandTest {
  @TempDir Path dir;

  @BeforeEach
  void jobs() throws IOException {
    Files.writeString(dir.resolve("pokemon.csv"), "number,name\n025,Pikachu\n007,Squirtle\n133,Eevee\n");
    Files.writeString(dir.resolve("pokemon.yaml"), """
        model: gemini-2.5-flash-image
        aspect_ratio: "1:1"
        output_dir: out
        jobs:
          - name: pokemon
            prompt: "Create an image of Pokémon #{number} {name} in a {style} style."
            data: pokemon.csv
            matrix: {style: [watercolor, ukiyo-e]}
            output: "{number}-{name}-{style}.png"
        """);
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
  void dryRunCountsJobsAndEstimatesBothPricesWithoutSending(FakeGemini fake) throws IOException {
    CliRun run = Cli.against(fake, dir).run("batch", "pokemon.yaml", "--dry-run");
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).contains("pokemon.yaml: 6 jobs with gemini-2.5-flash-image")
        .contains("1. 025-Pikachu-watercolor.png  Create an image of Pokémon #025 Pikachu in a watercolor style.")
        .contains("estimated cost: $0.232 standard, $0.116 with --via batch-api").contains("nothing was sent");
    assertThat(fake.requestCount()).isZero();
    assertThat(images()).isZero();
  }

  @Test
  void runsTheFileThenARerunSkipsEverything(FakeGemini fake) throws IOException {
    Cli cli = Cli.against(fake, dir);
    CliRun first = cli.run("batch", "pokemon.yaml", "--concurrency", "3");
    assertThat(first.exitCode()).as(first.describe()).isZero();
    assertThat(first.out()).contains(": 6 done, 0 failed of 6; spent $0.2");
    assertThat(images()).isEqualTo(6);
    assertThat(first.err()).contains("\"event\":\"start\"").contains("\"event\":\"done\"");

    CliRun history = cli.run("history", "--json");
    assertThat(history.out()).contains(runId(first));

    CliRun again = cli.run("batch", "pokemon.yaml");
    assertThat(again.exitCode()).as(again.describe()).isZero();
    assertThat(again.out()).contains("0 done, 0 failed, 6 already done of 6");
    assertThat(fake.requestCount()).isEqualTo(6);

    CliRun status = cli.run("batch", "status", runId(first));
    assertThat(status.out()).as(status.describe()).contains("6 done, 0 failed, 0 waiting in a batch, 0 pending, of 6");
  }

  @Test
  void aBadJobFileFailsBeforeAnythingIsSentNamingJobAndField(FakeGemini fake) throws IOException {
    Files.writeString(dir.resolve("bad.yaml"), """
        jobs:
          - name: pokemon
            prompt: "Pokémon {name} as a {style}"
            data: pokemon.csv
            output: "{number}.png"
        """);
    CliRun run = Cli.against(fake, dir).run("batch", "bad.yaml");
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).startsWith("darkroom: 3 problems in the plan; nothing was sent:\n")
        .contains("\n  bad.yaml: job 1 (\"pokemon\") (row 1 of pokemon.csv): field 'prompt':"
        + " uses {style} but no variable 'style' is defined")
        .contains("\n  bad.yaml: job 1 (\"pokemon\") (row 3 of pokemon.csv): field 'prompt'");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void oneBadModelInTheLastJobSendsNothingAndNamesTheClosest(FakeGemini fake) throws IOException {
    Files.writeString(dir.resolve("typo.yaml"), """
        jobs:
          - prompt: A lemon
            model: gemini-3-pro-image
          - prompt: A pear
            model: gemini-3-pro-imag
        """);
    CliRun run = Cli.against(fake, dir).run("batch", "typo.yaml");
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).contains("typo.yaml: job 2")
        .contains("unknown model 'gemini-3-pro-imag'; did you mean gemini-3-pro-image?");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void severalBadJobsAreListedInOneMessage(FakeGemini fake) throws IOException {
    Files.writeString(dir.resolve("two.yaml"), """
        jobs:
          - prompt: A lemon
            model: gemini-3-pro-imag
          - prompt: A plum
          - prompt: A pear
            aspect_ratio: "7:3"
        """);
    CliRun run = Cli.against(fake, dir).run("batch", "two.yaml", "--dry-run");
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).startsWith("darkroom: 2 problems in the plan; nothing was sent:\n")
        .contains("\n  two.yaml: job 1").contains("did you mean gemini-3-pro-image?")
        .contains("\n  two.yaml: job 3").contains("'7:3'");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void refusesAnEstimateOverTheCostLimit(FakeGemini fake) {
    CliRun run = Cli.against(fake, dir).run("batch", "pokemon.yaml", "--max-cost", "0.10");
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("estimated cost is $0.23").contains("over the limit of $0.1");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void theBatchApiRunsTheSameFileAtHalfTheCostAndStatusResumeAndCancelWorkFromLaterProcesses(FakeGemini fake)
      throws IOException {
    Cli cli = Cli.against(fake, dir);
    CliRun direct = cli.run("batch", "pokemon.yaml", "--json", "--output-dir", "direct");
    BigDecimal directCost = new BigDecimal(direct.json().path("spentUsd").asText());

    CliRun viaBatch = cli.run("batch", "pokemon.yaml", "--via", "batch-api", "--json");
    assertThat(viaBatch.exitCode()).as(viaBatch.describe()).isZero();
    JsonNode summary = viaBatch.json();
    assertThat(summary.path("done").asInt()).isEqualTo(6);
    assertThat(new BigDecimal(summary.path("spentUsd").asText()))
        .isCloseTo(directCost.divide(BigDecimal.valueOf(2)), org.assertj.core.data.Offset.offset(new BigDecimal("0.000001")));
    assertThat(viaBatch.err()).contains("\"event\":\"batch\"").contains("\"state\":\"SUCCEEDED\"");
    assertThat(images()).isEqualTo(6);

    try (Stream<Path> s = Files.list(dir.resolve("out"))) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    CliRun submitted = cli.run("batch", "pokemon.yaml", "--via", "batch-api", "--no-wait");
    assertThat(submitted.out()).as(submitted.describe()).contains("submitted batches/");
    String runId = runId(submitted);
    CliRun status = cli.run("batch", "status", runId);
    assertThat(status.out()).as(status.describe()).contains("6 waiting in a batch").contains(": RUNNING");
    CliRun cancel = cli.run("batch", "cancel", runId);
    assertThat(cancel.out()).as(cancel.describe()).contains("cancelled batches/");
    CliRun resume = cli.run("batch", "resume", runId);
    assertThat(resume.exitCode()).as(resume.describe()).isZero();
    assertThat(resume.out()).contains("6 done");
    assertThat(images()).isEqualTo(6);
  }

  @Test
  void unknownRunsAreUsageErrors(FakeGemini fake) {
    CliRun run = Cli.against(fake, dir).run("batch", "resume", "no-such-run");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("no batch run no-such-run");
  }
}
