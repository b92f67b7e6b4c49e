package dev.darkroom.studio.dataset;

import java.nio.file.Path;

/** A candidate image left out of a training folder, and why. */
public final class SkippedImage {
  /** Why an image was left out. */
  public enum Reason {
    /** Its bytes are identical (same SHA-256) to an image already exported. */
    DUPLICATE,
    /** Its shorter side is below the minimum size. */
    TOO_SMALL,
    /** The file is missing, unreadable or not a decodable image. */
    UNREADABLE
  }

  private final Path image;
  private final String source;
  private final Reason reason;
  private final String detail;

  SkippedImage(Path image, String source, Reason reason, String detail) {
    this.image = image;
    this.source = source;
    this.reason = reason;
    this.detail = detail;
  }

  /** The source file. */
  public Path image() {
    return image;
  }

  /** Where the image came from, e.g. {@code history 12} or a file path. */
  public String source() {
    return source;
  }

  public Reason reason() {
    return reason;
  }

  /** A short explanation, e.g. {@code same bytes as 0001.png} or {@code 384x384, under 512 px}. */
  public String detail() {
    return detail;
  }

  @Override
  public String toString() {
    return "SkippedImage{" + source + ": " + reason + ", " + detail + "}";
  }
}
