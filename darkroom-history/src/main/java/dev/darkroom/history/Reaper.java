package dev.darkroom.history;

import dev.darkroom.history.internal.Database;
import dev.darkroom.history.internal.ProcessOwner;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Marks {@link GenerationStatus#RUNNING} rows {@link GenerationStatus#INTERRUPTED} when their process
 * is gone or they are older than the stale limit. Runs before every read, and writes only when it
 * finds such rows. A process that later completes a row marked stale overwrites the mark.
 */
final class Reaper {
  private record Running(long id, long pid, @Nullable Long pidStartedMs, long startedMs) {}

  private record Mark(long id, String why) {}

  private Reaper() {}

  static void reap(Database db, Instant now, Duration staleAfter) {
    List<Running> running = db.read("read", c -> {
      List<Running> rows = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
              "SELECT id, pid, pid_started_ms, started_ms FROM generation WHERE status = 'RUNNING'");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long startedPid = rs.getLong(3);
          rows.add(new Running(rs.getLong(1), rs.getLong(2), rs.wasNull() ? null : startedPid, rs.getLong(4)));
        }
      }
      return rows;
    });
    List<Mark> marks = new ArrayList<>();
    for (Running r : running) {
      boolean alive = new ProcessOwner(r.pid(), r.pidStartedMs()).isAlive();
      Duration age = Duration.ofMillis(now.toEpochMilli() - r.startedMs());
      if (!alive) {
        marks.add(new Mark(r.id(), "the process that sent it (pid " + r.pid() + ") ended before the call completed;"
            + " the provider may still have billed it"));
      } else if (age.compareTo(staleAfter) > 0) {
        marks.add(new Mark(r.id(), "still not completed after " + age.toMinutes() + " min (pid " + r.pid() + " is alive);"
            + " treated as interrupted"));
      }
    }
    if (marks.isEmpty()) {
      return;
    }
    db.write("mark interrupted rows in", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE generation SET status = 'INTERRUPTED', error_message = ? WHERE id = ? AND status = 'RUNNING'")) {
        for (Mark m : marks) {
          ps.setString(1, m.why());
          ps.setLong(2, m.id());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
  }
}
