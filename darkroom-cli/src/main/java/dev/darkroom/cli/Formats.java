package dev.darkroom.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** How sizes and prices read in human output. */
final class Formats {
  private Formats() {}

  /** {@code $0.134}: three decimals. */
  static String usd(BigDecimal amount) {
    return "$" + amount.setScale(3, RoundingMode.HALF_UP).toPlainString();
  }

  /** {@code $0.1341}: four decimals, for history and cost reports where small sums matter. */
  static String usd4(BigDecimal amount) {
    return "$" + amount.setScale(4, RoundingMode.HALF_UP).toPlainString();
  }

  /** The first line of {@code text}, cut to {@code max} characters with an ellipsis. */
  static String firstLine(String text, int max) {
    String line = text.strip().lines().findFirst().orElse("").strip();
    return line.length() <= max ? line : line.substring(0, max - 1) + "…";
  }

  /** {@code 812 B}, {@code 812 KB}, {@code 2.4 MB}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return Math.round(n / 1024.0) + " KB";
    }
    return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024.0));
  }

  /** {@code 1 image}, {@code 3 images}. */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
