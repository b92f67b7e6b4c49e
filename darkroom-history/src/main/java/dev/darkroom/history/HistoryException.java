package dev.darkroom.history;

import org.jspecify.annotations.Nullable;

/**
 * The history database cannot be used: it is damaged or not a database, was written by a newer
 * Darkroom, stayed locked too long, or the disk failed. The message names the file and says what to
 * do (move it aside, upgrade, point {@code --home} elsewhere, or run with {@code --no-history}); the
 * SQLite error is the cause.
 *
 * <p>Not a {@link dev.darkroom.DarkroomException}: those describe generations, this describes the
 * local record of them.
 */
public final class HistoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HistoryException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
