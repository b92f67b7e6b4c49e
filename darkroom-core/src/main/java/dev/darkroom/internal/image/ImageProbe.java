package dev.darkroom.internal.image;

/**
 * Reads an image's format and dimensions from its header without decoding pixels. Runs in time
 * proportional to the header (for JPEG, the markers before the first frame header).
 */
public final class ImageProbe {
  private ImageProbe() {}

  /**
   * Probes PNG (IHDR), JPEG (first SOFn marker), WebP ({@code VP8 }, {@code VP8L} or {@code VP8X})
   * and GIF (logical screen descriptor) images.
   *
   * @throws IllegalArgumentException if the bytes are not one of those formats, the format is HEIC,
   *     or the header is truncated or inconsistent
   */
  public static ProbedImage probe(byte[] bytes) {
    ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(() -> ImageFormat.unrecognized(bytes));
    switch (format) {
      case PNG:
        return png(bytes);
      case JPEG:
        return jpeg(bytes);
      case WEBP:
        return webp(bytes);
      case GIF:
        Bytes.require(bytes, 6, 4, "GIF logical screen descriptor");
        return new ProbedImage(ImageFormat.GIF, Bytes.u16le(bytes, 6), Bytes.u16le(bytes, 8));
      default:
        throw new IllegalArgumentException(format + " images cannot be probed");
    }
  }

  private static ProbedImage png(byte[] b) {
    Bytes.require(b, 8, 16, "PNG header");
    if (!Bytes.matches(b, 12, "IHDR")) {
      throw new IllegalArgumentException(
          "PNG does not start with an IHDR chunk (found '" + Bytes.ascii(b, 12, 4) + "')");
    }
    long width = Bytes.u32be(b, 16);
    long height = Bytes.u32be(b, 20);
    if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("PNG dimensions out of range: " + width + "x" + height);
    }
    return new ProbedImage(ImageFormat.PNG, (int) width, (int) height);
  }

  private static ProbedImage jpeg(byte[] b) {
    int at = 2;
    while (true) {
      Bytes.require(b, at, 2, "JPEG marker");
      if (Bytes.u8(b, at) != 0xFF) {
        throw new IllegalArgumentException(String.format(
            "JPEG marker expected at offset %d, found 0x%02X", at, Bytes.u8(b, at)));
      }
      int marker = Bytes.u8(b, at + 1);
      if (marker == 0xFF) {
        at++; // fill byte
        continue;
      }
      at += 2;
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
        continue; // standalone markers carry no length
      }
      if (marker == 0xD9 || marker == 0xDA) {
        throw new IllegalArgumentException("JPEG has no frame header (SOFn) before "
            + (marker == 0xDA ? "its scan data" : "its end"));
      }
      Bytes.require(b, at, 2, "JPEG segment length");
      int length = Bytes.u16be(b, at);
      if (length < 2) {
        throw new IllegalArgumentException(
            String.format("JPEG segment 0xFF%02X has invalid length %d", marker, length));
      }
      if (isStartOfFrame(marker)) {
        Bytes.require(b, at, 7, "JPEG frame header");
        int height = Bytes.u16be(b, at + 3);
        int width = Bytes.u16be(b, at + 5);
        if (height == 0) {
          throw new IllegalArgumentException(
              "JPEG defines its height in a DNL marker, which is not supported");
        }
        return new ProbedImage(ImageFormat.JPEG, width, height);
      }
      at += length;
    }
  }

  /** SOF0..SOF15, excluding DHT (C4), JPG (C8) and DAC (CC). */
  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static ProbedImage webp(byte[] b) {
    Bytes.require(b, 12, 8, "WebP chunk header");
    String fourcc = Bytes.ascii(b, 12, 4);
    int data = 20;
    switch (fourcc) {
      case "VP8 ": {
        Bytes.require(b, data, 10, "WebP VP8 frame header");
        if (Bytes.u8(b, data + 3) != 0x9D || Bytes.u8(b, data + 4) != 0x01
            || Bytes.u8(b, data + 5) != 0x2A) {
          throw new IllegalArgumentException("WebP VP8 frame has no key-frame start code");
        }
        return new ProbedImage(ImageFormat.WEBP,
            Bytes.u16le(b, data + 6) & 0x3FFF, Bytes.u16le(b, data + 8) & 0x3FFF);
      }
      case "VP8L": {
        Bytes.require(b, data, 5, "WebP VP8L header");
        if (Bytes.u8(b, data) != 0x2F) {
          throw new IllegalArgumentException(String.format(
              "WebP VP8L signature is 0x%02X, expected 0x2F", Bytes.u8(b, data)));
        }
        long bits = Bytes.u32le(b, data + 1);
        return new ProbedImage(ImageFormat.WEBP,
            (int) (bits & 0x3FFF) + 1, (int) ((bits >>> 14) & 0x3FFF) + 1);
      }
      case "VP8X":
        Bytes.require(b, data, 10, "WebP VP8X header");
        return new ProbedImage(ImageFormat.WEBP,
            Bytes.u24le(b, data + 4) + 1, Bytes.u24le(b, data + 7) + 1);
      default:
        throw new IllegalArgumentException(
            "WebP starts with unknown chunk '" + fourcc + "' (expected VP8, VP8L or VP8X)");
    }
  }
}
