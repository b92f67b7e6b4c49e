package dev.darkroom.history.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The FTS5 index over prompts and system prompts, an external-content table kept in step with
 * {@code generation} by triggers. It is derived data: when missing (an SQLite build without FTS5
 * created the database) it is built on the next open that has FTS5.
 */
public final class FullText {
  static final String TABLE = "generation_fts";

  private FullText() {}

  /** Whether this SQLite build has FTS5. */
  static boolean available(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT sqlite_compileoption_used('ENABLE_FTS5')")) {
      return rs.next() && rs.getInt(1) == 1;
    }
  }

  /** Whether the index exists in this database. */
  public static boolean present(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + TABLE + "'")) {
      return rs.next();
    }
  }

  /** Whether {@link #ensure} has work to do; checked before taking a write lock. */
  static boolean missing(Connection c) throws SQLException {
    return available(c) && !present(c);
  }

  /** Creates and fills the index when FTS5 is available and the index is missing; otherwise does nothing. */
  static void ensure(Connection c) throws SQLException {
    if (!missing(c)) {
      return;
    }
    try (Statement s = c.createStatement()) {
      s.execute("CREATE VIRTUAL TABLE " + TABLE + " USING fts5(prompt, system_prompt,"
          + " content='generation', content_rowid='id', tokenize='porter unicode61')");
      s.execute("CREATE TRIGGER generation_fts_insert AFTER INSERT ON generation BEGIN"
          + " INSERT INTO " + TABLE + "(rowid, prompt, system_prompt) VALUES (new.id, new.prompt, new.system_prompt); END");
      s.execute("CREATE TRIGGER generation_fts_delete AFTER DELETE ON generation BEGIN"
          + " INSERT INTO " + TABLE + "(" + TABLE + ", rowid, prompt, system_prompt)"
          + " VALUES ('delete', old.id, old.prompt, old.system_prompt); END");
      s.execute("CREATE TRIGGER generation_fts_update AFTER UPDATE OF prompt, system_prompt ON generation BEGIN"
          + " INSERT INTO " + TABLE + "(" + TABLE + ", rowid, prompt, system_prompt)"
          + " VALUES ('delete', old.id, old.prompt, old.system_prompt);"
          + " INSERT INTO " + TABLE + "(rowid, prompt, system_prompt) VALUES (new.id, new.prompt, new.system_prompt); END");
      s.execute("INSERT INTO " + TABLE + "(" + TABLE + ") VALUES ('rebuild')");
    }
  }
}
