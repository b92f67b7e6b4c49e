package dev.darkroom;

import org.jspecify.annotations.Nullable;

/** The network failed: connection refused or reset, DNS, TLS. Retried; this means retries ran out. */
public final class TransportException extends DarkroomException {
  private static final long serialVersionUID = 1L;

  public TransportException(String message) {
    this(message, null, Details.none());
  }

  public TransportException(String message, @Nullable Throwable cause, Details details) {
    super(message, cause, details);
  }

  @Override
  public ErrorKind kind() {
    return ErrorKind.TRANSPORT;
  }
}
