package dev.darkroom.bench;

import dev.darkroom.Darkroom;
import dev.darkroom.ImageRequest;
import dev.darkroom.RetryPolicy;
import dev.darkroom.swarmui.SwarmOptions;
import dev.darkroom.testkit.FakeSwarmUI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Throughput of the SwarmUI provider at concurrency 1, 4 and 8 against one FakeSwarmUI with {@value #BACKENDS}
 * simulated backends (each runs one image at a time, {@value #STEPS} sampler steps of {@value #STEP_MS} ms, so the
 * fake does at most BACKENDS × 1000 / (STEPS × STEP_MS) jobs a second), and the client's per-job cost against a
 * fake with no step latency.
 *
 * <pre>
 * java -cp darkroom-bench/target/darkroom-bench.jar dev.darkroom.bench.SwarmPoolBench [--rounds N]
 * </pre>
 *
 * Everything runs in this JVM: the fake is in-process, on loopback. Concurrency N means N worker threads take
 * one-image jobs from one queue (as {@code darkroom batch --concurrency N} does) through one {@code Darkroom}
 * client whose own limit is N; SwarmUI, not Darkroom, spreads them over its backends.
 */
public final class SwarmPoolBench {
  static final int BACKENDS = 4;
  static final int STEPS = 10;
  static final int STEP_MS = 20;
  private static final int JOBS = 48;
  private static final int OVERHEAD_JOBS = 200;
  private static final String MODEL = "swarmui:OfficialStableDiffusion/sd_xl_base_1.0";

  private SwarmPoolBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length == 2 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 3;
    System.out.print(report(rounds));
  }

  /** Runs every case {@code rounds} times and returns a Markdown section. */
  static String report(int rounds) throws Exception {
    StringBuilder out = new StringBuilder();
    out.append("| concurrency | jobs | median wall (s) | jobs/s | capacity jobs/s | of capacity | peak busy backends |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    for (int concurrency : List.of(1, 4, 8)) {
      List<Double> walls = new ArrayList<>();
      int peak = 0;
      for (int r = 0; r < rounds; r++) {
        Run run = run(concurrency);
        walls.add(run.wallSeconds);
        peak = Math.max(peak, run.peakBusy);
      }
      double wall = median(walls);
      double rate = JOBS / wall;
      double capacity = Math.min(concurrency, BACKENDS) * 1000.0 / (STEPS * STEP_MS);
      out.append(String.format(Locale.ROOT, "| %d | %d | %.2f | %.2f | %.2f | %.0f %% | %d |%n", concurrency, JOBS,
          wall, rate, capacity, 100 * rate / capacity, peak));
    }
    List<Double> perJob = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      perJob.add(overheadRun());
    }
    out.append(String.format(Locale.ROOT, "%nPer-job round trip, one backend with no step latency, 1 step, 256x256,"
        + " jobs one after another (%d jobs, median of %d rounds): %.1f ms%n", OVERHEAD_JOBS, rounds, median(perJob)));
    return out.toString();
  }

  private record Run(double wallSeconds, int peakBusy) {}

  /** {@value #JOBS} one-image jobs taken by {@code concurrency} workers from one queue. */
  private static Run run(int concurrency) throws Exception {
    try (FakeSwarmUI swarm = FakeSwarmUI.builder().backends(BACKENDS).stepLatency(Duration.ofMillis(STEP_MS)).start();
        Darkroom client = client(swarm, concurrency)) {
      ImageRequest request = ImageRequest.builder().model(MODEL).prompt("a harbour at dawn").size("512x512")
          .options(SwarmOptions.builder().steps(STEPS).build()).build();
      client.generate(request); // warm-up: session, ListT2IParams, connections
      ExecutorService workers = Executors.newFixedThreadPool(concurrency);
      try {
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
          done.add(workers.submit(() -> client.generate(request)));
        }
        for (Future<?> f : done) {
          f.get();
        }
        return new Run((System.nanoTime() - start) / 1e9, swarm.peakBusyBackends());
      } finally {
        workers.shutdownNow();
      }
    }
  }

  /** Mean milliseconds per job, sequential, against a fake with no latency. */
  private static double overheadRun() throws Exception {
    try (FakeSwarmUI swarm = FakeSwarmUI.start(); Darkroom client = client(swarm, 1)) {
      ImageRequest request = ImageRequest.builder().model(MODEL).prompt("a harbour at dawn").size("256x256")
          .options(SwarmOptions.builder().steps(1).build()).build();
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

  private static Darkroom client(FakeSwarmUI swarm, int concurrency) {
    return Darkroom.builder().env(Map.of()).setting("swarmui.baseUrl", swarm.baseUrl())
        .retryPolicy(RetryPolicy.none()).maxConcurrency(Math.max(1, concurrency)).build();
  }

  private static double median(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    s.sort(Double::compare);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
