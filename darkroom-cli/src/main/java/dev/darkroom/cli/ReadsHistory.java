package dev.darkroom.cli;

/**
 * A command that reads the history without recording into it: a history failure is reported
 * without the suggestion to run with {@code --no-history}, which only helps a command that records.
 */
interface ReadsHistory {
  /** Whether this invocation only reads the history; true unless the command also generates. */
  default boolean readsHistoryOnly() {
    return true;
  }
}
