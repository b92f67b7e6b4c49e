package dev.darkroom.bench;

import dev.darkroom.Darkroom;
import dev.darkroom.DarkroomException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.Provenance;
import dev.darkroom.batch.BatchListener;
import dev.darkroom.batch.BatchPlan;
import dev.darkroom.batch.BatchRunner;
import dev.darkroom.batch.BatchSummary;
import dev.darkroom.batch.JobFile;
import dev.darkroom.history.BatchJobStatus;
import dev.darkroom.history.History;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The batch-run benchmark: 200 jobs against FakeGemini with 2 s latency per image and a 60 RPM
 * limit (real 429s with RetryInfo), at concurrency 8 and at 1, through {@link BatchRunner} with
 * {@code requestsPerMinute(60)}. Reports throughput against the limit, 429s, duplicate paid
 * requests and lost images, as a Markdown table.
 *
 * <p>{@code java -cp darkroom-bench/target/darkroom-bench.jar dev.darkroom.bench.BatchBench [--jobs 200] [--latency-ms 2000] [--rpm 60] [--concurrency 8,1]}
 */
public final class BatchBench {
  private BatchBench() {}

  public static void main(String[] args) throws Exception {
    int jobs = 200;
    long latencyMs = 2000;
    int rpm = 60;
    String concurrencies = "8,1";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--jobs" -> jobs = Integer.parseInt(args[i + 1]);
        case "--latency-ms" -> latencyMs = Long.parseLong(args[i + 1]);
        case "--rpm" -> rpm = Integer.parseInt(args[i + 1]);
        case "--concurrency" -> concurrencies = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.println("| concurrency | jobs | wall time | throughput | of the " + rpm + " RPM limit | 429s | duplicate paid requests | lost images |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (String c : concurrencies.split(",")) {
      System.out.println(run(jobs, latencyMs, rpm, Integer.parseInt(c.trim())));
    }
  }

  private static String run(int jobs, long latencyMs, int rpm, int concurrency) throws Exception {
    Path dir = Files.createTempDirectory("darkroom-batch-bench");
    int subjects = (jobs + 9) / 10;
    StringBuilder list = new StringBuilder();
    for (int i = 1; i <= subjects; i++) {
      list.append(i == 1 ? "" : ", ").append("subject").append(i);
    }
    Files.writeString(dir.resolve("jobs.yaml"), "model: gemini-2.5-flash-image\noutput_dir: out\n"
        + "prompt: \"A {subject} in style {style}\"\nmatrix:\n  subject: [" + list + "]\n"
        + "  style: [s1, s2, s3, s4, s5, s6, s7, s8, s9, s10]\noutput: \"{subject}-{style}.png\"\n");
    AtomicInteger rateLimited = new AtomicInteger();
    try (FakeGemini fake = FakeGemini.start().latency(Duration.ofMillis(latencyMs)).rateLimitPerMinute(rpm);
        History history = History.open(dir.resolve("history.db"));
        Darkroom darkroom = Darkroom.builder().setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY).setting("gemini.baseUrl", fake.baseUrl()).build()) {
      BatchPlan plan = JobFile.plan(dir.resolve("jobs.yaml"), ModelCatalog.builtIn());
      List<?> selected = plan.jobs().subList(0, Math.min(jobs, plan.jobs().size()));
      if (selected.size() != jobs) {
        throw new IllegalStateException("expected " + jobs + " jobs");
      }
      BatchRunner runner = BatchRunner.builder().darkroom(darkroom).history(history).concurrency(concurrency)
          .requestsPerMinute(rpm).listener(new BatchListener() {
            @Override
            public void onPause(Duration delay, DarkroomException cause) {
              rateLimited.incrementAndGet();
            }
          }).build();
      long start = System.nanoTime();
      BatchSummary summary = runner.run(plan);
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, Integer> prompts = new HashMap<>();
      int generateRequests = 0;
      for (RecordedRequest r : fake.requests()) {
        if (r.path().endsWith(":generateContent")) {
          generateRequests++;
          prompts.merge(r.json().at("/contents/0/parts/0/text").asText(), 1, Integer::sum);
        }
      }
      int paid = generateRequests - rateLimited.get();
      int duplicatePaid = paid - prompts.size();
      long onDisk;
      try (Stream<Path> s = Files.list(dir.resolve("out"))) {
        onDisk = s.filter(p -> Provenance.read(p).isPresent()).count();
      }
      long journaled = history.batchJournal().jobs(summary.runId()).stream()
          .filter(j -> j.status() == BatchJobStatus.DONE && Files.exists(j.outputPath())).count();
      long lost = jobs - Math.min(onDisk, journaled);
      double perMinute = jobs / seconds * 60;
      return String.format(Locale.ROOT, "| %d | %d | %.1f s | %.1f images/min | %.0f%% | %d | %d | %d |",
          concurrency, jobs, seconds, perMinute, 100 * perMinute / rpm, rateLimited.get(), duplicatePaid, lost);
    }
  }
}
