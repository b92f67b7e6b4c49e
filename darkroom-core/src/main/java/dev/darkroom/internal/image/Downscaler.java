package dev.darkroom.internal.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Shrinks images to fit a bounding square, by repeated bilinear halving and one final bilinear
 * step, which approximates area averaging without its cost. Alpha is kept and scaled premultiplied,
 * so transparent pixels do not bleed their colour into the edges.
 */
public final class Downscaler {
  private Downscaler() {}

  /**
   * Returns {@code image} scaled so that neither side exceeds {@code maxSide} pixels, keeping the
   * aspect ratio (each side rounded, at least 1 pixel). Never upscales: an image that already fits
   * is returned as the same instance. The result is {@code TYPE_INT_ARGB} if the source has alpha,
   * otherwise {@code TYPE_INT_RGB}.
   *
   * @param maxSide the largest allowed width and height in pixels, at least 1
   */
  public static BufferedImage fitWithin(BufferedImage image, int maxSide) {
    if (maxSide < 1) {
      throw new IllegalArgumentException("maxSide must be at least 1, got " + maxSide);
    }
    int width = image.getWidth();
    int height = image.getHeight();
    if (width <= maxSide && height <= maxSide) {
      return image;
    }
    double scale = (double) maxSide / Math.max(width, height);
    int targetWidth = Math.max(1, Math.min(maxSide, (int) Math.round(width * scale)));
    int targetHeight = Math.max(1, Math.min(maxSide, (int) Math.round(height * scale)));
    boolean alpha = image.getColorModel().hasAlpha();
    int workType = alpha ? BufferedImage.TYPE_INT_ARGB_PRE : BufferedImage.TYPE_INT_RGB;

    BufferedImage current = image;
    int w = width;
    int h = height;
    while (w / 2 >= targetWidth && h / 2 >= targetHeight) {
      w /= 2;
      h /= 2;
      current = draw(current, w, h, workType);
    }
    if (w != targetWidth || h != targetHeight || current == image) {
      current = draw(current, targetWidth, targetHeight, workType);
    }
    return alpha ? draw(current, targetWidth, targetHeight, BufferedImage.TYPE_INT_ARGB) : current;
  }

  private static BufferedImage draw(BufferedImage source, int width, int height, int type) {
    BufferedImage target = new BufferedImage(width, height, type);
    Graphics2D g = target.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
          RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setRenderingHint(RenderingHints.KEY_ALPHA_INTERPOLATION,
          RenderingHints.VALUE_ALPHA_INTERPOLATION_QUALITY);
      g.drawImage(source, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return target;
  }
}
