package dev.darkroom;

import java.util.Locale;

/** How hard a thinking model reasons before drawing. Which levels a model accepts is in its {@link ModelInfo}. */
public enum ThinkingLevel {
  MINIMAL,
  LOW,
  MEDIUM,
  HIGH;

  /** Parses {@code minimal}, {@code LOW}, … case-insensitively; the message lists the allowed names. */
  public static ThinkingLevel parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "invalid thinking level '" + text + "': allowed are minimal, low, medium, high");
    }
  }
}
