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
 * Reads an image one row at a time as packed {@code 0xRRGGBB} ints, 8 bits per channel.
 *
 * <p>Packed-int RGB and interleaved 8-bit RGB or grey rasters are read straight from their
 * backing arrays; every other layout goes through {@link BufferedImage#getRGB}. Bits above the
 * 24 colour bits (alpha) are unspecified and must be masked off.
 */
abstract class RgbRows {

  final int width;

  private RgbRows(int width) {
    this.width = width;
  }

  /** Fills {@code rgb[0, width)} with row {@code y} of the image. */
  abstract void read(int y, int[] rgb);

  static RgbRows of(BufferedImage image) {
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

  private static final class PackedInts extends RgbRows {
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
    void read(int y, int[] rgb) {
      System.arraycopy(data, origin + y * scanline, rgb, 0, width);
    }
  }

  private static final class InterleavedBytes extends RgbRows {
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
    void read(int y, int[] rgb) {
      int i = origin + y * scanline;
      if (grey) {
        for (int x = 0; x < width; x++, i += pixelStride) {
          rgb[x] = (data[i + r] & 0xFF) * 0x010101;
        }
        return;
      }
      for (int x = 0; x < width; x++, i += pixelStride) {
        rgb[x] = (data[i + r] & 0xFF) << 16 | (data[i + g] & 0xFF) << 8 | (data[i + b] & 0xFF);
      }
    }
  }

  private static final class ViaGetRgb extends RgbRows {
    private final BufferedImage image;

    ViaGetRgb(BufferedImage image) {
      super(image.getWidth());
      this.image = image;
    }

    @Override
    void read(int y, int[] rgb) {
      image.getRGB(0, y, width, 1, rgb, 0, width);
    }
  }
}
