package dev.darkroom;

import org.jspecify.annotations.Nullable;

/**
 * A generated image could not be written where it was asked to go, nor rescued to the temporary
 * directory (disk full, permissions changed mid-run). The message names both places.
 */
public final class OutputException extends DarkroomException {
  private static final long serialVersionUID = 1L;

  public OutputException(String message, @Nullable Throwable cause) {
    super(message, cause, Details.none());
  }

  @Override
  public ErrorKind kind() {
    return ErrorKind.OUTPUT;
  }
}
