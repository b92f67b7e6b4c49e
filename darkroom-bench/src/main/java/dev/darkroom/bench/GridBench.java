package dev.darkroom.bench;

import dev.darkroom.internal.grid.GridSlicer;
import dev.darkroom.internal.grid.GridSpec;
import java.awt.image.BufferedImage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Slicing a 4096x4096 image of an 8x8 grid (the testkit's grid rendering), decoded once. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GridBench {
  private BufferedImage image;
  private final GridSpec grid = new GridSpec(8, 8);

  @Setup
  public void load() {
    image = GridImages.grid4096();
  }

  /** Finding the cells: gutter detection on both axes. */
  @Benchmark
  public Object slice() {
    return GridSlicer.slice(image, grid);
  }

  /** Finding the cells and copying all 64 of them out. */
  @Benchmark
  public Object sliceAndCrop() {
    return GridImages.sliceAndCrop(image, grid);
  }
}
