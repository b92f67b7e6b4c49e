package dev.darkroom.internal.image;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.SplittableRandom;

/** Deterministic test images and small reference files produced by other encoders. */
final class TestImages {
  private TestImages() {}

  /** 1x1 lossy WebP (simple VP8) from Modernizr's feature tests, made by libwebp. */
  static final byte[] WEBP_LOSSY_1X1 = Base64.getDecoder()
      .decode("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");
  /** 1x1 lossless WebP (simple VP8L) from Modernizr's feature tests, made by libwebp. */
  static final byte[] WEBP_LOSSLESS_1X1 = Base64.getDecoder()
      .decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
  /** 1x1 lossy WebP with an ALPH chunk (extended VP8X) from Modernizr's feature tests. */
  static final byte[] WEBP_LOSSY_ALPHA_1X1 = Base64.getDecoder().decode(
      "UklGRkoAAABXRUJQVlA4WAoAAAAQAAAAAAAAAAAAQUxQSAwAAAARBxAR/Q9ERP8DAABWUDggGAAAABQBAJ0BKgEAAQAAAP4AAA3AAP7mtQAAAA==");

  /** A smooth, opaque, photo-like image: gradients with a soft highlight. */
  static BufferedImage gradient(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double dx = x - width * 0.3;
        double dy = y - height * 0.4;
        int glow = (int) (80 * Math.exp(-(dx * dx + dy * dy) / (2.0 * width * height / 16.0)));
        int r = clamp(255 * x / Math.max(1, width - 1) / 2 + glow);
        int g = clamp(255 * y / Math.max(1, height - 1) / 2 + glow);
        int b = clamp(128 + (x ^ y) % 32 + glow / 2);
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return image;
  }

  /** Translucent gradient on a transparent background, including fully clear pixels. */
  static BufferedImage alpha(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int a = (x * 255 / Math.max(1, width - 1)) & 0xFF;
        int argb = x < width / 8 ? 0 : (a << 24) | ((y * 7) & 0xFF) << 16 | 0x3300 | (x & 0xFF);
        image.setRGB(x, y, argb);
      }
    }
    return image;
  }

  static BufferedImage solid(int width, int height, int argb) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, argb);
      }
    }
    return image;
  }

  /** Uniform random ARGB noise from a fixed seed. */
  static BufferedImage noise(int width, int height, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt());
      }
    }
    return image;
  }

  static int[] argb(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
