package dev.darkroom.testkit.internal;

import java.math.BigDecimal;
import java.time.Duration;

/** Formats durations the way google.protobuf.Duration appears in JSON: "34s", "1.5s". */
public final class ProtoDuration {
  private ProtoDuration() {}

  public static String format(Duration duration) {
    BigDecimal seconds = BigDecimal.valueOf(duration.getSeconds())
        .add(BigDecimal.valueOf(duration.getNano(), 9));
    BigDecimal stripped = seconds.stripTrailingZeros();
    return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString() + "s";
  }
}
