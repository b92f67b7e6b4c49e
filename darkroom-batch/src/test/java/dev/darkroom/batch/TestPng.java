package dev.darkroom.batch;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

final class TestPng {
  private TestPng() {}

  static byte[] bytes(int w, int h, int rgb) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** An edit mask: opaque black with a transparent centre (the area to redraw). */
  static byte[] mask(int w, int h) {
    return mask(w, h, Math.min(w, h) / 4);
  }

  /** An edit mask: opaque black with the area {@code margin} pixels in from the edges transparent. */
  static byte[] mask(int w, int h, int margin) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean centre = x >= margin && x < w - margin && y >= margin && y < h - margin;
        img.setRGB(x, y, centre ? 0x00000000 : 0xff000000);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
