package dev.darkroom;

import org.jspecify.annotations.Nullable;

/** A rate limit or quota is exhausted. Per-minute limits are retried honouring the provider's delay; this exception means retries ran out, or the quota is per-day or prepaid credit, which waiting will not fix soon. */
public final class QuotaExceededException extends DarkroomException {
  private static final long serialVersionUID = 1L;

  public QuotaExceededException(String message) {
    this(message, null, Details.none());
  }

  public QuotaExceededException(String message, @Nullable Throwable cause, Details details) {
    super(message, cause, details);
  }

  @Override
  public ErrorKind kind() {
    return ErrorKind.QUOTA;
  }
}
