package dev.darkroom.testkit.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Knobs of one fake ComfyUI. Model lists are fixed at start; the rest may change while it runs.
 */
public final class ComfySettings {
  public final String version;
  public final List<String> checkpoints;
  public final List<String> loras;
  public final List<String> vaes;
  public final List<String> embeddings;
  public final List<String> inputImages;
  /** Expected {@code Authorization} header value, if the engine sits behind an authenticating proxy. */
  public final Optional<String> authorization;
  /** {@code WWW-Authenticate} challenge sent with a 401. */
  public final String challenge;
  public volatile Duration stepLatency;
  public volatile String previewMethod;
  public volatile int maxPending;

  public ComfySettings(String version, List<String> checkpoints, List<String> loras, List<String> vaes,
      List<String> embeddings, List<String> inputImages, Optional<String> authorization,
      String challenge, Duration stepLatency, String previewMethod, int maxPending) {
    this.version = version;
    this.checkpoints = List.copyOf(checkpoints);
    this.loras = List.copyOf(loras);
    this.vaes = List.copyOf(vaes);
    this.embeddings = List.copyOf(embeddings);
    this.inputImages = List.copyOf(inputImages);
    this.authorization = authorization;
    this.challenge = challenge;
    this.stepLatency = stepLatency;
    this.previewMethod = previewMethod;
    this.maxPending = maxPending;
  }

  /** Whether the configured version is at least {@code minimum} (dotted numbers, e.g. {@code 0.26.0}). */
  public boolean atLeast(String minimum) {
    return compareVersions(version, minimum) >= 0;
  }

  /** Compares dotted version numbers component by component; missing components count as 0. */
  public static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int p = i < x.length ? parse(x[i]) : 0;
      int q = i < y.length ? parse(y[i]) : 0;
      if (p != q) {
        return Integer.compare(p, q);
      }
    }
    return 0;
  }

  private static int parse(String part) {
    String digits = part.replaceAll("[^0-9].*$", "");
    return digits.isEmpty() ? 0 : Integer.parseInt(digits);
  }
}
