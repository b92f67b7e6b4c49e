package dev.darkroom.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A scripted answer for one image request, queued with {@link FakeOpenAI#enqueue}. Replies are used
 * in order, one per {@code /v1/images/generations} or {@code /v1/images/edits} request that passed
 * the API-key check; once the queue is empty the fake behaves normally again.
 *
 * <p>Error replies use the exact {@code {"error":{"message","type","param","code"}}} bodies OpenAI
 * sends (see the factory methods). On a streaming request, errors arrive before the stream starts,
 * except {@link #streamError}.
 */
public final class FakeOpenAiReply {
  enum Kind {
    RATE_LIMITED, RETRY_AFTER_SECONDS, INSUFFICIENT_QUOTA, MODERATION_BLOCKED, ORG_NOT_VERIFIED, STATUS,
    CONNECTION_RESET, TRUNCATED_BODY, MALFORMED_JSON, HTML, DELAY, RAW_JSON, STREAM_ERROR, NO_IMAGE
  }

  final Kind kind;
  final Duration duration;
  final int code;
  final String type;
  final String errorCode;
  final String message;
  final List<String> categories;
  final byte[] body;

  private FakeOpenAiReply(Kind kind, Duration duration, int code, String type, String errorCode, String message,
      List<String> categories, byte[] body) {
    this.kind = kind;
    this.duration = duration;
    this.code = code;
    this.type = type;
    this.errorCode = errorCode;
    this.message = message;
    this.categories = List.copyOf(categories);
    this.body = body;
  }

  private static FakeOpenAiReply of(Kind kind) {
    return new FakeOpenAiReply(kind, Duration.ZERO, 0, "", "", "", List.of(), new byte[0]);
  }

  /**
   * 429 {@code rate_limit_exceeded} (images per minute) with {@code retry-after-ms} and
   * {@code retry-after} (whole seconds, rounded up) headers.
   */
  public static FakeOpenAiReply rateLimited(Duration retryAfter) {
    requireNonNegative(retryAfter, "retryAfter");
    return new FakeOpenAiReply(Kind.RATE_LIMITED, retryAfter, 429, "requests", "rate_limit_exceeded", "", List.of(),
        new byte[0]);
  }

  /** 429 {@code rate_limit_exceeded} with only a {@code retry-after: seconds} header (as some gateways send). */
  public static FakeOpenAiReply retryAfterSeconds(int seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("seconds must be >= 0, got " + seconds);
    }
    return new FakeOpenAiReply(Kind.RETRY_AFTER_SECONDS, Duration.ofSeconds(seconds), 429, "requests",
        "rate_limit_exceeded", "", List.of(), new byte[0]);
  }

  /** 429 {@code insufficient_quota}: credit or spend limit exhausted; waiting does not help. */
  public static FakeOpenAiReply insufficientQuota() {
    return of(Kind.INSUFFICIENT_QUOTA);
  }

  /**
   * 400 {@code image_generation_user_error} / {@code moderation_blocked} with
   * {@code moderation_details} naming the stage and categories.
   *
   * @param stage {@code input} or {@code output}
   * @param categories e.g. {@code sexual}, {@code violence}; may be empty
   */
  public static FakeOpenAiReply moderationBlocked(String stage, String... categories) {
    return new FakeOpenAiReply(Kind.MODERATION_BLOCKED, Duration.ZERO, 400, "image_generation_user_error",
        "moderation_blocked", Objects.requireNonNull(stage, "stage"), List.of(categories), new byte[0]);
  }

  /** 403 with OpenAI's verbatim "Your organization must be verified to use the model" message. */
  public static FakeOpenAiReply organizationNotVerified() {
    return of(Kind.ORG_NOT_VERIFIED);
  }

  /**
   * Any error body, e.g. {@code status(503, "server_error", null, "The server is overloaded.")}.
   *
   * @param errorCode the {@code code} field, or null
   */
  public static FakeOpenAiReply status(int code, String type, String errorCode, String message) {
    if (code < 400 || code > 599) {
      throw new IllegalArgumentException("code must be an HTTP error status 400..599, got " + code);
    }
    return new FakeOpenAiReply(Kind.STATUS, Duration.ZERO, code, Objects.requireNonNull(type, "type"),
        errorCode == null ? "" : errorCode, Objects.requireNonNull(message, "message"), List.of(), new byte[0]);
  }

  /** Aborts the connection with a TCP reset before sending anything. */
  public static FakeOpenAiReply connectionReset() {
    return of(Kind.CONNECTION_RESET);
  }

  /** The normal response, but the connection closes halfway through the body (or the last event). */
  public static FakeOpenAiReply truncatedBody() {
    return of(Kind.TRUNCATED_BODY);
  }

  /** HTTP 200 {@code application/json} whose body is not valid JSON. */
  public static FakeOpenAiReply malformedJson() {
    return of(Kind.MALFORMED_JSON);
  }

  /** An HTML error page with this status, like a gateway sends (e.g. 502). */
  public static FakeOpenAiReply html(int code) {
    if (code < 100 || code > 599) {
      throw new IllegalArgumentException("code must be an HTTP status, got " + code);
    }
    return new FakeOpenAiReply(Kind.HTML, Duration.ZERO, code, "", "", "", List.of(), new byte[0]);
  }

  /** Waits {@code delay}, then behaves normally. */
  public static FakeOpenAiReply delay(Duration delay) {
    requireNonNegative(delay, "delay");
    return new FakeOpenAiReply(Kind.DELAY, delay, 0, "", "", "", List.of(), new byte[0]);
  }

  /** Exactly these bytes as an {@code application/json} body with this status. */
  public static FakeOpenAiReply rawJson(int code, byte[] body) {
    return new FakeOpenAiReply(Kind.RAW_JSON, Duration.ZERO, code, "", "", "", List.of(),
        Objects.requireNonNull(body, "body").clone());
  }

  /** HTTP 200 with {@code data: []}: an answer without an image. */
  public static FakeOpenAiReply noImage() {
    return of(Kind.NO_IMAGE);
  }

  /**
   * On a streaming request: the partial images, then an {@code error} event with this code and
   * message instead of the completed event. On a plain request: the same error as HTTP 500.
   */
  public static FakeOpenAiReply streamError(String errorCode, String message) {
    return new FakeOpenAiReply(Kind.STREAM_ERROR, Duration.ZERO, 500, "server_error",
        Objects.requireNonNull(errorCode, "errorCode"), Objects.requireNonNull(message, "message"), List.of(),
        new byte[0]);
  }

  private static void requireNonNegative(Duration d, String name) {
    if (Objects.requireNonNull(d, name).isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
  }

  @Override
  public String toString() {
    return "FakeOpenAiReply[" + kind + (code == 0 ? "" : " " + code) + (duration.isZero() ? "" : " " + duration) + "]";
  }
}
