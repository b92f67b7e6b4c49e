package dev.darkroom.prompt;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Weight numbers as prompts write them: plain decimals, at most four places. */
final class Weights {
  static final double EPSILON = 1e-9;

  private Weights() {}

  /** The shortest decimal of at most four places within {@link #EPSILON}, else rounded to four places. */
  static String format(double w) {
    for (int places = 0; places <= 4; places++) {
      BigDecimal d = BigDecimal.valueOf(w).setScale(places, RoundingMode.HALF_UP);
      if (Math.abs(d.doubleValue() - w) < EPSILON || places == 4) {
        String s = d.stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
      }
    }
    throw new AssertionError();
  }

  /** Whether {@link #format} writes this weight exactly (within {@link #EPSILON}). */
  static boolean exact(double w) {
    return Math.abs(Double.parseDouble(format(w)) - w) < EPSILON;
  }

  /** n when w is 1.1^n for a small non-zero n (|n| at most 4), else 0. */
  static int powerOf11(double w) {
    for (int n = 1; n <= 4; n++) {
      if (Math.abs(w - Math.pow(1.1, n)) < EPSILON) {
        return n;
      }
      if (Math.abs(w - Math.pow(1.1, -n)) < EPSILON) {
        return -n;
      }
    }
    return 0;
  }

  static boolean isOne(double w) {
    return Math.abs(w - 1.0) < EPSILON;
  }
}
