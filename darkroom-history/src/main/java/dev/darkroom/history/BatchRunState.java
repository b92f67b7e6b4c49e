package dev.darkroom.history;

/** Where a batch run stands. Stable names: they are stored in the database. */
public enum BatchRunState {
  /** Jobs are being generated one by one (or the process running them was killed; resume it). */
  RUNNING,
  /** Jobs wait in a provider's batch API. */
  SUBMITTED,
  /** Every job was attempted; some may have failed. */
  FINISHED,
  /** Cancelled by the user. */
  CANCELLED
}
