package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.history.BatchJobRecord;
import dev.darkroom.history.BatchJournal;
import dev.darkroom.history.History;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C, simulated in-process: the shutdown hook's {@link InterruptNotice#interrupted()} is called
 * while the fake holds the request, and the command must say what was sent and how to pick it up.
 */
@ExtendWith(FakeGeminiExtension.class)
class InterruptTest {
  @TempDir Path dir;

  /** Starts {@code args}, waits until the fake has received a request, interrupts, and lets it finish. */
  private static CliRun interruptOnFirstRequest(Cli cli, FakeGemini fake, String... args) throws Exception {
    fake.latency(Duration.ofMillis(1500));
    CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> cli.run(args));
    assertThat(fake.takeRequest(Duration.ofSeconds(30))).as("a request reached the fake").isPresent();
    cli.interrupts.interrupted();
    return running.get(60, TimeUnit.SECONDS);
  }

  @Test
  void generateSaysItWasInterruptedMayBeBilledAndItsHistoryId(FakeGemini fake) throws Exception {
    Cli cli = Cli.against(fake, dir);

    CliRun run = interruptOnFirstRequest(cli, fake, "generate", "a red fox", "-m", "gemini-3-pro-image");

    assertThat(run.err()).as(run.describe())
        .contains("darkroom: interrupted; 1 call had been sent and may be billed; history #1")
        .contains("darkroom history show 1");
  }

  @Test
  void afterTheCommandEndsAnInterruptSaysNothing(FakeGemini fake) {
    Cli cli = Cli.against(fake, dir);
    CliRun run = cli.run("generate", "a red fox", "-m", "gemini-3-pro-image");

    cli.interrupts.interrupted();

    assertThat(run.err()).as(run.describe()).doesNotContain("interrupted");
  }

  @Test
  void batchInJsonLinesPrintsTheRunIdAndHowToResume(FakeGemini fake) throws Exception {
    Files.writeString(dir.resolve("jobs.yaml"), """
        model: gemini-2.5-flash-image
        output_dir: out
        jobs:
          - prompt: "A fox"
            output: fox.png
          - prompt: "A whale"
            output: whale.png
        """);
    Cli cli = Cli.against(fake, dir);

    CliRun run = interruptOnFirstRequest(cli, fake, "batch", "jobs.yaml", "--concurrency", "1", "--json");

    JsonNode interrupted = run.err().lines().filter(l -> l.contains("\"interrupted\"")).findFirst()
        .map(l -> {
          try {
            return Json.MAPPER.readTree(l);
          } catch (Exception e) {
            throw new AssertionError(l, e);
          }
        }).orElseThrow(() -> new AssertionError(run.describe()));
    String runId = run.json().get("runId").asText();
    assertThat(interrupted.get("runId").asText()).isEqualTo(runId);
    assertThat(interrupted.get("resume").asText()).isEqualTo("darkroom batch resume " + runId);
  }

  @Test
  void statusOfAKilledRunWhoseJobsALaterRunDidIsNotRunningWithPendingJobs(FakeGemini fake) throws Exception {
    Files.writeString(dir.resolve("jobs.yaml"), """
        model: gemini-2.5-flash-image
        output_dir: out
        jobs:
          - prompt: "A fox"
            output: fox.png
          - prompt: "A whale"
            output: whale.png
        """);
    Cli cli = Cli.against(fake, dir);
    CliRun later = cli.run("batch", "jobs.yaml", "--json");
    assertThat(later.exitCode()).as(later.describe()).isZero();
    String laterRun = later.json().get("runId").asText();
    // The killed run: journaled with the same jobs, all still pending, its process gone (kill -9).
    try (History history = History.open(cli.historyDb())) {
      BatchJournal journal = history.batchJournal();
      List<BatchJournal.PlannedJob> planned = journal.jobs(laterRun).stream()
          .map((BatchJobRecord j) -> new BatchJournal.PlannedJob(j.key(), j.index(), j.name(), j.outputPath()))
          .toList();
      journal.startRun("killed-run", dir.resolve("jobs.yaml"), "0".repeat(64), "direct", "{}", planned);
    }

    CliRun text = cli.run("batch", "status", "killed-run");
    CliRun json = cli.run("batch", "status", "killed-run", "--json");

    assertThat(text.exitCode()).as(text.describe()).isZero();
    assertThat(text.out()).as(text.describe()).doesNotContain("running").contains("finished")
        .contains("2 done").contains("0 pending").contains("done by later runs: " + laterRun);
    assertThat(json.json().get("state").asText()).isEqualTo("FINISHED");
    assertThat(json.json().get("pending").asInt()).isZero();
    assertThat(json.json().get("doneByOtherRuns").asInt()).isEqualTo(2);
  }
}
