package dev.darkroom;

import org.jspecify.annotations.Nullable;

/** The provider failed with a server error (5xx, or an unexpected status) after retries. */
public final class ServerException extends DarkroomException {
  private static final long serialVersionUID = 1L;

  public ServerException(String message) {
    this(message, null, Details.none());
  }

  public ServerException(String message, @Nullable Throwable cause, Details details) {
    super(message, cause, details);
  }

  @Override
  public ErrorKind kind() {
    return ErrorKind.SERVER;
  }
}
