package dev.darkroom.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens when another process holds the write lock longer than the busy timeout. */
class BusyRetryTest {
  @TempDir Path dir;

  @Test
  void retriesTheTransactionWhenTheLockIsReleased() throws Exception {
    Path file = dir.resolve("history.db");
    History.open(file).close();
    List<Duration> sleeps = new CopyOnWriteArrayList<>();
    try (Connection other = Fixtures.jdbc(file); Statement s = other.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      try (History h = History.builder().file(file).busyTimeout(Duration.ZERO).sleeper(d -> {
        sleeps.add(d);
        if (sleeps.size() == 2) {
          try {
            s.execute("COMMIT");
          } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
          }
        }
      }).build()) {
        h.begin(Fixtures.request("after the lock"), List.of(), 0);
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps).allSatisfy(d -> assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofMillis(500)));
        assertThat(h.list(HistoryQuery.recent())).extracting(GenerationRecord::prompt).containsExactly("after the lock");
      }
    }
  }

  @Test
  void givesUpWithAClearMessageWhenTheLockIsNeverReleased() throws Exception {
    Path file = dir.resolve("history.db");
    History.open(file).close();
    List<Duration> sleeps = new CopyOnWriteArrayList<>();
    try (Connection other = Fixtures.jdbc(file); Statement s = other.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      try (History h = History.builder().file(file).busyTimeout(Duration.ZERO).sleeper(sleeps::add).build()) {
        assertThatThrownBy(() -> h.begin(Fixtures.request("never"), List.of(), 0))
            .isInstanceOf(HistoryException.class)
            .hasMessageContaining("history database " + file.toAbsolutePath() + " stayed locked by another process")
            .hasMessageContaining("--no-history");
        assertThat(sleeps).hasSize(9);
      }
      s.execute("ROLLBACK");
    }
  }
}
