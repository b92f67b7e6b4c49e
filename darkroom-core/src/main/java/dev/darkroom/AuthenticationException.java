package dev.darkroom;

import org.jspecify.annotations.Nullable;

/** The API key is missing, invalid, or not allowed to use the model or feature. Never retried. */
public final class AuthenticationException extends DarkroomException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String message) {
    this(message, null, Details.none());
  }

  public AuthenticationException(String message, @Nullable Throwable cause, Details details) {
    super(message, cause, details);
  }

  @Override
  public ErrorKind kind() {
    return ErrorKind.AUTHENTICATION;
  }
}
