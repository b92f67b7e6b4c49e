package dev.darkroom.studio.dataset;

import dev.darkroom.internal.image.ImageCodec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.jspecify.annotations.Nullable;

/** An image file's bytes, SHA-256 and pixel size. */
record ImageFacts(byte[] bytes, String sha256, int width, int height) {

  /** The facts of {@code bytes}, or empty if they are not a decodable image. */
  static Optional<ImageFacts> of(byte[] bytes) {
    int[] size = headerSize(bytes);
    if (size == null) {
      try {
        BufferedImage image = ImageCodec.decode(bytes);
        size = new int[] {image.getWidth(), image.getHeight()};
      } catch (RuntimeException notAnImage) {
        return Optional.empty();
      }
    }
    if (size[0] <= 0 || size[1] <= 0) {
      return Optional.empty();
    }
    return Optional.of(new ImageFacts(bytes, sha256(bytes), size[0], size[1]));
  }

  /** Width and height from the header alone, or null when no ImageIO reader knows the format. */
  private static int @Nullable [] headerSize(byte[] bytes) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      if (in == null) {
        return null;
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return null;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return new int[] {reader.getWidth(0), reader.getHeight(0)};
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
