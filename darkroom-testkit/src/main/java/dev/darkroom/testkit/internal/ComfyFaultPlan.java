package dev.darkroom.testkit.internal;

import java.time.Duration;

/**
 * One scripted fault of the fake ComfyUI, applied to the next job that starts (or, for
 * {@link Kind#QUEUE_FULL}, to the next {@code POST /prompt}).
 *
 * @param kind          what goes wrong
 * @param classType     node class that fails ({@link Kind#EXECUTION_ERROR}); empty means the first sampler
 * @param exceptionType Python exception type reported, e.g. {@code torch.OutOfMemoryError}
 * @param message       exception message reported
 * @param step          sampler step (1-based) at which the server goes away ({@link Kind#GO_AWAY})
 * @param stepLatency   time per sampler step ({@link Kind#SLOW_STEPS})
 */
public record ComfyFaultPlan(Kind kind, String classType, String exceptionType, String message,
    int step, Duration stepLatency) {

  /** Kinds of fault. */
  public enum Kind { EXECUTION_ERROR, GO_AWAY, SLOW_STEPS, QUEUE_FULL }
}
