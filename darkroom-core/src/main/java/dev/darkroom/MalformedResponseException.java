package dev.darkroom;

import org.jspecify.annotations.Nullable;

/** The provider answered with something that is not a valid response (truncated or malformed JSON, an HTML page, an undecodable image). Retried; this means retries ran out. */
public final class MalformedResponseException extends DarkroomException {
  private static final long serialVersionUID = 1L;

  public MalformedResponseException(String message) {
    this(message, null, Details.none());
  }

  public MalformedResponseException(String message, @Nullable Throwable cause, Details details) {
    super(message, cause, details);
  }

  @Override
  public ErrorKind kind() {
    return ErrorKind.MALFORMED_RESPONSE;
  }
}
