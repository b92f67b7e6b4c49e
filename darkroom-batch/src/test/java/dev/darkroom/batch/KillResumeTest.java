package dev.darkroom.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.Darkroom;
import dev.darkroom.ModelCatalog;
import dev.darkroom.history.BatchJobRecord;
import dev.darkroom.history.BatchJobStatus;
import dev.darkroom.history.History;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a batch run with SIGKILL halfway (a real child JVM), resumes it in this JVM, and checks that
 * every image exists exactly once and that only the requests in flight at the kill were paid twice.
 */
class KillResumeTest {
  private static final int CONCURRENCY = 4;
  @TempDir Path dir;

  @Test
  void killNineHalfwayThenResumeGivesEveryImageExactlyOnce() throws Exception {
    Files.writeString(dir.resolve("jobs.yaml"), """
        model: gemini-2.5-flash-image
        output_dir: out
        prompt: "A {animal} painted in {style}"
        matrix:
          animal: [fox, owl, hare, wolf, lynx, stag]
          style: [ink, oil, pastel, charcoal]
        output: "{animal}-{style}.png"
        """);
    Path db = dir.resolve("home/history.db");
    String runId = "kill-test-run";
    try (FakeGemini fake = FakeGemini.start().latency(Duration.ofMillis(250))) {
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true", BatchChildMain.class.getName(),
          fake.baseUrl(), dir.resolve("jobs.yaml").toString(), db.toString(), runId, Integer.toString(CONCURRENCY))
          .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (images().size() < 10 && System.nanoTime() < deadline && child.isAlive()) {
        Thread.sleep(20);
      }
      assertThat(child.isAlive()).as("child still running; log:\n" + Files.readString(dir.resolve("child.log"))).isTrue();
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      int savedAtKill = images().size();
      assertThat(savedAtKill).isBetween(10, 23);

      try (History history = History.open(db);
          Darkroom darkroom = Darkroom.builder().setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY).setting("gemini.baseUrl", fake.baseUrl()).build()) {
        BatchRunner runner = BatchRunner.builder().darkroom(darkroom).history(history).concurrency(CONCURRENCY).build();
        BatchSummary resumed = runner.run(JobFile.plan(dir.resolve("jobs.yaml"), ModelCatalog.builtIn()), runId);

        assertThat(resumed.alreadyDone() + resumed.adopted() + resumed.done()).isEqualTo(24);
        assertThat(resumed.failures()).isEmpty();
        assertThat(history.batchJournal().jobs(runId)).hasSize(24).extracting(BatchJobRecord::status)
            .containsOnly(BatchJobStatus.DONE);
      }
      List<String> files = images();
      assertThat(files).hasSize(24).doesNotHaveDuplicates().allMatch(f -> f.matches("[a-z]+-[a-z]+\\.png"));

      Map<String, Integer> seen = new HashMap<>();
      for (RecordedRequest r : fake.requests()) {
        if (r.path().endsWith(":generateContent")) {
          seen.merge(r.json().at("/contents/0/parts/0/text").asText(), 1, Integer::sum);
        }
      }
      assertThat(seen).hasSize(24);
      long paidTwice = seen.values().stream().filter(n -> n > 1).count();
      assertThat(paidTwice).as("prompts sent twice (at most the %d in flight at the kill)", CONCURRENCY)
          .isLessThanOrEqualTo(CONCURRENCY);
    }
  }

  private List<String> images() throws Exception {
    Path out = dir.resolve("out");
    if (!Files.isDirectory(out)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(out)) {
      return new ArrayList<>(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted().toList());
    }
  }
}
