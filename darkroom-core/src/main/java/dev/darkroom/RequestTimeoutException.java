package dev.darkroom;

import org.jspecify.annotations.Nullable;

/** The request did not complete within its deadline. The provider may still have billed it. */
public final class RequestTimeoutException extends DarkroomException {
  private static final long serialVersionUID = 1L;

  public RequestTimeoutException(String message) {
    this(message, null, Details.none());
  }

  public RequestTimeoutException(String message, @Nullable Throwable cause, Details details) {
    super(message, cause, details);
  }

  @Override
  public ErrorKind kind() {
    return ErrorKind.TIMEOUT;
  }
}
