package dev.darkroom;

import dev.darkroom.internal.image.ImageFormat;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A reference image to send with a prompt: a file, bytes, a {@link BufferedImage}, a stream (read
 * at once) or an http(s) URL (downloaded just before sending, never with the provider's API key).
 *
 * <p>Files and bytes are checked when the request is built: a missing, unreadable or non-image input
 * fails with an {@link InvalidRequestException} naming it, and nothing is sent.
 */
public final class ImageInput {
  enum Kind {
    PATH,
    BYTES,
    BUFFERED,
    URL
  }

  private final Kind kind;
  private final @Nullable Path path;
  private final byte @Nullable [] bytes;
  private final @Nullable BufferedImage image;
  private final @Nullable URI uri;

  private ImageInput(Kind kind, @Nullable Path path, byte @Nullable [] bytes, @Nullable BufferedImage image, @Nullable URI uri) {
    this.kind = kind;
    this.path = path;
    this.bytes = bytes;
    this.image = image;
    this.uri = uri;
  }

  /** An image file (PNG, JPEG, WebP, GIF, HEIC/HEIF); read when the request is sent. */
  public static ImageInput of(Path path) {
    return new ImageInput(Kind.PATH, Objects.requireNonNull(path, "path"), null, null, null);
  }

  /** Encoded image bytes; the array is copied. */
  public static ImageInput of(byte[] bytes) {
    return new ImageInput(Kind.BYTES, null, Objects.requireNonNull(bytes, "bytes").clone(), null, null);
  }

  /** An in-memory image; sent losslessly as PNG. */
  public static ImageInput of(BufferedImage image) {
    return new ImageInput(Kind.BUFFERED, null, null, Objects.requireNonNull(image, "image"), null);
  }

  /** Reads the whole stream now (the caller still closes it). */
  public static ImageInput of(InputStream in) {
    try {
      return new ImageInput(Kind.BYTES, null, in.readAllBytes(), null, null);
    } catch (IOException e) {
      throw new InvalidRequestException("cannot read input image stream: " + e.getMessage());
    }
  }

  /** An http or https URL, downloaded just before the request is sent. */
  public static ImageInput of(URL url) {
    try {
      return of(url.toURI());
    } catch (java.net.URISyntaxException e) {
      throw new InvalidRequestException("invalid input image URL '" + url + "': " + e.getMessage());
    }
  }

  /** An http or https URI, downloaded just before the request is sent. */
  public static ImageInput of(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new InvalidRequestException("invalid input image URL '" + uri + "': only http and https URLs are supported");
    }
    try {
      uri.toURL();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new InvalidRequestException("invalid input image URL '" + uri + "': " + e.getMessage());
    }
    return new ImageInput(Kind.URL, null, null, null, uri);
  }

  /**
   * Interprets a command-line style reference: an http(s) URL, otherwise a file path.
   */
  public static ImageInput parse(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      try {
        return of(URI.create(text));
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("invalid input image URL '" + text + "': " + e.getMessage());
      }
    }
    return of(Path.of(text));
  }

  /** Where the image comes from, for messages and provenance: a path, a URL, or "bytes (N B)". */
  public String description() {
    return switch (kind) {
      case PATH -> String.valueOf(path);
      case URL -> String.valueOf(uri);
      case BYTES -> "bytes (" + bytes.length + " B)";
      case BUFFERED -> "image " + image.getWidth() + "x" + image.getHeight();
    };
  }

  Kind kind() {
    return kind;
  }

  @Nullable Path path() {
    return path;
  }

  byte @Nullable [] bytes() {
    return bytes;
  }

  @Nullable BufferedImage image() {
    return image;
  }

  @Nullable URI uri() {
    return uri;
  }

  /** Checks what can be checked without the network; called by {@link ImageRequest.Builder#build()}. */
  void validate() {
    switch (kind) {
      case PATH -> {
        if (!Files.exists(path)) {
          throw new InvalidRequestException("input image " + path + " does not exist");
        }
        if (!Files.isRegularFile(path)) {
          throw new InvalidRequestException("input image " + path + " is not a regular file");
        }
        if (!Files.isReadable(path)) {
          throw new InvalidRequestException("input image " + path + " is not readable (check its permissions)");
        }
        byte[] head = new byte[32];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
          n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
          throw new InvalidRequestException("cannot read input image " + path + ": " + e.getMessage());
        }
        requireImage(Arrays.copyOf(head, n), String.valueOf(path));
      }
      case BYTES -> requireImage(bytes, description());
      default -> {
        // BufferedImage is always an image; URLs are checked when downloaded.
      }
    }
  }

  static ImageFormat requireImage(byte[] head, String what) {
    return ImageFormat.sniff(head).orElseThrow(() -> new InvalidRequestException(
        "input " + what + " is not an image: expected PNG, JPEG, WebP, GIF or HEIC/HEIF"
            + (head.length == 0 ? " (it is empty)" : "")));
  }

  @Override
  public String toString() {
    return "ImageInput{" + description() + "}";
  }
}
