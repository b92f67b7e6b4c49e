package dev.darkroom.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole comparison and writes a Markdown report.
 *
 * <pre>
 * java -jar darkroom-bench/target/darkroom-bench.jar [all|clients|heap|jmh|grid|cli]
 *     [--rounds N] [--quick] [--root DIR] [--out FILE]
 * </pre>
 *
 * Every measured client runs in its own JVM (same Java as this one) against one fake server in a
 * further JVM, so neither sees the other's allocations or JIT state.
 */
public final class BenchMain {
  private static final List<String> CLIENTS = List.of("darkroom", "sdk");

  private final Map<String, String> options = new LinkedHashMap<>();
  private final StringBuilder report = new StringBuilder();
  private final boolean quick;
  private final int rounds;
  private final Path root;

  private BenchMain(String[] args) {
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--quick")) {
        options.put("quick", "true");
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        options.put(args[i].substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
    }
    quick = options.containsKey("quick");
    rounds = Integer.parseInt(options.getOrDefault("rounds", quick ? "1" : "3"));
    root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
  }

  public static void main(String[] args) throws Exception {
    String what = args.length == 0 ? "all" : args[0];
    if (what.equals("-h") || what.equals("--help")) {
      System.out.println("usage: java -jar darkroom-bench.jar [all|clients|heap|jmh|grid|cli]"
          + " [--rounds N] [--quick] [--root REPO_DIR] [--out FILE]");
      return;
    }
    BenchMain bench = new BenchMain(args);
    bench.machine();
    boolean all = what.equals("all");
    if (all || what.equals("clients")) {
      bench.clients();
    }
    if (all || what.equals("heap")) {
      bench.minimumHeap();
    }
    if (all || what.equals("jmh")) {
      bench.jmh();
    }
    if (all || what.equals("grid")) {
      bench.gridCold();
    }
    if (all || what.equals("cli")) {
      bench.cli();
    }
    Path out = Path.of(bench.options.getOrDefault("out", "darkroom-bench/target/bench-results.md"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, bench.report, StandardCharsets.UTF_8);
    System.out.println();
    System.out.println(bench.report);
    System.out.println("(written to " + out.toAbsolutePath() + ")");
  }

  private void line(String s) {
    report.append(s).append('\n');
  }

  private static void progress(String s) {
    System.err.println("[bench] " + s);
  }

  // ---- machine ----

  private void machine() {
    line("# Darkroom vs google-genai 1.70.0: results of " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16));
    line("");
    String cpu = "unknown CPU";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
    } catch (IOException e) {
      // not Linux
    }
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    line(String.format(Locale.ROOT, "- Machine: %s, %d cores, %.1f GB RAM, %s %s; load average at start %.2f",
        cpu, Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize() / 1e9,
        System.getProperty("os.name"), System.getProperty("os.version"), os.getSystemLoadAverage()));
    line("- Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + " (" + System.getProperty("java.home") + ")");
    line("- Fake server: darkroom-testkit FakeGemini in its own JVM, latency 0, thought signatures 3,000,000"
        + " base64 chars on each final part of Gemini 3 responses");
    line("");
  }

  // ---- per-client process runs ----

  private record Plan(Scenario scenario, int warmup, int ops) {}

  private List<Plan> plans() {
    int f = quick ? 3 : 1;
    return List.of(new Plan(Scenario.A, 40 / f, 120 / f), new Plan(Scenario.B, 6 / Math.min(f, 2), 18 / f),
        new Plan(Scenario.C, 6 / Math.min(f, 2), 18 / f));
  }

  private static List<String> clientsFor(Scenario s) {
    return s == Scenario.B ? List.of("darkroom", "sdk", "sdk-unary") : CLIENTS;
  }

  private void clients() {
    Map<String, List<RunLine>> results = new LinkedHashMap<>();
    try (FakeServerProcess server = FakeServerProcess.start(3_000_000)) {
      progress("priming the fake server (renders and caches the images, warms its JIT)");
      for (Plan p : plans()) {
        runClient("darkroom", p.scenario(), server.baseUrl(), 2, 1, "-Xmx1g");
      }
      for (int round = 0; round < rounds; round++) {
        for (Plan p : plans()) {
          List<String> order = new ArrayList<>(clientsFor(p.scenario()));
          if (round % 2 == 1) {
            java.util.Collections.reverse(order);
          }
          for (String client : order) {
            progress("round " + (round + 1) + "/" + rounds + ": " + client + " case " + p.scenario().id);
            Child c = runClient(client, p.scenario(), server.baseUrl(), p.warmup(), p.ops(), "-Xmx1g");
            if (c.exitCode != 0) {
              throw new IllegalStateException(client + " case " + p.scenario().id + " failed:\n" + String.join("\n", c.output));
            }
            results.computeIfAbsent(client + "/" + p.scenario().id, k -> new ArrayList<>()).add(RunLine.parse(c.output));
          }
        }
      }
    }
    line("## Client-side work per image (each client in its own JVM, -Xmx1g, G1; median of " + rounds + " runs)");
    line("");
    line("wall = elapsed time per image; CPU = CPU time of the whole client JVM per image (all threads: HTTP, JSON,");
    line("base64, GC, JIT); alloc = bytes allocated per image by all client threads; live = largest heap occupancy");
    line("right after a GC; peak = peak heap-pool usage with -Xmx1g (depends on when G1 chose to collect).");
    line("");
    line("| Case | Client | wall ms/image | CPU ms/image | alloc MB/image | live-after-GC MB | peak heap MB (-Xmx1g) |");
    line("|---|---|---:|---:|---:|---:|---:|");
    for (Plan p : plans()) {
      for (String client : clientsFor(p.scenario())) {
        List<RunLine> rs = results.get(client + "/" + p.scenario().id);
        line(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %.0f | %.0f |", p.scenario().title,
            label(client), median(rs, "wallMs"), median(rs, "cpuMs"), median(rs, "allocMB"), median(rs, "liveMB"),
            median(rs, "peakMB")));
      }
    }
    line("");
    line("Ratios Darkroom / SDK (below 1 means Darkroom is better):");
    line("");
    line("| Case | wall | CPU | alloc | live-after-GC | peak (-Xmx1g) |");
    line("|---|---:|---:|---:|---:|---:|");
    for (Plan p : plans()) {
      List<RunLine> d = results.get("darkroom/" + p.scenario().id);
      List<RunLine> s = results.get("sdk/" + p.scenario().id);
      line(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f |", p.scenario().title,
          median(d, "wallMs") / median(s, "wallMs"), median(d, "cpuMs") / median(s, "cpuMs"),
          median(d, "allocMB") / median(s, "allocMB"), median(d, "liveMB") / median(s, "liveMB"),
          median(d, "peakMB") / median(s, "peakMB")));
    }
    line("");
    line("Allocation counter: " + results.values().iterator().next().get(0).values.get("allocMethod").replace('_', ' ')
        + ". Per-run figures: " + rawRuns(results));
    line("");
  }

  private static String label(String client) {
    return switch (client) {
      case "darkroom" -> "Darkroom";
      case "sdk" -> "google-genai";
      case "sdk-unary" -> "google-genai (generateContent, not streamed)";
      default -> client;
    };
  }

  private static String rawRuns(Map<String, List<RunLine>> results) {
    StringBuilder b = new StringBuilder();
    results.forEach((k, rs) -> {
      b.append(k).append(" wall ");
      rs.forEach(r -> b.append(String.format(Locale.ROOT, "%.1f ", r.num("wallMs"))));
      b.append("ms; ");
    });
    return b.toString().trim();
  }

  private static double median(List<RunLine> rs, String key) {
    double[] v = rs.stream().mapToDouble(r -> r.num(key)).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static Child runClient(String client, Scenario s, String baseUrl, int warmup, int ops, String... jvm) {
    List<String> opts = new ArrayList<>(Arrays.asList(jvm));
    opts.add("-Djava.awt.headless=true");
    opts.add("-XX:+ExitOnOutOfMemoryError");
    return Child.run(Jvm.command(opts, ClientRun.class,
        List.of(client, s.id, baseUrl, Integer.toString(warmup), Integer.toString(ops))), Map.of(), 600);
  }

  // ---- minimum heap ----

  private void minimumHeap() {
    line("## Peak heap as the smallest -Xmx that completes the case (G1, 1 MB resolution up to 50 MB)");
    line("");
    line("Each probe is a fresh JVM running 1 warm-up and 3 operations (case c: 20 concurrent generations each);");
    line("it passes when it completes without OutOfMemoryError within 120 s. \"Idle\" is the same for a JVM that");
    line("only builds the client and makes no call; \"above idle\" is what the generations themselves need.");
    line("");
    line("| Case | Darkroom MB | google-genai MB | ratio Darkroom / SDK | Darkroom above idle | SDK above idle | ratio above idle |");
    line("|---|---:|---:|---:|---:|---:|---:|");
    try (FakeServerProcess server = FakeServerProcess.start(3_000_000)) {
      runClient("darkroom", Scenario.B, server.baseUrl(), 1, 1, "-Xmx1g");
      int idleD = minHeap("darkroom", Scenario.A, server.baseUrl(), 0, 0);
      int idleS = minHeap("sdk", Scenario.A, server.baseUrl(), 0, 0);
      for (Scenario s : Scenario.values()) {
        int d = minHeap("darkroom", s, server.baseUrl(), 1, 3);
        int k = minHeap("sdk", s, server.baseUrl(), 1, 3);
        line(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %d | %d | %.2f |", s.title, d, k, (double) d / k,
            d - idleD, k - idleS, (double) (d - idleD) / Math.max(1, k - idleS)));
      }
      line(String.format(Locale.ROOT, "| (idle client, no call) | %d | %d | %.2f | | | |", idleD, idleS,
          (double) idleD / idleS));
    }
    line("");
  }

  private int minHeap(String client, Scenario s, String baseUrl, int warmup, int ops) {
    int lo = 2;
    int hi = 32;
    while (!completes(client, s, baseUrl, hi, warmup, ops)) {
      lo = hi;
      hi *= 2;
      if (hi > 4096) {
        throw new IllegalStateException(client + " case " + s.id + " does not complete even with 4 GB");
      }
    }
    while (hi - lo > Math.max(1, hi / 50)) {
      int mid = (lo + hi) / 2;
      if (completes(client, s, baseUrl, mid, warmup, ops)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    progress("minimum heap " + client + " case " + s.id + " (" + ops + " ops): " + hi + " MB");
    return hi;
  }

  private static boolean completes(String client, Scenario s, String baseUrl, int mb, int warmup, int ops) {
    List<String> opts = List.of("-Xmx" + mb + "m", "-Djava.awt.headless=true", "-XX:+ExitOnOutOfMemoryError");
    Child c = Child.run(Jvm.command(opts, ClientRun.class,
        List.of(client, s.id, baseUrl, Integer.toString(warmup), Integer.toString(ops))), Map.of(), 120);
    boolean ok = c.exitCode == 0 && c.output.stream().anyMatch(l -> l.startsWith("RESULT "));
    progress("  " + client + " case " + s.id + " -Xmx" + mb + "m: " + (ok ? "ok" : "fails"));
    return ok;
  }

  // ---- JMH ----

  private void jmh() throws RunnerException {
    ChainedOptionsBuilder o = new OptionsBuilder()
        .include(GenerateBench.class.getName() + ".*")
        .include(GridBench.class.getName() + ".*")
        .include(SseBench.class.getName() + ".*")
        .forks(quick ? 1 : 2)
        .warmupIterations(quick ? 2 : 4)
        .warmupTime(TimeValue.seconds(2))
        .measurementIterations(quick ? 3 : 5)
        .measurementTime(TimeValue.seconds(2))
        .jvmArgsAppend("-Xmx1g", "-Djava.awt.headless=true")
        .addProfiler(GCProfiler.class)
        .timeUnit(TimeUnit.MILLISECONDS);
    Collection<RunResult> results = new Runner(o.build()).run();
    line("## JMH (avgt, " + (quick ? 1 : 2) + " forks, " + (quick ? 2 : 4) + "x2 s warm-up, " + (quick ? 3 : 5)
        + "x2 s measurement, -prof gc)");
    line("");
    line("| Benchmark | Params | ms/op | ± error (99.9%) | alloc bytes/op (gc.alloc.rate.norm) |");
    line("|---|---|---:|---:|---:|");
    for (RunResult r : results) {
      org.openjdk.jmh.results.Result<?> primary = r.getPrimaryResult();
      org.openjdk.jmh.results.Result<?> norm = r.getSecondaryResults().get("gc.alloc.rate.norm");
      String params = r.getParams().getParamsKeys().stream().map(k -> k + "=" + r.getParams().getParam(k))
          .reduce((a, b) -> a + ", " + b).orElse("");
      line(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %s |",
          r.getParams().getBenchmark().replace("dev.darkroom.bench.", ""), params, primary.getScore(),
          primary.getScoreError(), norm == null ? "" : String.format(Locale.ROOT, "%,.0f", norm.getScore())));
    }
    line("");
    line("gc.alloc.rate.norm counts the benchmark threads only (JMH), so it misses work done on HTTP client");
    line("threads; the per-process figures above count every thread.");
    line("");
  }

  // ---- grid, cold ----

  private void gridCold() {
    List<Double> times = new ArrayList<>();
    String last = "";
    for (int i = 0; i < 5; i++) {
      Child c = Child.run(Jvm.command(List.of("-Djava.awt.headless=true"), GridCold.class, List.of()), Map.of(), 120);
      RunLine r = RunLine.parse(c.output);
      times.add(r.num("sliceAndCropMs"));
      last = r.values.toString();
    }
    times.sort(null);
    line("## Grid slicing, cold (first call in a fresh JVM, 4096x4096 PNG, 8x8 grid: slice + crop 64 cells)");
    line("");
    line(String.format(Locale.ROOT, "Median of 5 JVMs: **%.0f ms** (min %.0f, max %.0f); last run %s", times.get(2),
        times.get(0), times.get(4), last));
    line("");
  }

  // ---- CLI ----

  private static List<String> split(String command, Path outDir) {
    List<String> words = new ArrayList<>();
    for (String w : command.split(" ")) {
      words.add(w.equals("OUT") ? outDir.toString() : w);
    }
    return words;
  }

  private void cli() throws IOException {
    Path script = root.resolve("darkroom");
    Path jar = root.resolve("darkroom-cli/target/darkroom.jar");
    line("## CLI cold start");
    line("");
    if (!Files.isRegularFile(jar) || !Files.isExecutable(script)) {
      line("Skipped: " + jar + " not built (run `mvn -pl darkroom-cli -am package` or `./darkroom --version` once).");
      line("");
      return;
    }
    int n = quick ? 5 : 15;
    line("Mean / min of " + n + " runs after one untimed run (which creates the start-up archive when missing).");
    line("");
    line("| Command | mean s | min s |");
    line("|---|---:|---:|");
    try (FakeServerProcess server = FakeServerProcess.start(3_000_000)) {
      Path outDir = Files.createTempDirectory("darkroom-bench-cli");
      // A throwaway history home: generations are recorded as in real use, never into ~/.darkroom.
      Map<String, String> env = Map.of("GOOGLE_GEMINI_BASE_URL", server.baseUrl(), "GEMINI_API_KEY", "test-key",
          "DARKROOM_HOME", Files.createTempDirectory("darkroom-bench-home").toString());
      Map<String, List<String>> commands = new LinkedHashMap<>();
      commands.put("`./darkroom --version`", List.of(script.toString(), "--version"));
      commands.put("`java -jar darkroom.jar --version` (no script, default JVM flags, no archive)",
          List.of(Jvm.java(), "-jar", jar.toString(), "--version"));
      String flash = "generate -m gemini-2.5-flash-image --force --output-dir OUT fox";
      String pro = "generate -m gemini-3-pro-image -s 4K --thinking high --show-thoughts --force --output-dir OUT fox";
      commands.put("`./darkroom " + flash + "` (case a)", split(script.toString() + " " + flash, outDir));
      commands.put("`./darkroom " + pro + "` (case b)", split(script.toString() + " " + pro, outDir));
      commands.put("`java -jar darkroom.jar " + pro + "` (default JVM flags, no archive)",
          split(Jvm.java() + " -jar " + jar + " " + pro, outDir));
      for (var e : commands.entrySet()) {
        Child first = Child.run(e.getValue(), env, 300);
        if (first.exitCode != 0) {
          line("| " + e.getKey() + " | failed: exit " + first.exitCode + " " + String.join(" / ", first.output) + " | |");
          continue;
        }
        double sum = 0;
        double min = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
          Child c = Child.run(e.getValue(), env, 300);
          double s = c.nanos / 1e9;
          sum += s;
          min = Math.min(min, s);
        }
        line(String.format(Locale.ROOT, "| %s | %.3f | %.3f |", e.getKey(), sum / n, min));
      }
    }
    line("");
  }
}
