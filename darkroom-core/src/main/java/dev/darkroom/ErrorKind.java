package dev.darkroom;

/**
 * What kind of failure a {@link DarkroomException} reports. Stable names: the CLI maps them to exit
 * codes and the history stores them.
 */
public enum ErrorKind {
  /** The request was invalid; usually nothing was sent. */
  INVALID_REQUEST,
  /** The API key is missing, wrong, or lacks permission. */
  AUTHENTICATION,
  /** A rate limit or quota (including prepaid credit) is exhausted. */
  QUOTA,
  /** The provider refused the prompt or the generated image. */
  CONTENT_BLOCKED,
  /** The call succeeded but returned no final image. */
  NO_IMAGE,
  /** The provider failed (5xx) after retries. */
  SERVER,
  /** The whole-request deadline passed. */
  TIMEOUT,
  /** The network failed (connection refused or reset, DNS) after retries. */
  TRANSPORT,
  /** The provider answered with something that is not a valid response. */
  MALFORMED_RESPONSE,
  /** A generated image could not be written to disk (nor rescued to the temporary directory). */
  OUTPUT
}
