package dev.darkroom;

import java.util.Locale;

/** The file format images are saved in. */
public enum OutputFormat {
  /** Keep whatever the provider returned (PNG or JPEG for Gemini). */
  KEEP,
  PNG,
  JPEG,
  /** Lossless WebP. */
  WEBP;

  /** Parses {@code keep}, {@code png}, {@code jpeg}/{@code jpg} or {@code webp}. */
  public static OutputFormat parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "keep" -> KEEP;
      case "png" -> PNG;
      case "jpg", "jpeg" -> JPEG;
      case "webp" -> WEBP;
      default -> throw new InvalidRequestException("invalid format '" + text + "': allowed are png, jpeg, webp (or keep)");
    };
  }
}
