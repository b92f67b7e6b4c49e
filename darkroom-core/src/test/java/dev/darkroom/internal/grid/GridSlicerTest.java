package dev.darkroom.internal.grid;

import static dev.darkroom.internal.grid.GridPainter.BLACK;
import static dev.darkroom.internal.grid.GridPainter.DARK_GREY;
import static dev.darkroom.internal.grid.GridPainter.WHITE;
import static dev.darkroom.internal.grid.GridPainter.grid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.internal.grid.GridPainter.Content;
import dev.darkroom.internal.grid.GridPainter.Drawn;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GridSlicerTest {

  @ParameterizedTest(name = "2x2 dark gutter {0}px")
  @ValueSource(ints = {2, 3, 8, 17, 40})
  void darkGuttersOfAnyWidthAreExcludedExactly(int gutter) {
    Drawn drawn = grid(2, 2).gutters(gutter).draw();

    assertSlicedExactly(drawn, GridSpec.parse("2x2"));
  }

  @Test
  void lightGuttersWithLightOuterBorder() {
    Drawn drawn = grid(3, 3).gutters(10).border(10).lineColour(WHITE).draw();

    assertSlicedExactly(drawn, GridSpec.parse("3x3"));
  }

  @Test
  void greyGuttersWithOuterBorderOnFourByFour() {
    Drawn drawn = grid(4, 4).gutters(6).border(12).lineColour(DARK_GREY).draw();

    assertSlicedExactly(drawn, GridSpec.parse("4x4"));
  }

  @Test
  void twoByThreeOnNonSquareImageWithoutBorder() {
    Drawn drawn = grid(2, 3).size(1376, 768).gutters(5).content(Content.PHOTO).draw();

    assertSlicedExactly(drawn, GridSpec.parse("2x3"));
  }

  @Test
  void threeByTwoOnNonSquareImageWithThinBorder() {
    Drawn drawn = grid(3, 2).size(1376, 768).gutters(4).border(2).lineColour(WHITE).draw();

    assertSlicedExactly(drawn, GridSpec.parse("3x2"));
  }

  @Test
  void midGreyGuttersBetweenBusyCells() throws IOException {
    Drawn drawn = grid(3, 3).gutters(8).border(4).lineColour(0x808080).draw();

    assertSlicedExactly(drawn, GridSpec.parse("3x3"));
    assertJpegSlicedWithinTwoPixels(drawn, GridSpec.parse("3x3"));
  }

  @Test
  void onePixelLinesAreNotTreatedAsGutters() {
    Drawn drawn = grid(2, 2).size(400, 400).gutters(1).content(Content.PHOTO).draw();

    SliceResult result = GridSlicer.slice(drawn.image(), GridSpec.parse("2x2"));

    assertThat(result.guttersDetected()).isFalse();
    assertThat(bounds(result)).isEqualTo(evenSplit(400, 400, GridSpec.parse("2x2")));
  }

  @Test
  void eightByEightWithBorder() {
    Drawn drawn = grid(8, 8).size(2048, 2048).gutters(4).border(8).draw();

    assertSlicedExactly(drawn, GridSpec.parse("8x8"));
  }

  @Test
  void eightByEightWithTwoPixelGutters() {
    Drawn drawn = grid(8, 8).size(1536, 1536).gutters(2).content(Content.PHOTO).draw();

    assertSlicedExactly(drawn, GridSpec.parse("8x8"));
  }

  @Test
  void unevenGutterWidths() {
    Drawn drawn =
        grid(3, 3).size(1200, 900).gutters(new int[] {4, 14}, new int[] {9, 3}).border(6).draw();

    assertSlicedExactly(drawn, GridSpec.parse("3x3"));
  }

  @Test
  void contentTouchingTheGutterColourInPlaces() {
    Drawn dark = grid(3, 3).gutters(6).content(Content.TOUCHING).draw();
    Drawn light = grid(2, 3).size(1376, 768).gutters(8).border(8).lineColour(WHITE)
        .content(Content.TOUCHING).draw();

    assertSlicedExactly(dark, GridSpec.parse("3x3"));
    assertSlicedExactly(light, GridSpec.parse("2x3"));
  }

  @ParameterizedTest(name = "JPEG 2x2 dark gutter {0}px")
  @ValueSource(ints = {2, 4, 12})
  void jpegCompressedDarkGuttersAreStillFound(int gutter) throws IOException {
    Drawn drawn = grid(2, 2).gutters(gutter).draw();

    assertJpegSlicedWithinTwoPixels(drawn, GridSpec.parse("2x2"));
  }

  @Test
  void jpegCompressedLightGuttersWithBorderAreStillFound() throws IOException {
    Drawn photo = grid(3, 3).gutters(6).border(6).lineColour(WHITE).content(Content.PHOTO).draw();
    Drawn touching = grid(4, 4).gutters(5).lineColour(WHITE).content(Content.TOUCHING).draw();

    assertJpegSlicedWithinTwoPixels(photo, GridSpec.parse("3x3"));
    assertJpegSlicedWithinTwoPixels(touching, GridSpec.parse("4x4"));
  }

  @Test
  void jpegCompressedEightByEightOnNonSquareImage() throws IOException {
    Drawn drawn = grid(8, 8).size(1376, 768).gutters(3).border(3).content(Content.PHOTO).draw();

    assertJpegSlicedWithinTwoPixels(drawn, GridSpec.parse("8x8"));
  }

  @Test
  void contiguousCellsWithoutGuttersAreSplitEvenly() {
    BufferedImage image = grid(2, 2).size(1001, 999).content(Content.PHOTO).draw().image();

    SliceResult result = GridSlicer.slice(image, GridSpec.parse("2x2"));

    assertThat(result.guttersDetected()).isFalse();
    assertThat(describe(result))
        .isEqualTo(
            "r1c1 0,0 500x499\n"
                + "r1c2 500,0 501x499\n"
                + "r2c1 0,499 500x500\n"
                + "r2c2 500,499 501x500");
  }

  @Test
  void contiguousPhotoCellsOnNonSquareImagesAreSplitEvenly() throws IOException {
    for (String spec : List.of("2x3", "3x3", "4x4", "8x8")) {
      for (Content content : List.of(Content.PHOTO, Content.FLAT_LUMA)) {
        GridSpec grid = GridSpec.parse(spec);
        Drawn drawn = grid(grid.rows(), grid.cols()).size(1376, 768).content(content).draw();

        SliceResult plain = GridSlicer.slice(drawn.image(), grid);
        SliceResult compressed = GridSlicer.slice(jpeg(drawn), grid);

        String label = spec + " " + content;
        assertThat(plain.guttersDetected()).as(label).isFalse();
        assertThat(compressed.guttersDetected()).as(label + " jpeg").isFalse();
        assertThat(bounds(plain)).as(label).isEqualTo(evenSplit(1376, 768, grid));
        assertThat(bounds(compressed)).as(label + " jpeg").isEqualTo(evenSplit(1376, 768, grid));
      }
    }
  }

  @Test
  void guttersBetweenCellsThatLookFlatInLuma() throws IOException {
    Drawn drawn = grid(8, 8).size(1376, 768).gutters(3).border(3).content(Content.FLAT_LUMA).draw();
    Drawn wide = grid(2, 3).size(1376, 768).gutters(12).lineColour(WHITE)
        .content(Content.FLAT_LUMA).draw();

    assertSlicedExactly(drawn, GridSpec.parse("8x8"));
    assertJpegSlicedWithinTwoPixels(drawn, GridSpec.parse("8x8"));
    assertSlicedExactly(wide, GridSpec.parse("2x3"));
    assertJpegSlicedWithinTwoPixels(wide, GridSpec.parse("2x3"));
  }

  @Test
  void evenSplitKeepsEveryPixel() {
    BufferedImage image = grid(3, 7).size(1000, 500).content(Content.NOISE).draw().image();

    SliceResult result = GridSlicer.slice(image, new GridSpec(3, 7));

    assertThat(result.guttersDetected()).isFalse();
    long area = result.cells().stream().mapToLong(c -> (long) c.bounds().width * c.bounds().height).sum();
    assertThat(area).isEqualTo(1000L * 500);
    assertThat(result.cells().get(20).bounds()).isEqualTo(new Rectangle(857, 333, 143, 167));
  }

  @Test
  void oneByOneIsTheWholeImageOrTheInsideOfItsBorder() {
    BufferedImage plain = grid(1, 1).size(640, 480).content(Content.PHOTO).draw().image();
    Drawn framed = grid(1, 1).size(640, 480).border(9).lineColour(WHITE).draw();

    SliceResult whole = GridSlicer.slice(plain, new GridSpec(1, 1));

    assertThat(whole.guttersDetected()).isFalse();
    assertThat(describe(whole)).isEqualTo("r1c1 0,0 640x480");
    assertSlicedExactly(framed, new GridSpec(1, 1));
  }

  @Test
  void everyPixelLayoutGivesTheSameCells() {
    Drawn drawn = grid(3, 3).size(600, 450).gutters(7).border(5).lineColour(WHITE).draw();
    int[] types = {
      BufferedImage.TYPE_3BYTE_BGR,
      BufferedImage.TYPE_4BYTE_ABGR,
      BufferedImage.TYPE_INT_ARGB,
      BufferedImage.TYPE_INT_BGR,
      BufferedImage.TYPE_BYTE_GRAY,
      BufferedImage.TYPE_USHORT_565_RGB
    };
    for (int type : types) {
      BufferedImage converted = convert(drawn.image(), type);

      SliceResult result = GridSlicer.slice(converted, new GridSpec(3, 3));

      assertThat(result.guttersDetected()).as("type %d", type).isTrue();
      assertThat(bounds(result)).as("type %d", type).isEqualTo(drawn.cells());
    }
  }

  @Test
  void subimagesAreReadAtTheirOwnOrigin() {
    Drawn drawn = grid(2, 2).size(400, 300).gutters(6).draw();
    for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_3BYTE_BGR}) {
      BufferedImage canvas = new BufferedImage(500, 420, type);
      Graphics2D g = canvas.createGraphics();
      g.drawImage(drawn.image(), 37, 51, null);
      g.dispose();

      SliceResult result = GridSlicer.slice(canvas.getSubimage(37, 51, 400, 300), new GridSpec(2, 2));

      assertThat(bounds(result)).as("type %d", type).isEqualTo(drawn.cells());
    }
  }

  @Test
  void cellsInOneColumnShareTheirXExtentAndInOneRowTheirYExtent() {
    Drawn drawn = grid(4, 3).size(1376, 768).gutters(new int[] {5, 9}, new int[] {3, 6, 11}).draw();

    List<Cell> cells = GridSlicer.slice(jpegQuietly(drawn), new GridSpec(4, 3)).cells();

    for (Cell cell : cells) {
      Rectangle sameRow = cells.get((cell.row() - 1) * 3).bounds();
      Rectangle sameCol = cells.get(cell.col() - 1).bounds();
      assertThat(cell.bounds().y).isEqualTo(sameRow.y);
      assertThat(cell.bounds().height).isEqualTo(sameRow.height);
      assertThat(cell.bounds().x).isEqualTo(sameCol.x);
      assertThat(cell.bounds().width).isEqualTo(sameCol.width);
    }
  }

  @Test
  void cellsAreRowMajorAndOneBased() {
    SliceResult result = GridSlicer.slice(grid(2, 3).gutters(4).draw().image(), new GridSpec(2, 3));

    assertThat(result.cells())
        .extracting(c -> c.row() + "," + c.col())
        .containsExactly("1,1", "1,2", "1,3", "2,1", "2,2", "2,3");
  }

  @Test
  void cropCopiesTheCellIntoAnIndependentImageOfTheSameType() {
    BufferedImage source = convert(grid(2, 2).size(200, 100).gutters(4).draw().image(),
        BufferedImage.TYPE_3BYTE_BGR);
    Cell cell = GridSlicer.slice(source, new GridSpec(2, 2)).cells().get(3);

    BufferedImage crop = GridSlicer.crop(source, cell);

    Rectangle b = cell.bounds();
    assertThat(crop.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
    assertThat(crop.getWidth()).isEqualTo(b.width);
    assertThat(crop.getHeight()).isEqualTo(b.height);
    assertThat(crop.getRGB(0, 0, b.width, b.height, null, 0, b.width))
        .isEqualTo(source.getRGB(b.x, b.y, b.width, b.height, null, 0, b.width));
    int before = source.getRGB(b.x, b.y);
    crop.setRGB(0, 0, ~before);
    assertThat(source.getRGB(b.x, b.y)).isEqualTo(before);
  }

  @Test
  void cropRejectsCellsOutsideTheImage() {
    BufferedImage image = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);

    assertThatThrownBy(() -> GridSlicer.crop(image, new Cell(1, 1, new Rectangle(5, 5, 6, 5))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the 10x10 image");
  }

  @Test
  void imageSmallerThanTheGridIsRejected() {
    BufferedImage image = new BufferedImage(3, 40, BufferedImage.TYPE_INT_RGB);

    assertThatThrownBy(() -> GridSlicer.slice(image, new GridSpec(2, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("image of 3x40 px is too small for grid 2x4 (rows x cols)");
  }

  @Test
  void tinyImagesStillSlice() {
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);

    SliceResult result = GridSlicer.slice(image, new GridSpec(2, 2));

    assertThat(result.cells()).hasSize(4);
    assertThat(result.cells()).allSatisfy(c -> assertThat(c.bounds().isEmpty()).isFalse());
  }

  @Test
  void cellBoundsCannotBeChangedThroughTheRecord() {
    Rectangle bounds = new Rectangle(1, 2, 3, 4);
    Cell cell = new Cell(1, 1, bounds);

    bounds.x = 99;
    cell.bounds().y = 99;

    assertThat(cell.bounds()).isEqualTo(new Rectangle(1, 2, 3, 4));
  }

  private static void assertSlicedExactly(Drawn drawn, GridSpec grid) {
    SliceResult result = GridSlicer.slice(drawn.image(), grid);

    assertThat(result.guttersDetected()).isTrue();
    assertThat(bounds(result)).isEqualTo(drawn.cells());
  }

  private static void assertJpegSlicedWithinTwoPixels(Drawn drawn, GridSpec grid)
      throws IOException {
    SliceResult result = GridSlicer.slice(jpeg(drawn), grid);

    assertThat(result.guttersDetected()).isTrue();
    List<Rectangle> actual = bounds(result);
    for (int i = 0; i < actual.size(); i++) {
      Rectangle a = actual.get(i);
      Rectangle e = drawn.cells().get(i);
      String message = "cell " + i + ": expected " + e + " but was " + a;
      assertThat(Math.abs(a.x - e.x)).as(message).isLessThanOrEqualTo(2);
      assertThat(Math.abs(a.y - e.y)).as(message).isLessThanOrEqualTo(2);
      assertThat(Math.abs(a.x + a.width - e.x - e.width)).as(message).isLessThanOrEqualTo(2);
      assertThat(Math.abs(a.y + a.height - e.y - e.height)).as(message).isLessThanOrEqualTo(2);
    }
  }

  /** The even split, written out independently of the slicer: edges at floor(k * size / n). */
  private static List<Rectangle> evenSplit(int width, int height, GridSpec grid) {
    List<Rectangle> cells = new ArrayList<>();
    for (int r = 0; r < grid.rows(); r++) {
      int y0 = r * height / grid.rows();
      int y1 = (r + 1) * height / grid.rows();
      for (int c = 0; c < grid.cols(); c++) {
        int x0 = c * width / grid.cols();
        int x1 = (c + 1) * width / grid.cols();
        cells.add(new Rectangle(x0, y0, x1 - x0, y1 - y0));
      }
    }
    return cells;
  }

  private static List<Rectangle> bounds(SliceResult result) {
    return result.cells().stream().map(Cell::bounds).collect(Collectors.toList());
  }

  private static String describe(SliceResult result) {
    return result.cells().stream()
        .map(c -> {
          Rectangle b = c.bounds();
          return "r" + c.row() + "c" + c.col() + " " + b.x + "," + b.y + " " + b.width + "x" + b.height;
        })
        .collect(Collectors.joining("\n"));
  }

  static BufferedImage jpeg(Drawn drawn) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.8f);
      writer.write(null, new IIOImage(drawn.image(), null, null), param);
    } finally {
      writer.dispose();
    }
    return ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
  }

  private static BufferedImage jpegQuietly(Drawn drawn) {
    try {
      return jpeg(drawn);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static BufferedImage convert(BufferedImage image, int type) {
    BufferedImage converted = new BufferedImage(image.getWidth(), image.getHeight(), type);
    Graphics2D g = converted.createGraphics();
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return converted;
  }
}
