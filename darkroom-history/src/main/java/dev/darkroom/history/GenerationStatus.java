package dev.darkroom.history;

/** Where one provider call stands. Stable names: they are stored in the database. */
public enum GenerationStatus {
  /** Sent and not yet completed by a process that is still alive. */
  RUNNING,
  /** Images returned and saved. */
  SUCCEEDED,
  /** The provider refused the prompt or the image; it may still have billed prompt tokens. */
  BLOCKED,
  /** The call succeeded but returned no final image. */
  NO_IMAGE,
  /** The call failed; {@link GenerationRecord#errorKind()} says how. */
  FAILED,
  /**
   * The process that sent the call ended (crash, kill, power loss) before completing the row, or the
   * row stayed running longer than the history's stale limit. The provider may have billed it.
   */
  INTERRUPTED;

  /** Whether the row is complete and will not change. */
  public boolean isFinal() {
    return this != RUNNING;
  }
}
