package dev.darkroom.internal.image;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The image formats Darkroom recognises. PNG, JPEG, WebP and GIF can be decoded and probed; HEIC
 * (HEIF) is recognised by {@link #sniff(byte[])} only, so callers can say what they received.
 */
public enum ImageFormat {
  PNG("image/png", "png"),
  JPEG("image/jpeg", "jpg"),
  WEBP("image/webp", "webp"),
  GIF("image/gif", "gif"),
  HEIC("image/heic", "heic");

  private final String mimeType;
  private final String extension;

  ImageFormat(String mimeType, String extension) {
    this.mimeType = mimeType;
    this.extension = extension;
  }

  /** The canonical IANA media type, for example {@code image/png}. */
  public String mimeType() {
    return mimeType;
  }

  /** The usual file-name extension without the dot, for example {@code jpg}. */
  public String extension() {
    return extension;
  }

  /**
   * Identifies a format by its magic bytes. Twelve bytes are enough for PNG, JPEG, WebP and GIF;
   * HEIC needs the whole {@code ftyp} box (usually under 40 bytes) to tell it from AVIF.
   *
   * @param head the first bytes of the file; may be shorter than needed, then nothing matches
   */
  public static Optional<ImageFormat> sniff(byte[] head) {
    if (startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Optional.of(PNG);
    }
    if (startsWith(head, 0, 0xFF, 0xD8, 0xFF)) {
      return Optional.of(JPEG);
    }
    if (startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'W', 'E', 'B', 'P')) {
      return Optional.of(WEBP);
    }
    if (startsWith(head, 0, 'G', 'I', 'F', '8', '7', 'a')
        || startsWith(head, 0, 'G', 'I', 'F', '8', '9', 'a')) {
      return Optional.of(GIF);
    }
    if (isHeif(head)) {
      return Optional.of(HEIC);
    }
    return Optional.empty();
  }

  /**
   * Looks a format up by media type, ignoring case and parameters; accepts the common aliases
   * {@code image/jpg}, {@code image/pjpeg} and {@code image/heif}.
   */
  public static Optional<ImageFormat> fromMimeType(String mimeType) {
    String type = mimeType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    switch (type) {
      case "image/png":
        return Optional.of(PNG);
      case "image/jpeg":
      case "image/jpg":
      case "image/pjpeg":
        return Optional.of(JPEG);
      case "image/webp":
        return Optional.of(WEBP);
      case "image/gif":
        return Optional.of(GIF);
      case "image/heic":
      case "image/heif":
      case "image/heic-sequence":
      case "image/heif-sequence":
        return Optional.of(HEIC);
      default:
        return Optional.empty();
    }
  }

  /**
   * Looks a format up by file-name extension, with or without a leading dot, ignoring case;
   * accepts {@code jpg}, {@code jpeg}, {@code heic} and {@code heif}.
   */
  public static Optional<ImageFormat> fromExtension(String extension) {
    String ext = extension.startsWith(".") ? extension.substring(1) : extension;
    switch (ext.toLowerCase(Locale.ROOT)) {
      case "png":
        return Optional.of(PNG);
      case "jpg":
      case "jpeg":
      case "jpe":
        return Optional.of(JPEG);
      case "webp":
        return Optional.of(WEBP);
      case "gif":
        return Optional.of(GIF);
      case "heic":
      case "heif":
        return Optional.of(HEIC);
      default:
        return Optional.empty();
    }
  }

  /** The exception for bytes that are not a recognised image, naming their first four bytes. */
  static IllegalArgumentException unrecognized(byte[] bytes) {
    if (bytes.length == 0) {
      return new IllegalArgumentException("not a PNG, JPEG, WebP or GIF image (empty)");
    }
    StringBuilder hex = new StringBuilder("0x");
    for (int i = 0; i < Math.min(4, bytes.length); i++) {
      hex.append(String.format(Locale.ROOT, "%02X", bytes[i] & 0xFF));
    }
    return new IllegalArgumentException(
        "not a PNG, JPEG, WebP or GIF image (starts with " + hex + ")");
  }

  private static boolean isHeif(byte[] head) {
    if (head.length < 12 || !startsWith(head, 4, 'f', 't', 'y', 'p')) {
      return false;
    }
    long boxSize = ((head[0] & 0xFFL) << 24) | ((head[1] & 0xFF) << 16)
        | ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
    int end = (int) Math.min(Math.max(boxSize, 12), head.length);
    boolean heif = false;
    // Major brand at 8, minor version at 12, compatible brands from 16.
    for (int at = 8; at + 4 <= end; at = at == 8 ? 16 : at + 4) {
      String brand = new String(head, at, 4, StandardCharsets.ISO_8859_1);
      switch (brand) {
        case "avif":
        case "avis":
          return false;
        case "heic":
        case "heix":
        case "hevc":
        case "hevx":
        case "heim":
        case "heis":
        case "hevm":
        case "hevs":
        case "mif1":
        case "msf1":
          heif = true;
          break;
        default:
          break;
      }
    }
    return heif;
  }

  private static boolean startsWith(byte[] bytes, int offset, int... expected) {
    if (bytes.length < offset + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if ((bytes[offset + i] & 0xFF) != expected[i]) {
        return false;
      }
    }
    return true;
  }
}
