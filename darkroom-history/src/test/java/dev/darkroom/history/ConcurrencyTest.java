package dev.darkroom.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Several writers on one file, in threads and in real processes, and a process killed mid-call. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConcurrencyTest {
  @TempDir Path dir;

  @Test
  void threadsWithTheirOwnHistoriesLoseNoRows() throws Exception {
    Path file = dir.resolve("history.db");
    int threads = 8;
    int each = 25;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String run = "thread-" + t;
        futures.add(pool.submit(() -> {
          try (History h = History.open(file)) {
            start.await();
            for (int i = 0; i < each; i++) {
              h.withRun(run).begin(Fixtures.request(run + " image " + i), List.of(), i)
                  .succeeded(Fixtures.generation(List.of(), "0.039"));
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertAllRows(file, threads * each);
  }

  @Test
  void threadsSharingOneHistoryLoseNoRows() throws Exception {
    Path file = dir.resolve("history.db");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (History h = History.open(file)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        String run = "shared-" + t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 25; i++) {
            h.withRun(run).begin(Fixtures.request(run + " image " + i), List.of(), i)
                .succeeded(Fixtures.generation(List.of(), "0.039"));
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertAllRows(file, 200);
  }

  @Test
  void parallelProcessesLoseNoRowsAndNeverSeeALockedDatabase() throws Exception {
    Path file = dir.resolve("history.db"); // not created yet: the processes also race to create and migrate it
    List<Process> processes = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      processes.add(java("write", file.toString(), "proc-" + p, "50"));
    }
    List<String> reports = new ArrayList<>();
    for (Process p : processes) {
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(output).isZero();
      assertThat(output).as(output).startsWith("DONE ").doesNotContain("locked");
      reports.add(output.strip());
    }
    System.out.println("4 processes x 50 rows: " + reports);
    assertAllRows(file, 200);
  }

  @Test
  void aProcessKilledBetweenBeginAndCompletionLeavesAnInterruptedRow() throws Exception {
    Path file = dir.resolve("history.db");
    Process p = java("hang", file.toString());
    long id;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertThat(line).as("child output").isNotNull().startsWith("BEGUN ");
      id = Long.parseLong(line.substring(6).strip());
      Thread.sleep(300); // let it write more rows, so the kill lands mid-transaction now and then
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    try (History history = History.open(file)) {
      GenerationRecord killed = history.get(id).orElseThrow();
      assertThat(killed.status()).isEqualTo(GenerationStatus.INTERRUPTED);
      assertThat(killed.errorMessage()).get().asString().contains("pid " + p.pid()).contains("ended before the call completed");
      List<GenerationRecord> all = history.list(HistoryQuery.builder().limit(HistoryQuery.MAX_LIMIT).build());
      assertThat(all).extracting(GenerationRecord::status)
          .containsOnly(GenerationStatus.SUCCEEDED, GenerationStatus.INTERRUPTED);
      assertThat(history.list(HistoryQuery.builder().status(GenerationStatus.RUNNING).build())).isEmpty();
    }
    assertThat(integrityCheck(file)).isEqualTo("ok");
  }

  @Test
  void aRunningRowOfALiveProcessStaysRunningUntilStale() {
    MutableClock clock = new MutableClock(java.time.Instant.parse("2026-11-22T10:00:00Z"));
    try (History h = History.builder().file(dir.resolve("history.db")).clock(clock)
        .staleAfter(java.time.Duration.ofMinutes(30)).build()) {
      var call = h.begin(Fixtures.request("slow"), List.of(), 0);
      assertThat(h.list(HistoryQuery.recent()).get(0).status()).isEqualTo(GenerationStatus.RUNNING);
      clock.advance(java.time.Duration.ofMinutes(31));
      GenerationRecord stale = h.list(HistoryQuery.recent()).get(0);
      assertThat(stale.status()).isEqualTo(GenerationStatus.INTERRUPTED);
      assertThat(stale.errorMessage()).get().asString().contains("still not completed after 31 min");
      call.succeeded(Fixtures.generation(List.of(), "0.1"));
      assertThat(h.list(HistoryQuery.recent()).get(0).status()).isEqualTo(GenerationStatus.SUCCEEDED);
      assertThat(h.list(HistoryQuery.recent()).get(0).errorMessage()).isEmpty();
    }
  }

  private static Process java(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (Runtime.version().feature() >= 22) {
      // SQLite loads a native library; newer JDKs warn on stderr (merged into the output we parse).
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), HistoryWriterMain.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static void assertAllRows(Path file, int expected) throws Exception {
    try (History h = History.open(file)) {
      List<GenerationRecord> rows = h.list(HistoryQuery.builder().limit(HistoryQuery.MAX_LIMIT).build());
      assertThat(rows).hasSize(expected);
      assertThat(rows).allSatisfy(r -> assertThat(r.status()).isEqualTo(GenerationStatus.SUCCEEDED));
      assertThat(rows.stream().map(GenerationRecord::prompt).distinct()).hasSize(expected);
      assertThat(h.cost(CostQuery.builder().build()).total().succeeded().costUsd())
          .isEqualByComparingTo(new java.math.BigDecimal("0.039").multiply(java.math.BigDecimal.valueOf(expected)));
    }
    assertThat(integrityCheck(file)).isEqualTo("ok");
  }

  private static String integrityCheck(Path file) throws Exception {
    assertThat(Files.exists(file)).isTrue();
    try (Connection c = Fixtures.jdbc(file); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
