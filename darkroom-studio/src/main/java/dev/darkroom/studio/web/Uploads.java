package dev.darkroom.studio.web;

import dev.darkroom.InvalidRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Reference images, edit masks and painted images uploaded from a page, as {@code data:} URLs: decoded,
 * checked by size and by their first bytes (PNG, JPEG or WebP only, masks PNG only, whatever the page
 * claims), and stored under their SHA-256 in
 * the uploads folder, so the history records a file and the request can be rerun.
 */
final class Uploads {
  private final Path directory;
  private final long maxBytes;

  Uploads(Path directory, long maxBytes) {
    this.directory = directory;
    this.maxBytes = maxBytes;
  }

  /** @throws InvalidRequestException naming field {@code images} when the upload is not an accepted image */
  Path store(String dataUrl, int index) {
    return store(dataUrl, "reference image " + (index + 1), "images", false);
  }

  /**
   * An edit mask or an image painted in the browser: like a reference image, but PNG only (a mask
   * needs its alpha channel; a painted canvas is exported as PNG).
   *
   * @param what how errors name the upload, e.g. {@code mask}
   * @param field the request field errors point at
   * @throws InvalidRequestException naming {@code field} when the upload is not a PNG within the size limit
   */
  Path storePng(String dataUrl, String what, String field) {
    return store(dataUrl, what, field, true);
  }

  private Path store(String dataUrl, String what, String field, boolean pngOnly) {
    List<String> allowed = pngOnly ? List.of("PNG") : List.of("PNG", "JPEG", "WebP");
    int comma = dataUrl.indexOf(',');
    if (!dataUrl.startsWith("data:") || comma < 0 || !dataUrl.substring(0, comma).endsWith(";base64")) {
      throw new InvalidRequestException(what + " is not a base64 data URL", field, allowed);
    }
    if ((long) (dataUrl.length() - comma) * 3 / 4 > maxBytes) {
      throw new InvalidRequestException(what + " is larger than " + maxBytes + " bytes", field,
          List.of("at most " + maxBytes + " bytes"));
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(dataUrl.substring(comma + 1));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(what + " is not valid base64", field, allowed);
    }
    String ext = extension(bytes);
    if (ext == null || (pngOnly && !ext.equals("png"))) {
      throw new InvalidRequestException(what + " is not a " + (pngOnly ? "PNG" : "PNG, JPEG or WebP") + " image",
          field, allowed);
    }
    try {
      Files.createDirectories(directory);
      Path file = directory.resolve(sha256(bytes) + "." + ext);
      if (!Files.exists(file)) {
        Path tmp = Files.createTempFile(directory, ".upload", ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store an uploaded image in " + directory, e);
    }
  }

  private static @org.jspecify.annotations.Nullable String extension(byte[] b) {
    if (b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "png";
    }
    if (b.length > 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
      return "jpg";
    }
    if (b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
        && b[10] == 'B' && b[11] == 'P') {
      return "webp";
    }
    return null;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
