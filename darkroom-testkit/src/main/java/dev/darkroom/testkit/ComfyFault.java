package dev.darkroom.testkit;

import dev.darkroom.testkit.internal.ComfyFaultPlan;
import java.time.Duration;
import java.util.Objects;

/**
 * A scripted fault for {@link FakeComfyUI#enqueueFault(ComfyFault)}. Job faults apply to the next
 * job that starts running, one job each, in the order queued; {@link #queueFull()} applies to the
 * next {@code POST /prompt}. Immutable.
 */
public final class ComfyFault {
  private final ComfyFaultPlan plan;

  private ComfyFault(ComfyFaultPlan plan) {
    this.plan = plan;
  }

  /**
   * The first node of class {@code classType} in the job raises an exception: {@code execution_error}
   * over the WebSocket with this {@code exception_type} and message, history status {@code error}.
   *
   * @param classType     node class that fails, e.g. {@code VAEDecode}; if the job has none, its last node fails
   * @param exceptionType Python exception type, e.g. {@code RuntimeError}
   * @param message       exception message
   */
  public static ComfyFault executionError(String classType, String exceptionType, String message) {
    return new ComfyFault(new ComfyFaultPlan(ComfyFaultPlan.Kind.EXECUTION_ERROR,
        Objects.requireNonNull(classType, "classType"), Objects.requireNonNull(exceptionType, "exceptionType"),
        Objects.requireNonNull(message, "message"), 0, Duration.ZERO));
  }

  /**
   * The first sampler runs out of GPU memory: {@code exception_type} {@code torch.OutOfMemoryError},
   * message {@code "CUDA out of memory. Tried to allocate …"} followed by ComfyUI's OOM tips.
   */
  public static ComfyFault outOfMemory() {
    return new ComfyFault(new ComfyFaultPlan(ComfyFaultPlan.Kind.EXECUTION_ERROR, "",
        "torch.OutOfMemoryError", "CUDA out of memory. Tried to allocate 2.50 GiB. GPU 0 has a total "
            + "capacity of 8.00 GiB of which 1.12 GiB is free. Of the allocated memory 5.91 GiB is "
            + "allocated by PyTorch, and 312.45 MiB is reserved by PyTorch but unallocated.",
        0, Duration.ZERO));
  }

  /**
   * The engine dies when the job's first sampler reaches {@code step} (1-based), before reporting
   * it: WebSockets are reset without a closing handshake (frames in flight may be lost), other
   * connections closed, and the port stops accepting, as when the process is killed. Nothing is
   * written to history. The {@code POST /prompt} that queued the job always gets its response
   * first, even at zero step latency, as a real engine answers long before a sampler step; other
   * requests in flight at that moment may go unanswered. {@link FakeComfyUI#restart()} brings it
   * back empty.
   */
  public static ComfyFault goAwayAtStep(int step) {
    if (step < 1) {
      throw new IllegalArgumentException("step must be >= 1, got " + step);
    }
    return new ComfyFault(new ComfyFaultPlan(ComfyFaultPlan.Kind.GO_AWAY, "", "", "", step, Duration.ZERO));
  }

  /** Every sampler step of the job takes {@code perStep} instead of the configured step latency. */
  public static ComfyFault slowSteps(Duration perStep) {
    if (Objects.requireNonNull(perStep, "perStep").isNegative()) {
      throw new IllegalArgumentException("perStep must not be negative, got " + perStep);
    }
    return new ComfyFault(new ComfyFaultPlan(ComfyFaultPlan.Kind.SLOW_STEPS, "", "", "", 0, perStep));
  }

  /**
   * The next {@code POST /prompt} is refused with 503, a {@code Retry-After: 1} header and
   * {@code {"error": {"type": "queue_full", …}, "node_errors": {}}}. ComfyUI itself has no queue
   * limit; this models the gateway or queue limiter a shared engine sits behind.
   */
  public static ComfyFault queueFull() {
    return new ComfyFault(new ComfyFaultPlan(ComfyFaultPlan.Kind.QUEUE_FULL, "", "", "", 0, Duration.ZERO));
  }

  ComfyFaultPlan plan() {
    return plan;
  }

  @Override
  public String toString() {
    return "ComfyFault[" + plan.kind() + "]";
  }
}
