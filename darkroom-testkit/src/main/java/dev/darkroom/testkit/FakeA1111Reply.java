package dev.darkroom.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * A scripted answer of {@link FakeA1111} to its next generation request ({@code txt2img} or {@code img2img}),
 * replacing normal behaviour for that one request. The error bodies have the shape A1111's API middleware writes:
 * {@code {"error": "<exception type>", "detail": "…", "body": "", "errors": "<str(exception)>"}}.
 */
public final class FakeA1111Reply {
  enum Kind { ERROR, GO_AWAY, SLOW }

  final Kind kind;
  final int status;
  final String errorType;
  final String detail;
  final String errors;
  final int afterSteps;
  final Duration stepDelay;

  private FakeA1111Reply(Kind kind, int status, String errorType, String detail, String errors, int afterSteps,
      Duration stepDelay) {
    this.kind = kind;
    this.status = status;
    this.errorType = errorType;
    this.detail = detail;
    this.errors = errors;
    this.afterSteps = afterSteps;
    this.stepDelay = stepDelay;
  }

  /**
   * An error answer as A1111's exception handler writes it.
   *
   * @param status the HTTP status, e.g. 500
   * @param errorType the Python exception's type name, e.g. {@code RuntimeError}
   * @param detail the {@code detail} field (set for HTTP exceptions, else empty)
   * @param errors the exception's text ({@code str(e)})
   */
  public static FakeA1111Reply error(int status, String errorType, String detail, String errors) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be 4xx or 5xx, got " + status);
    }
    return new FakeA1111Reply(Kind.ERROR, status, Objects.requireNonNull(errorType, "errorType"),
        Objects.requireNonNull(detail, "detail"), Objects.requireNonNull(errors, "errors"), 0, Duration.ZERO);
  }

  /** A 500 for an exception raised while sampling, e.g. {@code RuntimeError} with the text given. */
  public static FakeA1111Reply serverError(String message) {
    return error(500, "RuntimeError", "", message);
  }

  /** A 500 for CUDA running out of memory while sampling, with PyTorch's message. */
  public static FakeA1111Reply outOfMemory() {
    return error(500, "OutOfMemoryError", "", "CUDA out of memory. Tried to allocate 2.50 GiB (GPU 0; 8.00 GiB"
        + " total capacity; 6.12 GiB already allocated; 1.02 GiB free; 6.40 GiB reserved in total by PyTorch)");
  }

  /**
   * The engine goes away after {@code afterSteps} sampling steps (with progress visible until then): the
   * connection is reset and nothing is answered.
   */
  public static FakeA1111Reply goAway(int afterSteps) {
    if (afterSteps < 0) {
      throw new IllegalArgumentException("afterSteps must be >= 0, got " + afterSteps);
    }
    return new FakeA1111Reply(Kind.GO_AWAY, 0, "", "", "", afterSteps, Duration.ZERO);
  }

  /** A normal generation whose every sampling step takes {@code stepDelay} (progress advances step by step). */
  public static FakeA1111Reply slowSteps(Duration stepDelay) {
    if (Objects.requireNonNull(stepDelay, "stepDelay").isNegative()) {
      throw new IllegalArgumentException("stepDelay must not be negative, got " + stepDelay);
    }
    return new FakeA1111Reply(Kind.SLOW, 0, "", "", "", 0, stepDelay);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case ERROR -> "FakeA1111Reply.error(" + status + ", " + errorType + ")";
      case GO_AWAY -> "FakeA1111Reply.goAway(" + afterSteps + ")";
      case SLOW -> "FakeA1111Reply.slowSteps(" + stepDelay + ")";
    };
  }
}
