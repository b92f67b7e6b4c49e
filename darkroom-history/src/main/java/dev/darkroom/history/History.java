package dev.darkroom.history;

import dev.darkroom.DarkroomException;
import dev.darkroom.Generation;
import dev.darkroom.EditSession;
import dev.darkroom.EditTurn;
import dev.darkroom.GenerationRecorder;
import dev.darkroom.SessionStore;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.Sleeper;
import dev.darkroom.history.internal.Database;
import dev.darkroom.history.internal.Migrations;
import dev.darkroom.history.internal.ProcessOwner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The history of generations: an embedded SQLite database recording every call that reached a
 * provider, what it cost and which files it produced. Pass it to a client as its recorder and it
 * writes ahead: a row is created before each call is sent and completed after the images are safely
 * on disk, so a crash or kill leaves an honest {@link GenerationStatus#INTERRUPTED} row rather than a
 * paid image without a trace.
 *
 * <pre>{@code
 * try (History history = History.openDefault(System.getenv());
 *     Darkroom darkroom = Darkroom.builder().env(System.getenv()).recorder(history.withRun(history.newRunId())).build()) {
 *   darkroom.generate(request, SaveOptions.toDirectory(Path.of("out")));
 *   CostReport today = history.cost(CostQuery.builder().since(startOfToday).groupBy(CostGrouping.MODEL).build());
 * }
 * }</pre>
 *
 * <p>The database lives at {@code ~/.darkroom/history.db}, or {@code $DARKROOM_HOME/history.db}.
 * It never holds an API key or image bytes: prompts, parameters, digests and paths only.
 *
 * <p>Thread-safe. Several processes may write the same file at once (WAL mode, busy timeout, short
 * transactions, retried when busy); the file must be on a local disk, as SQLite's WAL mode does not
 * work over network file systems. Opening upgrades an older schema in place and refuses a newer
 * one without touching the file. Failures of the database are {@link HistoryException}s naming the
 * file and the way out.
 */
public final class History implements GenerationRecorder, SessionStore, AutoCloseable {
  /** The schema version this library reads and writes ({@code PRAGMA user_version}). */
  public static final int SCHEMA_VERSION = Migrations.LATEST;
  /** The file name inside the Darkroom home directory. */
  public static final String FILE_NAME = "history.db";

  private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmssSSS").withZone(ZoneOffset.UTC);

  private final Database db;
  private final Clock clock;
  private final Duration staleAfter;
  private final ProcessOwner owner = ProcessOwner.current();
  private final SessionJournal sessions;

  private History(Builder b, Path file) {
    this.clock = b.clock;
    this.staleAfter = b.staleAfter;
    this.db = Database.open(file, b.sleeper, b.busyTimeout);
    this.sessions = new SessionJournal(db, b.clock);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Opens (creating if needed) the history at {@code dbFile} with default settings. */
  public static History open(Path dbFile) {
    return builder().file(dbFile).build();
  }

  /** Opens the history at {@link #defaultFile(Map)} with default settings; pass {@code System.getenv()}. */
  public static History openDefault(Map<String, String> env) {
    return builder().env(env).build();
  }

  /** {@code $DARKROOM_HOME/history.db} when that variable is set and not blank, else {@code ~/.darkroom/history.db}. */
  public static Path defaultFile(Map<String, String> env) {
    String home = env.get("DARKROOM_HOME");
    Path dir = home != null && !home.isBlank()
        ? Path.of(home.strip())
        : Path.of(System.getProperty("user.home"), ".darkroom");
    return dir.resolve(FILE_NAME);
  }

  /** The absolute path of the database file. */
  public Path file() {
    return db.file();
  }

  /**
   * Records a finished turn of an editing session (its files are on disk): the session's first
   * request, the turn with its parent, its image's path and SHA-256, the user's and the model's
   * parts; the model's signatures go in as opaque BLOBs and are never shown.
   *
   * @throws HistoryException when the rows cannot be written
   */
  @Override
  public void saveTurn(EditSession session, EditTurn turn) {
    sessions.saveTurn(session, turn);
  }

  /** The editing session {@code id}, with every turn, for resuming it; empty when unknown. */
  public Optional<StoredSession> session(String id) {
    return sessions.read(id);
  }

  /** Ids of the most recently used editing sessions, newest first, at most {@code limit}. */
  public List<String> sessionIds(int limit) {
    return sessions.ids(limit);
  }

  /**
   * Records that a call is about to be sent, as a {@link GenerationStatus#RUNNING} row outside any run.
   *
   * @throws HistoryException when the row cannot be written; the client then sends nothing
   */
  @Override
  public Call begin(ImageRequest request, List<String> inputSha256, int call) {
    return begin(request, inputSha256, call, null, null);
  }

  /**
   * Records that a call is about to be sent, as {@link #begin(ImageRequest, List, int)}, keeping the
   * client's {@code maxInputSide} with the request so that {@link StoredRequest#maxInputSide()} can
   * send the same image bytes again.
   *
   * @throws HistoryException when the row cannot be written; the client then sends nothing
   */
  @Override
  public Call begin(ImageRequest request, List<String> inputSha256, int call, int maxInputSide) {
    return begin(request, inputSha256, call, maxInputSide, null);
  }

  /**
   * A recorder writing to this history that tags every row with {@code runId}, for batches. Closing
   * stays with this history.
   *
   * @throws IllegalArgumentException when {@code runId} is blank or longer than 200 characters
   */
  public GenerationRecorder withRun(String runId) {
    Objects.requireNonNull(runId, "runId");
    if (runId.isBlank() || runId.length() > 200) {
      throw new IllegalArgumentException("runId must be 1 to 200 characters and not blank, got '" + runId + "'");
    }
    return new GenerationRecorder() {
      @Override
      public Call begin(ImageRequest request, List<String> inputSha256, int call) {
        return History.this.begin(request, inputSha256, call, null, runId);
      }

      @Override
      public Call begin(ImageRequest request, List<String> inputSha256, int call, int maxInputSide) {
        return History.this.begin(request, inputSha256, call, maxInputSide, runId);
      }
    };
  }

  /** A fresh run id that sorts by time: UTC start time and random hex, e.g. {@code 20261122-143012345-9f3a61}. */
  public String newRunId() {
    return RUN_TIME.format(clock.instant()) + "-"
        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
  }

  private Call begin(ImageRequest request, List<String> inputSha256, int call, @Nullable Integer maxInputSide,
      @Nullable String runId) {
    Objects.requireNonNull(request, "request");
    long started = System.nanoTime();
    long id = db.write("record a new generation in",
        c -> RecordWriter.begin(c, request, inputSha256, maxInputSide, call, runId, clock.instant(), owner));
    return new RowCall(id, started);
  }

  /** Completes one row, once; later completions are ignored. */
  private final class RowCall implements Call {
    private final long id;
    private final long startNanos;
    private final AtomicBoolean done = new AtomicBoolean();

    RowCall(long id, long startNanos) {
      this.id = id;
      this.startNanos = startNanos;
    }

    @Override
    public void succeeded(Generation generation) {
      Objects.requireNonNull(generation, "generation");
      if (done.compareAndSet(false, true)) {
        db.write("complete generation #" + id + " in", c -> {
          RecordWriter.succeeded(c, id, generation, clock.instant());
          return null;
        });
      }
    }

    @Override
    public void failed(DarkroomException error) {
      Objects.requireNonNull(error, "error");
      if (done.compareAndSet(false, true)) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        db.write("complete generation #" + id + " in", c -> {
          RecordWriter.failed(c, id, error, elapsed, clock.instant());
          return null;
        });
      }
    }
  }

  /**
   * Rows matching {@code query}, newest first, each with its output files. Rows left running by a
   * process that is gone are marked {@link GenerationStatus#INTERRUPTED} first.
   */
  public List<GenerationRecord> list(HistoryQuery query) {
    Objects.requireNonNull(query, "query");
    Reaper.reap(db, clock.instant(), staleAfter);
    boolean fullText = db.fullText();
    return db.read("read", c -> RecordReader.list(c, query, fullText));
  }

  /** One row by id, with its output files; empty when there is no such row. */
  public Optional<GenerationRecord> get(long id) {
    Reaper.reap(db, clock.instant(), staleAfter);
    return db.read("read", c -> RecordReader.get(c, id));
  }

  /** Spend in the query's time range, grouped by day, model or run, with blocked and failed calls apart. */
  public CostReport cost(CostQuery query) {
    Objects.requireNonNull(query, "query");
    Reaper.reap(db, clock.instant(), staleAfter);
    return db.read("read", c -> CostSums.sum(c, query));
  }

  /**
   * The request that produced {@code record}, ready to send again: same model, prompt, system prompt,
   * parameters, seed, grid and reference images, with a count of 1 (a row is one call). For a variant,
   * such as a side-by-side run on another model, call {@code newBuilder(catalog)} on the result.
   * Image URLs are downloaded again when sent and are not checked.
   *
   * @throws InvalidRequestException naming the file when a reference image is gone or its SHA-256
   *     changed, when an input was given in memory, or when the catalog no longer accepts the request
   */
  public ImageRequest rebuildRequest(GenerationRecord record, ModelCatalog catalog) {
    return Rebuilder.rebuild(Objects.requireNonNull(record, "record"), Objects.requireNonNull(catalog, "catalog"));
  }

  /**
   * Points a recorded output file at a new location after the caller rewrote it there, such as the
   * grid composer saving a cell under its own name with its own prompt in its metadata. The row keeps
   * its kind, parent, generation and grid position; its path, SHA-256 and size (read from {@code to},
   * unknown when it cannot be read) change.
   *
   * @param from the path the file was recorded under (made absolute and normalized, as stored)
   * @param sha256 lower-case hex SHA-256 of the file now at {@code to}
   * @return the number of output rows updated: 0 when nothing was recorded at {@code from}
   */
  public int relocateOutput(Path from, Path to, String sha256) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, got '" + sha256 + "'");
    }
    Long sizeBytes = sizeOf(to);
    return db.write("relocate an output file in", c -> RecordWriter.relocate(c, from, to, sha256, sizeBytes));
  }

  private static @Nullable Long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return null;
    }
  }

  /** The journal of {@code darkroom batch} runs kept in this history (schema version 4 and later). */
  public BatchJournal batchJournal() {
    return new BatchJournal(db, clock, owner);
  }

  /** Closes the database. Calls still running are completed by nobody and will read as interrupted. Idempotent. */
  @Override
  public void close() {
    db.close();
  }

  @Override
  public String toString() {
    return "History{" + db.file() + "}";
  }

  /** Configures a {@link History}. Defaults: {@link #defaultFile(Map)} of the process environment, 1 h stale limit, 5 s busy timeout. */
  public static final class Builder {
    private @Nullable Path file;
    private @Nullable Map<String, String> env;
    private Duration staleAfter = Duration.ofHours(1);
    private Duration busyTimeout = Duration.ofSeconds(5);
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;

    private Builder() {}

    /** The database file; wins over {@link #home} and {@link #env}. */
    public Builder file(Path file) {
      this.file = Objects.requireNonNull(file, "file");
      return this;
    }

    /** A Darkroom home directory (the {@code --home} option): the database is {@code home/history.db}. */
    public Builder home(Path home) {
      return file(home.resolve(FILE_NAME));
    }

    /** Takes the location from {@code DARKROOM_HOME} in {@code env} unless {@link #file} or {@link #home} is set. */
    public Builder env(Map<String, String> env) {
      this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
      return this;
    }

    /**
     * A running row older than this reads as interrupted even when its process is alive (a hung
     * process, or one on another machine sharing the file). Set it above the client's timeout
     * times its retries. Default 1 hour.
     */
    public Builder staleAfter(Duration staleAfter) {
      if (staleAfter.isNegative() || staleAfter.isZero()) {
        throw new IllegalArgumentException("staleAfter must be positive, got " + staleAfter);
      }
      this.staleAfter = staleAfter;
      return this;
    }

    /** How long to wait for another process's lock before retrying; default 5 s. */
    public Builder busyTimeout(Duration busyTimeout) {
      if (busyTimeout.isNegative()) {
        throw new IllegalArgumentException("busyTimeout must not be negative, got " + busyTimeout);
      }
      this.busyTimeout = busyTimeout;
      return this;
    }

    /** For tests: the clock that stamps rows. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** For tests: how the history waits between retries on a busy database. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Opens the database, creating the file and its directory if needed and upgrading an older schema.
     *
     * @throws HistoryException naming the file when it is damaged or not SQLite, was written by a newer
     *     Darkroom, or cannot be created
     */
    public History build() {
      Path f = file != null ? file : defaultFile(env != null ? env : System.getenv());
      return new History(this, f);
    }
  }
}
