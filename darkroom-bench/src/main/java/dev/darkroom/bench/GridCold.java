package dev.darkroom.bench;

import dev.darkroom.internal.grid.GridSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Grid slicing as the CLI meets it: the first slice in a fresh JVM (class loading, interpreter).
 * Prints {@code RESULT decodeMs=... sliceMs=... cropMs=...}.
 */
public final class GridCold {
  private GridCold() {}

  public static void main(String[] args) throws Exception {
    byte[] png = GridImages.grid4096Png();
    long t0 = System.nanoTime();
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    long t1 = System.nanoTime();
    int cells = GridImages.sliceAndCrop(image, new GridSpec(8, 8)).size();
    long t2 = System.nanoTime();
    System.out.println(String.format(Locale.ROOT, "RESULT decodeMs=%.1f sliceAndCropMs=%.1f cells=%d",
        (t1 - t0) / 1e6, (t2 - t1) / 1e6, cells));
  }
}
