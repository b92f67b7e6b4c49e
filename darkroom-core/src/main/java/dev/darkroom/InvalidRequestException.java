package dev.darkroom;

import org.jspecify.annotations.Nullable;

/** The request is invalid: a bad parameter, an unreadable input, an unknown model. Thrown before anything is sent, except when the provider itself rejects the request (then {@link #httpStatus()} is set). */
public final class InvalidRequestException extends DarkroomException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message) {
    this(message, null, Details.none());
  }

  public InvalidRequestException(String message, @Nullable Throwable cause, Details details) {
    super(message, cause, details);
  }

  @Override
  public ErrorKind kind() {
    return ErrorKind.INVALID_REQUEST;
  }
}
