package dev.darkroom;

/**
 * Where an {@link EditSession} records its turns so it can be resumed later (e.g. the history
 * database). Called once per finished turn, after every file the turn names is on disk; a store
 * keeps signatures as opaque data and never shows them.
 */
@FunctionalInterface
public interface SessionStore {
  /** Records nothing. */
  SessionStore NONE = (session, turn) -> {};

  /**
   * Records {@code turn} of {@code session}.
   *
   * @throws RuntimeException when it cannot; the session reports it as a warning and goes on (the
   *     turn's files are on disk)
   */
  void saveTurn(EditSession session, EditTurn turn);
}
