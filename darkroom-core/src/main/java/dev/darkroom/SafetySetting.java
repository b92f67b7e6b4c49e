package dev.darkroom;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One configurable safety filter: a harm category and the threshold at which it blocks. Only the
 * configurable filters are affected; providers' non-configurable policy blocks still apply.
 *
 * @param category e.g. {@link Category#DANGEROUS_CONTENT}
 * @param threshold e.g. {@link Threshold#BLOCK_ONLY_HIGH}
 */
public record SafetySetting(Category category, Threshold threshold) {

  /** Harm categories; wire names are {@code HARM_CATEGORY_} plus the constant name. */
  public enum Category {
    HATE_SPEECH,
    SEXUALLY_EXPLICIT,
    DANGEROUS_CONTENT,
    HARASSMENT,
    CIVIC_INTEGRITY;

    public String wireName() {
      return "HARM_CATEGORY_" + name();
    }
  }

  /** Blocking thresholds, from most to least permissive. */
  public enum Threshold {
    OFF,
    BLOCK_NONE,
    BLOCK_ONLY_HIGH,
    BLOCK_MEDIUM_AND_ABOVE,
    BLOCK_LOW_AND_ABOVE
  }

  /**
   * Parses {@code CATEGORY=THRESHOLD}, e.g. {@code dangerous_content=block_only_high}; the
   * {@code HARM_CATEGORY_} prefix is optional and case is ignored.
   */
  public static SafetySetting parse(String text) {
    int eq = text.indexOf('=');
    if (eq < 0) {
      throw new InvalidRequestException(
          "invalid safety setting '" + text + "': expected CATEGORY=THRESHOLD, e.g. dangerous_content=block_only_high");
    }
    String c = text.substring(0, eq).trim().toUpperCase(Locale.ROOT).replaceFirst("^HARM_CATEGORY_", "");
    String t = text.substring(eq + 1).trim().toUpperCase(Locale.ROOT);
    Category category;
    Threshold threshold;
    try {
      category = Category.valueOf(c);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("invalid safety category '" + text.substring(0, eq) + "'; allowed: " + names(Category.values()));
    }
    try {
      threshold = Threshold.valueOf(t);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("invalid safety threshold '" + text.substring(eq + 1) + "'; allowed: " + names(Threshold.values()));
    }
    return new SafetySetting(category, threshold);
  }

  private static String names(Enum<?>[] values) {
    return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
  }
}
