package dev.darkroom.testkit.internal;

import java.awt.Dimension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Reads the pixel size of an encoded image from its header bytes, without decoding pixels. */
public final class ImageProbe {
  private ImageProbe() {}

  /** Width and height, or empty if the bytes are not a readable image header. */
  public static Optional<Dimension> dimensions(byte[] headerBytes) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(headerBytes))) {
      if (in == null) {
        return Optional.empty();
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return Optional.empty();
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return Optional.of(new Dimension(reader.getWidth(0), reader.getHeight(0)));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
