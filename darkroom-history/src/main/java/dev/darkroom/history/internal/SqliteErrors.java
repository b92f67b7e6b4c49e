package dev.darkroom.history.internal;

import java.sql.SQLException;
import org.sqlite.SQLiteException;

/** Classifies SQLite failures by their primary result code. */
final class SqliteErrors {
  static final int BUSY = 5;
  static final int LOCKED = 6;
  static final int CORRUPT = 11;
  static final int FULL = 13;
  static final int CANTOPEN = 14;
  static final int NOTADB = 26;
  static final int READONLY = 8;

  private SqliteErrors() {}

  /** The primary result code (extended codes reduced to their low byte), or -1 when unknown. */
  static int primaryCode(SQLException e) {
    if (e instanceof SQLiteException s) {
      return s.getResultCode().code & 0xff;
    }
    int code = e.getErrorCode();
    return code > 0 ? code & 0xff : -1;
  }

  /** Whether another connection holds the lock: waiting and trying again may succeed. */
  static boolean isBusy(SQLException e) {
    int code = primaryCode(e);
    return code == BUSY || code == LOCKED;
  }

  /** Whether the file is not a database or its pages are damaged. */
  static boolean isCorrupt(SQLException e) {
    int code = primaryCode(e);
    return code == CORRUPT || code == NOTADB;
  }
}
