package dev.darkroom.history.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema, as ordered steps. Step N upgrades a database at {@code PRAGMA user_version} N-1 to N;
 * a new database runs them all. Steps are never edited once released: a change is a new step.
 *
 * <ol>
 *   <li>{@code generation} (one row per provider call) and {@code output_file} (its files).
 *   <li>HTTP and vendor status of failures; the full-text index over prompts (when the SQLite build
 *       has FTS5; otherwise searches fall back to {@code LIKE}).
 *   <li>Image input tokens, which OpenAI bills at their own rate.
 *   <li>The batch journal: {@code batch_run} (one row per {@code darkroom batch} run, with the job
 *       file, how it is sent and the provider's batch names) and {@code batch_job} (one row per job
 *       of a run, keyed by the job's stable key, DONE only once its image is on disk).
 *   <li>The byte size of each output file as saved; null for files recorded before.
 *   <li>Editing sessions: {@code edit_session} (the first request, mode and directory),
 *       {@code edit_turn} (one row per finished turn, with its parent turn and saved image) and
 *       {@code edit_part} (the user's and the model's parts of each turn, images as file paths with
 *       their SHA-256, the model's signatures as opaque BLOBs).
 * </ol>
 */
public final class Migrations {
  /** The schema version this code writes. */
  public static final int LATEST = 7;

  /** One upgrade step. */
  interface Step {
    void apply(Connection c) throws SQLException;
  }

  record Migration(int version, String description, Step step) {}

  static final List<Migration> ALL = List.of(
      new Migration(1, "generations and output files", sql(
          """
          CREATE TABLE generation (
            id             INTEGER PRIMARY KEY AUTOINCREMENT,
            started_ms     INTEGER NOT NULL,
            finished_ms    INTEGER,
            status         TEXT    NOT NULL,
            provider       TEXT    NOT NULL,
            model          TEXT    NOT NULL,
            model_version  TEXT,
            prompt         TEXT    NOT NULL,
            system_prompt  TEXT,
            aspect_ratio   TEXT,
            image_size     TEXT    NOT NULL,
            seed           INTEGER,
            image_count    INTEGER NOT NULL,
            call_index     INTEGER NOT NULL,
            request_json   TEXT    NOT NULL,
            run_id         TEXT,
            pid            INTEGER NOT NULL,
            pid_started_ms INTEGER,
            error_kind     TEXT,
            error_message  TEXT,
            reason         TEXT,
            model_text     TEXT,
            response_id    TEXT,
            prompt_tokens  INTEGER NOT NULL DEFAULT 0,
            output_tokens  INTEGER NOT NULL DEFAULT 0,
            image_tokens   INTEGER NOT NULL DEFAULT 0,
            thought_tokens INTEGER NOT NULL DEFAULT 0,
            cached_tokens  INTEGER NOT NULL DEFAULT 0,
            total_tokens   INTEGER NOT NULL DEFAULT 0,
            cost_nano_usd  INTEGER NOT NULL DEFAULT 0,
            latency_ms     INTEGER,
            attempts       INTEGER NOT NULL DEFAULT 0
          )""",
          "CREATE INDEX generation_started ON generation(started_ms)",
          "CREATE INDEX generation_status ON generation(status)",
          "CREATE INDEX generation_run ON generation(run_id)",
          """
          CREATE TABLE output_file (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            generation_id INTEGER NOT NULL REFERENCES generation(id) ON DELETE CASCADE,
            parent_id     INTEGER REFERENCES output_file(id) ON DELETE CASCADE,
            kind          TEXT    NOT NULL,
            path          TEXT,
            sha256        TEXT    NOT NULL,
            mime_type     TEXT    NOT NULL,
            width         INTEGER NOT NULL,
            height        INTEGER NOT NULL,
            grid_row      INTEGER,
            grid_col      INTEGER
          )""",
          "CREATE INDEX output_file_generation ON output_file(generation_id)",
          "CREATE INDEX output_file_sha256 ON output_file(sha256)")),
      new Migration(2, "HTTP status of failures; full-text search over prompts", c -> {
        sql("ALTER TABLE generation ADD COLUMN http_status INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE generation ADD COLUMN vendor_status TEXT").apply(c);
        FullText.ensure(c);
      }),
      new Migration(3, "image input tokens (OpenAI prices them apart)", sql(
          "ALTER TABLE generation ADD COLUMN image_input_tokens INTEGER NOT NULL DEFAULT 0")),
      new Migration(4, "batch journal: runs and their jobs", sql(
          """
          CREATE TABLE batch_run (
            run_id       TEXT    PRIMARY KEY,
            job_file     TEXT    NOT NULL,
            file_sha256  TEXT    NOT NULL,
            via          TEXT    NOT NULL,
            batch_names  TEXT    NOT NULL DEFAULT '',
            state        TEXT    NOT NULL,
            created_ms   INTEGER NOT NULL,
            updated_ms   INTEGER NOT NULL,
            job_count    INTEGER NOT NULL,
            options_json TEXT    NOT NULL DEFAULT '{}'
          )""",
          "CREATE INDEX batch_run_file ON batch_run(job_file)",
          """
          CREATE TABLE batch_job (
            run_id        TEXT    NOT NULL REFERENCES batch_run(run_id) ON DELETE CASCADE,
            job_key       TEXT    NOT NULL,
            job_index     INTEGER NOT NULL,
            job_name      TEXT    NOT NULL,
            output_path   TEXT    NOT NULL,
            status        TEXT    NOT NULL,
            batch_name    TEXT,
            generation_id INTEGER REFERENCES generation(id) ON DELETE SET NULL,
            error_kind    TEXT,
            error_message TEXT,
            cost_nano_usd INTEGER NOT NULL DEFAULT 0,
            updated_ms    INTEGER NOT NULL,
            PRIMARY KEY (run_id, job_key)
          )""",
          "CREATE INDEX batch_job_key ON batch_job(job_key, status)")),
      new Migration(5, "byte size of output files", sql(
          "ALTER TABLE output_file ADD COLUMN size_bytes INTEGER")),
      new Migration(6, "editing sessions: sessions, turns and their parts", sql(
          """
          CREATE TABLE edit_session (
            session_id   TEXT    PRIMARY KEY,
            created_ms   INTEGER NOT NULL,
            updated_ms   INTEGER NOT NULL,
            provider     TEXT    NOT NULL,
            model        TEXT    NOT NULL,
            mode         TEXT    NOT NULL,
            directory    TEXT    NOT NULL,
            request_json TEXT    NOT NULL
          )""",
          """
          CREATE TABLE edit_turn (
            session_id    TEXT    NOT NULL REFERENCES edit_session(session_id) ON DELETE CASCADE,
            turn_id       INTEGER NOT NULL,
            parent_turn   INTEGER,
            instruction   TEXT    NOT NULL,
            image_path    TEXT    NOT NULL,
            image_sha256  TEXT    NOT NULL,
            model_text    TEXT    NOT NULL DEFAULT '',
            cost_nano_usd INTEGER NOT NULL DEFAULT 0,
            created_ms    INTEGER NOT NULL,
            PRIMARY KEY (session_id, turn_id)
          )""",
          """
          CREATE TABLE edit_part (
            session_id   TEXT    NOT NULL,
            turn_id      INTEGER NOT NULL,
            role         TEXT    NOT NULL,
            part_index   INTEGER NOT NULL,
            text         TEXT,
            image_path   TEXT,
            image_sha256 TEXT,
            mime_type    TEXT,
            signature    BLOB,
            PRIMARY KEY (session_id, turn_id, role, part_index),
            FOREIGN KEY (session_id, turn_id) REFERENCES edit_turn(session_id, turn_id) ON DELETE CASCADE
          )""")),
      new Migration(7, "engine time (a local engine's GPU time) per call", sql(
          "ALTER TABLE generation ADD COLUMN engine_ms INTEGER")));

  private Migrations() {}

  /**
   * Applies every step above {@code from}, in order, on a connection already inside a write
   * transaction, and records the new version.
   */
  static void migrate(Connection c, int from) throws SQLException {
    for (Migration m : ALL) {
      if (m.version() > from) {
        m.step().apply(c);
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = " + LATEST);
    }
  }

  static int userVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static Step sql(String... statements) {
    return c -> {
      try (Statement s = c.createStatement()) {
        for (String sql : statements) {
          s.execute(sql);
        }
      }
    };
  }
}
