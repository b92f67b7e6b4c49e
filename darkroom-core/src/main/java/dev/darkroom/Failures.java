package dev.darkroom;

import java.math.BigDecimal;
import java.util.Optional;

/** Helpers for failures that still carry a provider response (and so, possibly, a bill). */
final class Failures {
  private Failures() {}

  static Optional<Generation> generationOf(DarkroomException e) {
    if (e instanceof ContentBlockedException b) {
      return b.generation();
    }
    if (e instanceof NoImageException n) {
      return n.generation();
    }
    return Optional.empty();
  }

  static BigDecimal billedCost(DarkroomException e) {
    return generationOf(e).map(Generation::costUsd).orElse(BigDecimal.ZERO);
  }
}
