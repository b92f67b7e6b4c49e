package dev.darkroom;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Root of every failure Darkroom reports. Unchecked; catch the subtype you can act on, or this class
 * and switch on {@link #kind()}.
 *
 * <p>Messages say what happened and what to do next. They never contain an API key: every message
 * and response body passes through the client's redactor before an exception is built.
 */
public abstract sealed class DarkroomException extends RuntimeException
    permits InvalidRequestException,
        AuthenticationException,
        QuotaExceededException,
        ContentBlockedException,
        NoImageException,
        ServerException,
        RequestTimeoutException,
        TransportException,
        MalformedResponseException,
        OutputException {

  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final @Nullable String vendorStatus;
  private final @Nullable String responseBody;
  private final boolean retryable;
  private final @Nullable Duration retryAfter;
  private volatile int attempts;

  DarkroomException(String message, @Nullable Throwable cause, Details details) {
    super(message, cause);
    this.httpStatus = details.httpStatus;
    this.vendorStatus = details.vendorStatus;
    this.responseBody = details.responseBody;
    this.retryable = details.retryable;
    this.retryAfter = details.retryAfter;
  }

  /** The kind of failure, for exit codes, history rows and switch statements. */
  public abstract ErrorKind kind();

  /** The HTTP status the provider answered with, or 0 when no HTTP response was received. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The provider's own status string, such as {@code RESOURCE_EXHAUSTED}. */
  public Optional<String> vendorStatus() {
    return Optional.ofNullable(vendorStatus);
  }

  /** The provider's error body (redacted, at most 64 KiB), when there was one. */
  public Optional<String> responseBody() {
    return Optional.ofNullable(responseBody);
  }

  /** Whether trying the same request again later may succeed. */
  public boolean isRetryable() {
    return retryable;
  }

  /** The delay the provider asked for (RetryInfo or Retry-After), when it gave one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * HTTP attempts made before giving up (1 when nothing was retried), or 0 when the failure happened
   * before any request was sent or outside a client call.
   */
  public int attempts() {
    return attempts;
  }

  void attempts(int attempts) {
    this.attempts = attempts;
  }

  /** Optional fields shared by all subtypes; a small mutable carrier used only while building. */
  public static final class Details {
    int httpStatus;
    @Nullable String vendorStatus;
    @Nullable String responseBody;
    boolean retryable;
    @Nullable Duration retryAfter;

    public static Details none() {
      return new Details();
    }

    public static Details http(int status, @Nullable String vendorStatus, @Nullable String body) {
      Details d = new Details();
      d.httpStatus = status;
      d.vendorStatus = vendorStatus;
      d.responseBody = body;
      return d;
    }

    public Details retryable(boolean retryable) {
      this.retryable = retryable;
      return this;
    }

    public Details retryAfter(@Nullable Duration retryAfter) {
      this.retryAfter = retryAfter;
      return this;
    }
  }
}
