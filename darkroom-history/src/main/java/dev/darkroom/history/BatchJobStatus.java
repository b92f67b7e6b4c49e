package dev.darkroom.history;

/** Where one job of a batch run stands. Stable names: they are stored in the database. */
public enum BatchJobStatus {
  /** Not done yet: never sent, in flight when a process died, or to be sent again. */
  PENDING,
  /** Waiting in a provider batch ({@link BatchJobRecord#batchName()}). */
  SUBMITTED,
  /** Its image is on disk and its generation recorded. */
  DONE,
  /** Failed for good in this run (blocked, no image, retries exhausted); a later run tries again. */
  FAILED
}
