package dev.darkroom.bench;

import dev.darkroom.internal.grid.Cell;
import dev.darkroom.internal.grid.GridSlicer;
import dev.darkroom.internal.grid.GridSpec;
import dev.darkroom.internal.grid.SliceResult;
import dev.darkroom.testkit.internal.ImageRenderer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/** The 4096x4096 8x8 grid test image, drawn by the testkit exactly as FakeGemini serves it. */
final class GridImages {
  private GridImages() {}

  static byte[] grid4096Png() {
    return ImageRenderer.render(4096, 4096, "image/png",
        Optional.of(new dev.darkroom.testkit.internal.GridSpec(8, 8)));
  }

  static BufferedImage grid4096() {
    try {
      return ImageIO.read(new ByteArrayInputStream(grid4096Png()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<BufferedImage> sliceAndCrop(BufferedImage image, GridSpec grid) {
    SliceResult result = GridSlicer.slice(image, grid);
    List<BufferedImage> cells = new ArrayList<>(result.cells().size());
    for (Cell cell : result.cells()) {
      cells.add(GridSlicer.crop(image, cell));
    }
    if (cells.size() != grid.cellCount() || !result.guttersDetected()) {
      throw new IllegalStateException("slicing found " + cells.size() + " cells, gutters " + result.guttersDetected());
    }
    return cells;
  }
}
