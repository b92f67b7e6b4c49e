package dev.darkroom.internal.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Decodes and encodes images in memory. Decoding goes through ImageIO (WebP via the TwelveMonkeys
 * plugin on the class path); lossless WebP encoding uses Darkroom's own encoder. Streams are kept in
 * memory, so ImageIO's global disk-cache setting does not matter.
 */
public final class ImageCodec {
  private ImageCodec() {}

  /**
   * Decodes the first frame of a PNG, JPEG, WebP or GIF image.
   *
   * @throws IllegalArgumentException if the bytes are not a recognised image or are corrupt
   */
  public static BufferedImage decode(byte[] bytes) {
    ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(() -> ImageFormat.unrecognized(bytes));
    if (format == ImageFormat.HEIC) {
      throw new IllegalArgumentException("HEIC images cannot be decoded; convert to PNG or JPEG");
    }
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IllegalArgumentException("no ImageIO reader for " + format + " images"
            + (format == ImageFormat.WEBP ? " (is imageio-webp on the class path?)" : ""));
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException && e.getCause() == null) {
        throw (IllegalArgumentException) e;
      }
      throw new IllegalArgumentException(
          "corrupt " + format + " image: " + e.getMessage(), e);
    }
  }

  /** Encodes losslessly as PNG, keeping alpha. */
  public static byte[] encodePng(BufferedImage image) {
    return write(image, "png", null);
  }

  /**
   * Encodes as baseline JPEG. Translucent pixels are composited onto white first, because JPEG has
   * no alpha channel.
   *
   * @param quality from 0 (smallest) to 1 (best); 0.9 is a good default
   */
  public static byte[] encodeJpeg(BufferedImage image, float quality) {
    if (!(quality >= 0f && quality <= 1f)) {
      throw new IllegalArgumentException("jpegQuality must be between 0 and 1, got " + quality);
    }
    return write(opaqueRgb(image), "jpeg", quality);
  }

  /** Encodes as lossless WebP (VP8L), keeping alpha; at most 16384 pixels on each side. */
  public static byte[] encodeWebpLossless(BufferedImage image) {
    return WebpLosslessEncoder.encode(image);
  }

  /**
   * Encodes in {@code format}: PNG, JPEG, lossless WebP, or GIF (through ImageIO's palette
   * quantiser).
   *
   * @param jpegQuality used only for JPEG, from 0 to 1
   * @throws IllegalArgumentException for HEIC, which cannot be written
   */
  public static byte[] encode(BufferedImage image, ImageFormat format, float jpegQuality) {
    switch (format) {
      case PNG:
        return encodePng(image);
      case JPEG:
        return encodeJpeg(image, jpegQuality);
      case WEBP:
        return encodeWebpLossless(image);
      case GIF:
        return write(image, "gif", null);
      default:
        throw new IllegalArgumentException(format + " images cannot be encoded");
    }
  }

  private static BufferedImage opaqueRgb(BufferedImage image) {
    int type = image.getType();
    if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_3BYTE_BGR
        || type == BufferedImage.TYPE_BYTE_GRAY) {
      return image;
    }
    BufferedImage rgb =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }

  private static byte[] write(BufferedImage image, String formatName, Float quality) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(formatName);
    if (!writers.hasNext()) {
      throw new IllegalStateException("no ImageIO writer for " + formatName);
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (quality != null) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not encode " + formatName.toUpperCase(Locale.ROOT) + " in memory", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
