package dev.darkroom.history.internal;

import dev.darkroom.Sleeper;
import dev.darkroom.history.HistoryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;

/**
 * One connection to a history file, shared by the threads of one {@code History} and used under a
 * lock. Several processes may hold their own connections to the same file at once: the database
 * runs in WAL mode, waits up to the busy timeout for a lock, takes write locks up front
 * ({@code BEGIN IMMEDIATE}) and retries a whole transaction, with capped jittered backoff, when
 * SQLite still answers "busy".
 *
 * <p>Opening checks the schema version before anything is written: a newer schema is refused and
 * the file left untouched; an older one is upgraded in one transaction.
 */
public final class Database implements AutoCloseable {
  private static final int MAX_ATTEMPTS = 10;
  private static final Duration BASE_BACKOFF = Duration.ofMillis(10);
  private static final Duration MAX_BACKOFF = Duration.ofMillis(500);

  private final Path file;
  private final Connection connection;
  private final Sleeper sleeper;
  private final Duration busyTimeout;
  private final Object lock = new Object();
  private boolean fullText;

  private Database(Path file, Connection connection, Sleeper sleeper, Duration busyTimeout) {
    this.file = file;
    this.connection = connection;
    this.sleeper = sleeper;
    this.busyTimeout = busyTimeout;
  }

  /**
   * Opens (creating if needed) and upgrades the database at {@code file}.
   *
   * @param busyTimeout how long SQLite waits for another process's lock before answering "busy"
   * @throws HistoryException naming the file: damaged or not SQLite, newer schema, unusable location
   */
  public static Database open(Path file, Sleeper sleeper, Duration busyTimeout) {
    Path path = file.toAbsolutePath().normalize();
    prepareLocation(path);
    if (path.getParent() != null) {
      NativeLibraryCache.use(path.getParent());
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
    Connection c;
    try {
      c = config.createConnection("jdbc:sqlite:" + path);
    } catch (SQLException e) {
      throw Failures.of(path, "open", e, busyTimeout);
    }
    try {
      int version = Migrations.userVersion(c);
      if (version > Migrations.LATEST) {
        throw Failures.newer(path, version);
      }
      Database db = new Database(path, c, sleeper, busyTimeout);
      db.retrying("open", Database::setUp);
      db.upgrade(version);
      db.fullText = FullText.present(c);
      return db;
    } catch (SQLException e) {
      closeQuietly(c);
      throw Failures.of(path, "open", e, busyTimeout);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private static void prepareLocation(Path path) {
    if (Files.isDirectory(path)) {
      throw new HistoryException(HistoryException.Reason.NOT_ACCESSIBLE, "history database " + path
          + " is a directory, not a file", "move it aside or use --home to point elsewhere", true, null);
    }
    Path parent = path.getParent();
    if (parent != null) {
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        throw new HistoryException(HistoryException.Reason.NOT_ACCESSIBLE, "cannot create the directory for history"
            + " database " + path + ": " + e, "use --home to point elsewhere", true, e);
      }
    }
  }

  private static @Nullable Void setUp(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      // WAL lets readers and one writer work at once; FULL syncs each commit so a write-ahead row
      // survives power loss, not just a killed process. A few commits per image cost nothing.
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
        rs.next();
      }
      s.execute("PRAGMA synchronous = FULL");
      s.execute("PRAGMA foreign_keys = ON");
    }
    return null;
  }

  private void upgrade(int seen) {
    boolean ftsMissing;
    try {
      ftsMissing = FullText.missing(connection);
    } catch (SQLException e) {
      throw Failures.of(file, "open", e, busyTimeout);
    }
    if (seen == Migrations.LATEST && !ftsMissing) {
      return;
    }
    write("upgrade", c -> {
      int version = Migrations.userVersion(c);
      if (version > Migrations.LATEST) {
        throw Failures.newer(file, version);
      }
      if (version < Migrations.LATEST) {
        Migrations.migrate(c, version);
      }
      FullText.ensure(c);
      return null;
    });
  }

  /** The absolute path of the database file. */
  public Path file() {
    return file;
  }

  /** Whether prompts have a full-text index (else searches use {@code LIKE}). */
  public boolean fullText() {
    synchronized (lock) {
      return fullText;
    }
  }

  /** Runs {@code work} in a write transaction, retrying it whole while the database is busy. */
  public <T> T write(String action, SqlWork<T> work) {
    return inTransaction("BEGIN IMMEDIATE", action, work);
  }

  /** Runs {@code work} in a read transaction (one consistent snapshot). */
  public <T> T read(String action, SqlWork<T> work) {
    return inTransaction("BEGIN", action, work);
  }

  private <T> T inTransaction(String begin, String action, SqlWork<T> work) {
    return retrying(action, c -> once(begin, work));
  }

  /** Runs {@code work}, again after a jittered pause while SQLite answers "busy", at most {@value #MAX_ATTEMPTS} times. */
  private <T> T retrying(String action, SqlWork<T> work) {
    synchronized (lock) {
      for (int attempt = 1; ; attempt++) {
        try {
          return work.run(connection);
        } catch (SQLException e) {
          if (!SqliteErrors.isBusy(e) || attempt >= MAX_ATTEMPTS) {
            throw Failures.of(file, action, e, busyTimeout);
          }
          backOff(attempt, action, e);
        }
      }
    }
  }

  private <T> T once(String begin, SqlWork<T> work) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(begin);
      boolean done = false;
      try {
        T result = work.run(connection);
        s.execute("COMMIT");
        done = true;
        return result;
      } finally {
        if (!done) {
          rollback(s);
        }
      }
    }
  }

  private static void rollback(Statement s) {
    try {
      s.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // No transaction left to roll back (SQLite already ended it); the original failure is reported.
    }
  }

  private void backOff(int attempt, String action, SQLException cause) {
    long cap = Math.min(MAX_BACKOFF.toMillis(), BASE_BACKOFF.toMillis() << Math.min(attempt, 20));
    long millis = 1 + ThreadLocalRandom.current().nextLong(cap);
    try {
      sleeper.sleep(Duration.ofMillis(millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      HistoryException h = new HistoryException(HistoryException.Reason.INTERRUPTED,
          "interrupted while waiting for history database " + file + " to " + action, null, false, e);
      h.addSuppressed(cause);
      throw h;
    }
  }

  /** Closes the connection; SQLite checkpoints the write-ahead log when the last one closes. */
  @Override
  public void close() {
    synchronized (lock) {
      closeQuietly(connection);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // Nothing to do: the data is committed and the file is consistent without a clean close.
    }
  }
}
