package dev.darkroom.testkit;

import dev.darkroom.testkit.internal.GridSpec;
import java.time.Duration;
import java.util.Objects;

/**
 * A scripted answer for one generate request, queued with {@link FakeGemini#enqueue}. Replies are
 * used in order, one per {@code generateContent} or {@code streamGenerateContent} request that
 * passed the API-key check; once the queue is empty the fake behaves normally again.
 *
 * <p>Error replies use the exact google.rpc.Status JSON Google sends. Content outcomes
 * ({@link #imageSafety()}, {@link #promptBlocked}, {@link #noImage()}, {@link #textOnly}) are
 * HTTP 200, as on the real service. On a streaming request, content outcomes arrive as one
 * server-sent event and HTTP errors arrive before the stream starts.
 */
public final class FakeReply {
  enum Kind {
    RATE_LIMITED, DAILY_QUOTA, RETRY_AFTER_HEADER, STATUS, CONNECTION_RESET, TRUNCATED_BODY,
    MALFORMED_JSON, HTML, DELAY, IMAGE_SAFETY, PROMPT_BLOCKED, NO_IMAGE, TEXT_ONLY, RAW_JSON, GRID
  }

  final Kind kind;
  final Duration duration;
  final int code;
  final String status;
  final String text;
  final byte[] body;
  final GridSpec grid;

  private FakeReply(Kind kind, Duration duration, int code, String status, String text,
      byte[] body, GridSpec grid) {
    this.kind = kind;
    this.duration = duration;
    this.code = code;
    this.status = status;
    this.text = text;
    this.body = body;
    this.grid = grid;
  }

  private static FakeReply of(Kind kind) {
    return new FakeReply(kind, Duration.ZERO, 0, "", "", new byte[0], null);
  }

  /**
   * 429 RESOURCE_EXHAUSTED for the per-minute quota ({@code
   * GenerateRequestsPerMinutePerProjectPerModel}), with a RetryInfo detail whose {@code
   * retryDelay} is {@code retryDelay} in proto form ("34s", "1.5s").
   */
  public static FakeReply rateLimited(Duration retryDelay) {
    requireNonNegative(retryDelay, "retryDelay");
    return new FakeReply(Kind.RATE_LIMITED, retryDelay, 429, "RESOURCE_EXHAUSTED", "",
        new byte[0], null);
  }

  /**
   * 429 RESOURCE_EXHAUSTED for the per-day quota ({@code GenerateRequestsPerDayPerProjectPerModel});
   * it still carries a short RetryInfo (43 s), as Google's does, although waiting will not help.
   */
  public static FakeReply dailyQuotaExhausted() {
    return new FakeReply(Kind.DAILY_QUOTA, Duration.ofSeconds(43), 429, "RESOURCE_EXHAUSTED", "",
        new byte[0], null);
  }

  /**
   * 429 RESOURCE_EXHAUSTED with a {@code Retry-After: seconds} header and no RetryInfo detail,
   * for clients that honour the header (e.g. behind a proxy).
   */
  public static FakeReply retryAfterHeader(int seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("seconds must be >= 0, got " + seconds);
    }
    return new FakeReply(Kind.RETRY_AFTER_HEADER, Duration.ofSeconds(seconds), 429,
        "RESOURCE_EXHAUSTED", "", new byte[0], null);
  }

  /**
   * Any google.rpc error, e.g. {@code status(503, "UNAVAILABLE", "The model is overloaded.")}.
   *
   * @param code HTTP status, 400 to 599
   */
  public static FakeReply status(int code, String status, String message) {
    if (code < 400 || code > 599) {
      throw new IllegalArgumentException("code must be an HTTP error status 400..599, got " + code);
    }
    return new FakeReply(Kind.STATUS, Duration.ZERO, code, Objects.requireNonNull(status, "status"),
        Objects.requireNonNull(message, "message"), new byte[0], null);
  }

  /** Aborts the connection with a TCP reset before sending anything. */
  public static FakeReply connectionReset() {
    return of(Kind.CONNECTION_RESET);
  }

  /**
   * The normal response for the request, but the connection closes halfway through the body
   * (Content-Length announces the whole body). On a stream, the last event is cut in half.
   */
  public static FakeReply truncatedBody() {
    return of(Kind.TRUNCATED_BODY);
  }

  /** HTTP 200 {@code application/json} whose body is not valid JSON. */
  public static FakeReply malformedJson() {
    return of(Kind.MALFORMED_JSON);
  }

  /** An HTML error page with this status, like a proxy or load balancer sends (e.g. 502). */
  public static FakeReply html(int code) {
    if (code < 100 || code > 599) {
      throw new IllegalArgumentException("code must be an HTTP status, got " + code);
    }
    return new FakeReply(Kind.HTML, Duration.ZERO, code, "", "", new byte[0], null);
  }

  /** Waits {@code delay}, then behaves normally (validation, rate limit and latency included). */
  public static FakeReply delay(Duration delay) {
    requireNonNegative(delay, "delay");
    return new FakeReply(Kind.DELAY, delay, 0, "", "", new byte[0], null);
  }

  /** HTTP 200, candidate with {@code finishReason: IMAGE_SAFETY} and content without parts. */
  public static FakeReply imageSafety() {
    return of(Kind.IMAGE_SAFETY);
  }

  /**
   * HTTP 200 with {@code promptFeedback.blockReason} and no candidates.
   *
   * @param reason e.g. {@code SAFETY}, {@code PROHIBITED_CONTENT}, {@code OTHER}
   */
  public static FakeReply promptBlocked(String reason) {
    return new FakeReply(Kind.PROMPT_BLOCKED, Duration.ZERO, 200, "",
        Objects.requireNonNull(reason, "reason"), new byte[0], null);
  }

  /** HTTP 200, candidate with {@code finishReason: NO_IMAGE} and content without parts. */
  public static FakeReply noImage() {
    return of(Kind.NO_IMAGE);
  }

  /** HTTP 200, {@code finishReason: STOP} with this text as the only part and no image. */
  public static FakeReply textOnly(String text) {
    return new FakeReply(Kind.TEXT_ONLY, Duration.ZERO, 200, "",
        Objects.requireNonNull(text, "text"), new byte[0], null);
  }

  /**
   * Exactly these bytes as an {@code application/json} body with this status, e.g. a recorded
   * real response from {@link RecordedResponses}. On a stream with status 200 the JSON is sent as
   * one event (compacted onto one line when it parses).
   */
  public static FakeReply rawJson(int status, byte[] body) {
    return new FakeReply(Kind.RAW_JSON, Duration.ZERO, status, "", "",
        Objects.requireNonNull(body, "body").clone(), null);
  }

  /**
   * A normal successful generation whose image is a grid of {@code rows x columns} distinct
   * coloured cells separated by dark gutters (about 1.5% of the width) inside a dark border.
   *
   * @param rows    1 to 32
   * @param columns 1 to 32
   */
  public static FakeReply grid(int rows, int columns) {
    return new FakeReply(Kind.GRID, Duration.ZERO, 200, "", "", new byte[0],
        new GridSpec(rows, columns));
  }

  private static void requireNonNegative(Duration duration, String name) {
    if (Objects.requireNonNull(duration, name).isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + duration);
    }
  }

  @Override
  public String toString() {
    return "FakeReply[" + kind + (code != 0 ? " " + code : "")
        + (duration.isZero() ? "" : " " + duration) + "]";
  }
}
