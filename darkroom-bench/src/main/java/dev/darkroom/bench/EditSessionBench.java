package dev.darkroom.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Memory of an editing session per turn (issue 12): Gemini conversations send every earlier turn's
 * thought signatures back, so each request is larger than the last, but the client's heap must not
 * grow with the turns beyond the bytes the next request carries.
 *
 * <pre>
 * java -cp darkroom-bench/target/darkroom-bench.jar dev.darkroom.bench.EditSessionBench [--turns 5,10,20,30]
 * </pre>
 *
 * <p>Against one {@link FakeServerMain} in its own JVM whose Gemini 3 answers sign both final parts
 * with 1,500,000 base64 characters each (3 MB of signatures per turn), it runs:
 * <ol>
 *   <li>one session of the largest turn count under {@code -Xmx1g}, printing per turn the bytes the
 *       request carries, the heap retained between turns (after forced collections) and the largest
 *       occupancy after a collection during the send ({@link EditSessionRun});
 *   <li>for each turn count, the smallest {@code -Xmx} (G1, steps of 1/16 of the bracket, at least
 *       2 MB) with which the whole session completes: the robust peak-heap figure. Each count starts
 *       from the previous count's figure, so an unchanged figure costs two probes.
 * </ol>
 * Prints a Markdown report on standard output.
 */
public final class EditSessionBench {
  private EditSessionBench() {}

  public static void main(String[] args) throws IOException {
    List<Integer> counts = List.of(5, 10, 20, 30);
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--turns") && i + 1 < args.length) {
        counts = java.util.Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
      } else {
        throw new IllegalArgumentException("usage: EditSessionBench [--turns 5,10,20,30]");
      }
    }
    int largest = counts.stream().mapToInt(Integer::intValue).max().orElseThrow();
    StringBuilder report = new StringBuilder();
    long t0 = System.nanoTime();
    try (FakeServerProcess server = FakeServerProcess.start(1_500_000)) {
      Child run = session(server.baseUrl(), largest, 1024);
      if (run.exitCode != 0) {
        throw new IllegalStateException("the session failed:\n" + String.join("\n", run.output));
      }
      report.append("| turn | request carries (MB, base64) | retained between turns (MB) | max live during send (MB) |\n");
      report.append("|---:|---:|---:|---:|\n");
      for (String line : run.output) {
        if (line.startsWith("TURN ")) {
          Map<String, String> v = fields(line.substring(5));
          report.append("| ").append(v.get("n")).append(" | ").append(v.get("requestMB")).append(" | ")
              .append(v.get("retainedMB")).append(" | ").append(v.get("liveMB")).append(" |\n");
        }
      }
      report.append("\n| turns | smallest -Xmx that completes (MB) |\n|---:|---:|\n");
      int hint = 0;
      for (int n : counts) {
        hint = minHeap(server.baseUrl(), n, hint);
        report.append("| ").append(n).append(" | ").append(hint).append(" |\n");
      }
    }
    report.append(String.format(Locale.ROOT, "%nTotal run time %.0f s.%n", (System.nanoTime() - t0) / 1e9));
    System.out.println(report);
  }

  private static Map<String, String> fields(String s) {
    Map<String, String> m = new java.util.HashMap<>();
    for (String kv : s.trim().split("\\s+")) {
      int eq = kv.indexOf('=');
      m.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return m;
  }

  private static Child session(String baseUrl, int turns, int heapMb) throws IOException {
    Path dir = Files.createTempDirectory("darkroom-edit-bench");
    try {
      return Child.run(Jvm.command(List.of("-Xmx" + heapMb + "m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
          "-XX:+ExitOnOutOfMemoryError"), EditSessionRun.class,
          List.of(baseUrl, Integer.toString(turns), dir.toString())), Map.of(), 300);
    } finally {
      delete(dir);
    }
  }

  private static boolean completes(String baseUrl, int turns, int heapMb) throws IOException {
    Child c = session(baseUrl, turns, heapMb);
    boolean ok = c.exitCode == 0 && c.output.stream().anyMatch(l -> l.startsWith("RESULT "));
    System.err.println("[bench] " + turns + " turns, -Xmx" + heapMb + "m: " + (ok ? "ok" : "fails"));
    return ok;
  }

  /**
   * The smallest heap in MB (to 2 MB, or 1/16 of the bracket) that completes the session. With a
   * {@code hint} (the figure for fewer turns), two probes confirm an unchanged figure: it completes
   * with the hint and fails with 2 MB less.
   */
  private static int minHeap(String baseUrl, int turns, int hint) throws IOException {
    int lo = 4;
    int hi = 32;
    boolean hiCompletes = false;
    if (hint > 4) {
      if (completes(baseUrl, turns, hint)) {
        if (!completes(baseUrl, turns, hint - 2)) {
          return hint;
        }
        hi = hint - 2;
        hiCompletes = true;
      } else {
        lo = hint;
        hi = Math.max(32, hint * 2);
      }
    }
    while (!hiCompletes && !completes(baseUrl, turns, hi)) {
      lo = hi;
      hi *= 2;
      if (hi > 2048) {
        throw new IllegalStateException(turns + " turns do not complete even with 2 GB");
      }
    }
    int step = Math.max(2, (hi - lo) / 16);
    while (hi - lo > step) {
      int mid = (lo + hi) / 2;
      if (completes(baseUrl, turns, mid)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  private static void delete(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(files.toList());
      java.util.Collections.reverse(all);
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }
}
