package dev.darkroom;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one {@link Darkroom#generate} produced. With {@code count > 1} some calls may fail while
 * others succeed: the successes are in {@link #generations()}, the failures in {@link #failures()}, and
 * nothing that was paid for is dropped. When every call fails, {@code generate} throws instead.
 */
public final class ImageResult {
  private final ImageRequest request;
  private final List<Generation> generations;
  private final List<DarkroomException> failures;
  private final Duration latency;

  public ImageResult(ImageRequest request, List<Generation> generations, List<DarkroomException> failures, Duration latency) {
    this.request = request;
    this.generations = List.copyOf(generations);
    this.failures = List.copyOf(failures);
    this.latency = latency;
  }

  public ImageRequest request() {
    return request;
  }

  /** Successful calls, in request order. */
  public List<Generation> generations() {
    return generations;
  }

  /** Calls that failed after retries, when others succeeded. */
  public List<DarkroomException> failures() {
    return failures;
  }

  /** All final images of all calls, in order. */
  public List<GeneratedImage> images() {
    List<GeneratedImage> all = new ArrayList<>();
    generations.forEach(g -> all.addAll(g.images()));
    return all;
  }

  /** The first final image. */
  public GeneratedImage image() {
    return images().get(0);
  }

  /** Token usage summed over successful calls. */
  public Usage usage() {
    return generations.stream().map(Generation::usage).reduce(Usage.ZERO, Usage::plus);
  }

  /** Cost in USD summed over successful calls (failed calls carry their own, where known). */
  public BigDecimal costUsd() {
    BigDecimal sum = generations.stream().map(Generation::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
    for (DarkroomException f : failures) {
      sum = sum.add(Failures.billedCost(f));
    }
    return sum;
  }

  /** Wall time of the whole request, parallel calls included. */
  public Duration latency() {
    return latency;
  }
}
