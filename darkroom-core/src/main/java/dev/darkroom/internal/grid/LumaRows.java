package dev.darkroom.internal.grid;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Reads an image one row at a time as 8-bit luma ({@code (77R + 150G + 29B) / 256}, 0-255).
 *
 * <p>Packed-int RGB and interleaved 8-bit RGB or grey rasters are read straight from their
 * backing arrays; every other layout goes through {@link BufferedImage#getRGB}. Alpha is ignored.
 */
abstract class LumaRows {

  final int width;

  private LumaRows(int width) {
    this.width = width;
  }

  /** Fills {@code luma[0, width)} with row {@code y} of the image. */
  abstract void read(int y, int[] luma);

  static LumaRows of(BufferedImage image) {
    Raster raster = image.getRaster();
    SampleModel sm = raster.getSampleModel();
    DataBuffer db = raster.getDataBuffer();
    int type = image.getType();
    boolean argbInts =
        type == BufferedImage.TYPE_INT_RGB
            || type == BufferedImage.TYPE_INT_ARGB
            || type == BufferedImage.TYPE_INT_ARGB_PRE;
    if (argbInts && db instanceof DataBufferInt && sm instanceof SinglePixelPackedSampleModel) {
      return new PackedInts(image, (SinglePixelPackedSampleModel) sm, (DataBufferInt) db);
    }
    ColorModel cm = image.getColorModel();
    if (db instanceof DataBufferByte
        && db.getNumBanks() == 1
        && sm instanceof PixelInterleavedSampleModel
        && cm instanceof ComponentColorModel) {
      ColorSpace cs = cm.getColorSpace();
      int colours = cm.getNumColorComponents();
      if ((colours == 3 && cs.isCS_sRGB()) || (colours == 1 && cs.getType() == ColorSpace.TYPE_GRAY)) {
        return new InterleavedBytes(image, (PixelInterleavedSampleModel) sm, (DataBufferByte) db);
      }
    }
    return new ViaGetRgb(image);
  }

  static int luma(int r, int g, int b) {
    return (77 * r + 150 * g + 29 * b) >> 8;
  }

  private static final class PackedInts extends LumaRows {
    private final int[] data;
    private final int origin;
    private final int scanline;

    PackedInts(BufferedImage image, SinglePixelPackedSampleModel sm, DataBufferInt db) {
      super(image.getWidth());
      Raster raster = image.getRaster();
      this.data = db.getData();
      this.scanline = sm.getScanlineStride();
      this.origin =
          db.getOffset()
              - raster.getSampleModelTranslateY() * scanline
              - raster.getSampleModelTranslateX();
    }

    @Override
    void read(int y, int[] luma) {
      int i = origin + y * scanline;
      for (int x = 0; x < width; x++, i++) {
        int p = data[i];
        luma[x] = luma((p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF);
      }
    }
  }

  private static final class InterleavedBytes extends LumaRows {
    private final byte[] data;
    private final int origin;
    private final int scanline;
    private final int pixelStride;
    private final int r;
    private final int g;
    private final int b;
    private final boolean grey;

    InterleavedBytes(BufferedImage image, PixelInterleavedSampleModel sm, DataBufferByte db) {
      super(image.getWidth());
      Raster raster = image.getRaster();
      this.data = db.getData();
      this.scanline = sm.getScanlineStride();
      this.pixelStride = sm.getPixelStride();
      this.origin =
          db.getOffset()
              - raster.getSampleModelTranslateY() * scanline
              - raster.getSampleModelTranslateX() * pixelStride;
      int[] offsets = sm.getBandOffsets();
      this.grey = image.getColorModel().getNumColorComponents() == 1;
      this.r = offsets[0];
      this.g = grey ? offsets[0] : offsets[1];
      this.b = grey ? offsets[0] : offsets[2];
    }

    @Override
    void read(int y, int[] luma) {
      int i = origin + y * scanline;
      if (grey) {
        for (int x = 0; x < width; x++, i += pixelStride) {
          luma[x] = data[i + r] & 0xFF;
        }
        return;
      }
      for (int x = 0; x < width; x++, i += pixelStride) {
        luma[x] = luma(data[i + r] & 0xFF, data[i + g] & 0xFF, data[i + b] & 0xFF);
      }
    }
  }

  private static final class ViaGetRgb extends LumaRows {
    private final BufferedImage image;
    private final int[] argb;

    ViaGetRgb(BufferedImage image) {
      super(image.getWidth());
      this.image = image;
      this.argb = new int[image.getWidth()];
    }

    @Override
    void read(int y, int[] luma) {
      image.getRGB(0, y, width, 1, argb, 0, width);
      for (int x = 0; x < width; x++) {
        int p = argb[x];
        luma[x] = luma((p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF);
      }
    }
  }
}
