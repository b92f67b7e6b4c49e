package dev.darkroom.studio;

import dev.darkroom.internal.image.ImageCodec;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/** Deterministic pictures for sheet and gallery tests, and a tolerant image comparison. */
final class TestImages {
  private TestImages() {}

  /** A gradient with a coloured disc, so scaling and placement are visible. */
  static BufferedImage picture(int width, int height, Color disc) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int r = 40 + 150 * x / Math.max(1, width - 1);
        int b = 40 + 150 * y / Math.max(1, height - 1);
        img.setRGB(x, y, new Color(r, 90, b).getRGB());
      }
    }
    Graphics2D g = img.createGraphics();
    g.setColor(disc);
    int d = Math.min(width, height) / 2;
    g.fillOval((width - d) / 2, (height - d) / 2, d, d);
    g.dispose();
    return img;
  }

  static byte[] png(int width, int height, Color disc) {
    return ImageCodec.encodePng(picture(width, height, disc));
  }

  /**
   * The share of pixels whose largest channel difference exceeds {@code threshold}; 1.0 when the
   * sizes differ.
   */
  static double differingShare(BufferedImage a, BufferedImage b, int threshold) {
    if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
      return 1.0;
    }
    long differing = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        int d = Math.max(Math.abs(((p >> 16) & 255) - ((q >> 16) & 255)),
            Math.max(Math.abs(((p >> 8) & 255) - ((q >> 8) & 255)), Math.abs((p & 255) - (q & 255))));
        if (d > threshold) {
          differing++;
        }
      }
    }
    return (double) differing / ((long) a.getWidth() * a.getHeight());
  }
}
