package dev.darkroom.bench;

import dev.darkroom.Darkroom;
import dev.darkroom.ImageRequest;
import dev.darkroom.RetryPolicy;
import dev.darkroom.comfyui.ComfyOptions;
import dev.darkroom.testkit.FakeComfyUI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Throughput of the ComfyUI provider over a pool of 1, 2 and 4 FakeComfyUI engines (each runs one job at a time,
 * {@value #STEPS} sampler steps of {@value #STEP_MS} ms, so one engine does at most 1000 / (STEPS × STEP_MS) jobs a
 * second), and the client's per-job cost against an engine with no step latency.
 *
 * <pre>
 * java -cp darkroom-bench/target/darkroom-bench.jar dev.darkroom.bench.ComfyPoolBench [--rounds N]
 * </pre>
 *
 * Everything runs in this JVM: the engines are in-process fakes on loopback.
 */
public final class ComfyPoolBench {
  static final int STEPS = 10;
  static final int STEP_MS = 20;
  private static final int JOBS_PER_ENGINE = 12;
  private static final int OVERHEAD_JOBS = 200;

  private ComfyPoolBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length == 2 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 3;
    System.out.print(report(rounds));
  }

  /** Runs every case {@code rounds} times and returns a Markdown section. */
  static String report(int rounds) throws Exception {
    StringBuilder out = new StringBuilder();
    out.append("| engines | jobs | median wall (s) | jobs/s | ideal jobs/s | of linear |\n");
    out.append("|---|---|---|---|---|---|\n");
    double one = 0;
    for (int engines : List.of(1, 2, 4)) {
      List<Double> walls = new ArrayList<>();
      int jobs = JOBS_PER_ENGINE * engines;
      for (int r = 0; r < rounds; r++) {
        walls.add(poolRun(engines, jobs));
      }
      double wall = median(walls);
      double rate = jobs / wall;
      if (engines == 1) {
        one = rate;
      }
      double ideal = engines * 1000.0 / (STEPS * STEP_MS);
      out.append(String.format(Locale.ROOT, "| %d | %d | %.2f | %.2f | %.2f | %.0f %% |%n", engines, jobs, wall, rate,
          ideal, 100 * rate / (engines * one)));
    }
    List<Double> perJob = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      perJob.add(overheadRun());
    }
    out.append(String.format(Locale.ROOT, "%nPer-job round trip, one engine with no step latency, 1 step, jobs one"
        + " after another (%d jobs, median of %d rounds): %.1f ms%n", OVERHEAD_JOBS, rounds, median(perJob)));
    return out.toString();
  }

  /** Wall seconds for {@code jobs} one-image jobs submitted at once over {@code engines} engines. */
  private static double poolRun(int engines, int jobs) throws Exception {
    List<FakeComfyUI> fakes = new ArrayList<>();
    try {
      List<String> urls = new ArrayList<>();
      for (int i = 0; i < engines; i++) {
        FakeComfyUI f = FakeComfyUI.builder().stepLatency(Duration.ofMillis(STEP_MS)).start().recordBodies(false);
        fakes.add(f);
        urls.add(f.baseUrl());
      }
      try (Darkroom client = client(urls, jobs)) {
        ImageRequest request = ImageRequest.builder().model("comfyui:sd_xl_base_1.0.safetensors")
            .prompt("a harbour at dawn").size("512x512").options(ComfyOptions.builder().steps(STEPS).build()).build();
        client.generate(request); // warm-up: connections, object_info
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        try {
          long start = System.nanoTime();
          List<Future<?>> done = new ArrayList<>();
          for (int i = 0; i < jobs; i++) {
            done.add(pool.submit(() -> client.generate(request)));
          }
          for (Future<?> f : done) {
            f.get();
          }
          return (System.nanoTime() - start) / 1e9;
        } finally {
          pool.shutdownNow();
        }
      }
    } finally {
      fakes.forEach(FakeComfyUI::close);
    }
  }

  /** Mean milliseconds per job, sequential, against an engine with no latency. */
  private static double overheadRun() throws Exception {
    try (FakeComfyUI f = FakeComfyUI.start().recordBodies(false);
        Darkroom client = client(List.of(f.baseUrl()), 1)) {
      ImageRequest request = ImageRequest.builder().model("comfyui:sd_xl_base_1.0.safetensors")
          .prompt("a harbour at dawn").size("256x256").options(ComfyOptions.builder().steps(1).build()).build();
      for (int i = 0; i < 50; i++) {
        client.generate(request);
      }
      long start = System.nanoTime();
      for (int i = 0; i < OVERHEAD_JOBS; i++) {
        client.generate(request);
      }
      return (System.nanoTime() - start) / 1e6 / OVERHEAD_JOBS;
    }
  }

  private static Darkroom client(List<String> urls, int concurrency) {
    return Darkroom.builder().env(Map.of()).setting("comfyui.engines", String.join(",", urls))
        .retryPolicy(RetryPolicy.none()).maxConcurrency(Math.max(1, concurrency)).build();
  }

  private static double median(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    s.sort(Double::compare);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
