package dev.darkroom.studio.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Display formats shared by sheets, galleries and reports. */
public final class Formats {
  private Formats() {}

  /** {@code $0.0392}: four decimals, enough to tell models apart. */
  public static String usd(BigDecimal usd) {
    return "$" + usd.setScale(4, RoundingMode.HALF_UP).toPlainString();
  }

  /** {@code 12.3 s}. */
  public static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  /** Key parameters as one caption line: {@code 1:1 · 1K · seed 42 · temperature 0.7}. */
  public static String parameters(Map<String, String> parameters) {
    StringJoiner j = new StringJoiner(" \u00b7 ");
    parameters.forEach((k, v) -> {
      if (k.equals("aspect") || k.equals("size")) {
        j.add(v);
      } else if (v.equals("true")) {
        j.add(k);
      } else if (!v.equals("false")) {
        j.add(k + " " + v);
      }
    });
    return j.toString();
  }
}
