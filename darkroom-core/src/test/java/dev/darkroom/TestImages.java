package dev.darkroom;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Small real images for tests. */
public final class TestImages {
  private TestImages() {}

  public static BufferedImage image(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(40, 120, 200));
    g.fillRect(0, 0, w, h);
    g.setColor(Color.ORANGE);
    g.fillOval(w / 4, h / 4, Math.max(1, w / 2), Math.max(1, h / 2));
    g.dispose();
    return img;
  }

  public static byte[] png(int w, int h) {
    return encode(image(w, h), "png");
  }

  public static byte[] jpeg(int w, int h) {
    return encode(image(w, h), "jpeg");
  }

  public static byte[] encode(BufferedImage img, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, format, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path writePng(Path path, int w, int h) throws IOException {
    return Files.write(path, png(w, h));
  }
}
