package dev.darkroom.testkit;

import dev.darkroom.testkit.internal.SwarmEngine.FaultPlan;
import java.util.Objects;

/**
 * A scripted failure of {@link FakeSwarmUI}, used by the next generation request (HTTP or websocket)
 * that passes parameter checks. Faults queue up and are used one per generation, in order.
 */
public final class SwarmFault {
  private final FaultPlan plan;

  private SwarmFault(FaultPlan plan) {
    this.plan = plan;
  }

  /**
   * The generation fails as SwarmUI reports a backend failure: {@code {"error": message}} (a 200 answer
   * over HTTP, a frame over the websocket), no image.
   */
  public static SwarmFault error(String message) {
    return new SwarmFault(new FaultPlan(FaultPlan.Kind.ERROR, Objects.requireNonNull(message, "message"), 0));
  }

  /** No backend could take the job: {@code "No backends available!"}-style error. */
  public static SwarmFault noBackendAvailable() {
    return error("No backends available! Please check the server's backend configuration.");
  }

  /** The model failed to load on every backend. */
  public static SwarmFault modelLoadFailed(String model) {
    return error("All available backends failed to load the model '" + model + "'.");
  }

  /**
   * The generation hangs after its status frame until {@code InterruptAll} cancels it (or the fake
   * closes): for cancellation tests. Nothing is produced.
   */
  public static SwarmFault stall() {
    return new SwarmFault(new FaultPlan(FaultPlan.Kind.STALL, "", 0));
  }

  /**
   * The server dies mid-generation after {@code steps} sampler steps counted across the request's images
   * (with 4 steps an image, {@code goAwayAfter(5)} dies during the second image): websockets are reset, HTTP
   * connections closed, and the port stops listening (as {@link FakeSwarmUI#goAway()}). Images finished
   * before are given up to 5 s to be fetched from {@code /View/} first, so a client that fetches eagerly keeps
   * them.
   */
  public static SwarmFault goAwayAfter(int steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0, got " + steps);
    }
    return new SwarmFault(new FaultPlan(FaultPlan.Kind.GO_AWAY, "", steps));
  }

  FaultPlan plan() {
    return plan;
  }

  @Override
  public String toString() {
    return "SwarmFault{" + plan.kind() + (plan.message().isEmpty() ? "" : ", " + plan.message()) + "}";
  }
}
