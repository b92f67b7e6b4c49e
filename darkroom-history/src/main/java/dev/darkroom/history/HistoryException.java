package dev.darkroom.history;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The history database cannot be used: it is damaged or not a database, was written by a newer
 * Darkroom, stayed locked too long, or the disk failed. The SQLite error is the cause.
 *
 * <p>The parts are apart so that each caller says what fits it: {@link #reason()} to act on,
 * {@link #facts()} (what happened, naming the file), {@link #advice()} (how to repair or avoid the
 * database). The message joins them and, when recording is what failed, adds that a generation can
 * go ahead without the history ({@code --no-history}); a command that only reads the history prints
 * {@link #withoutSkipHint()} instead.
 *
 * <p>Not a {@link dev.darkroom.DarkroomException}: those describe generations, this describes the
 * local record of them.
 */
public final class HistoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the database cannot be used. */
  public enum Reason {
    /** Not a SQLite database, or damaged. */
    DAMAGED,
    /** Written by a newer Darkroom, with a schema this version does not know. */
    NEWER_SCHEMA,
    /** Another process held its lock longer than the busy timeout, every try. */
    LOCKED,
    /** The disk is full. */
    DISK_FULL,
    /** The file or its directory cannot be created, opened or written (permissions, a directory in the way). */
    NOT_ACCESSIBLE,
    /** Interrupted while waiting for a lock. */
    INTERRUPTED,
    /** Any other SQLite failure. */
    OTHER,
  }

  private final Reason reason;
  private final String facts;
  private final @Nullable String advice;
  private final boolean skipHint;

  /** A failure of reason {@link Reason#OTHER}, its message as given. */
  public HistoryException(String message, @Nullable Throwable cause) {
    this(Reason.OTHER, message, null, false, cause);
  }

  /**
   * @param facts what happened, naming the file
   * @param advice how to repair or avoid the database, or null when there is nothing to suggest
   * @param skipHint whether the message adds that the call can run without recording it
   */
  public HistoryException(Reason reason, String facts, @Nullable String advice, boolean skipHint,
      @Nullable Throwable cause) {
    super(message(facts, advice, skipHint), cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.facts = Objects.requireNonNull(facts, "facts");
    this.advice = advice;
    this.skipHint = skipHint;
  }

  private static String message(String facts, @Nullable String advice, boolean skipHint) {
    if (!skipHint) {
      return advice == null ? facts : facts + "; " + advice;
    }
    return facts + "; " + (advice == null ? "" : advice + ", or ") + "run with --no-history";
  }

  public Reason reason() {
    return reason;
  }

  /** What happened, naming the file, without advice. */
  public String facts() {
    return facts;
  }

  /** How to repair or avoid the database (move it aside, upgrade, {@code --home}); never {@code --no-history}. */
  public Optional<String> advice() {
    return Optional.ofNullable(advice);
  }

  /** Whether {@link #getMessage()} suggests running without the history, which helps only a recording command. */
  public boolean suggestsSkipping() {
    return skipHint;
  }

  /** The facts and the advice, without the suggestion to run with {@code --no-history}: for commands that only read. */
  public String withoutSkipHint() {
    return message(facts, advice, false);
  }
}
