package dev.darkroom.history.internal;

import dev.darkroom.history.HistoryException;
import dev.darkroom.history.HistoryException.Reason;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;

/** Turns SQLite errors into {@link HistoryException}s that name the file and the way out. */
final class Failures {
  private Failures() {}

  static HistoryException newer(Path file, int version) {
    return new HistoryException(Reason.NEWER_SCHEMA, "history database " + file + " was written by a newer Darkroom"
        + " (schema " + version + ", this version supports " + Migrations.LATEST + ")",
        "upgrade Darkroom or use --home to point elsewhere", false, null);
  }

  static HistoryException of(Path file, String action, SQLException e, Duration busyTimeout) {
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (SqliteErrors.isCorrupt(e)) {
      return new HistoryException(Reason.DAMAGED, "history database " + file
          + " is not a SQLite database or is damaged (" + detail + ")",
          "move it aside (mv " + file + " " + file + ".broken) to start a new history", true, e);
    }
    if (SqliteErrors.isBusy(e)) {
      return new HistoryException(Reason.LOCKED, "history database " + file
          + " stayed locked by another process (waited " + busyTimeout.toSeconds() + " s per try) while trying to "
          + action, "try again", true, e);
    }
    return switch (SqliteErrors.primaryCode(e)) {
      case SqliteErrors.FULL -> new HistoryException(Reason.DISK_FULL, "cannot " + action + " history database "
          + file + ": the disk is full", "free some space", true, e);
      case SqliteErrors.READONLY, SqliteErrors.CANTOPEN -> new HistoryException(Reason.NOT_ACCESSIBLE, "cannot "
          + action + " history database " + file + " (" + detail + ")",
          "check the file and directory permissions, use --home to point elsewhere", true, e);
      default -> new HistoryException(Reason.OTHER, "cannot " + action + " history database " + file + ": " + detail,
          null, false, e);
    };
  }
}
