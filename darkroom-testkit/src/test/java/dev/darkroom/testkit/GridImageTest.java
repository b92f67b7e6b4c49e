package dev.darkroom.testkit;

import static dev.darkroom.testkit.GeminiHttp.body;
import static dev.darkroom.testkit.GeminiHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeGeminiExtension.class)
class GridImageTest {

  @Test
  void promptAskingForAGridGetsDistinctCellsBetweenDarkGutters(FakeGemini gemini)
      throws Exception {
    BufferedImage image = GeminiHttp.finalImage(json(new GeminiHttp(gemini).generate(
        "gemini-2.5-flash-image", body("A 2x3 grid of cute stickers", "")))); // PNG: exact

    assertGrid(image, 2, 3);
  }

  @Test
  void unicodeTimesSignAndScriptedGrid(FakeGemini gemini) throws Exception {
    gemini.enqueue(FakeReply.grid(4, 4));
    GeminiHttp http = new GeminiHttp(gemini);

    BufferedImage scripted = GeminiHttp.finalImage(json(http.generate("gemini-2.5-flash-image",
        body("anything", "\"generationConfig\":{\"imageConfig\":{\"aspectRatio\":\"16:9\"}}"))));
    BufferedImage prompted = GeminiHttp.finalImage(json(http.generate("gemini-2.5-flash-image",
        body("a 3 \u00d7 1 GRID of logos", ""))));

    assertGrid(scripted, 4, 4);
    assertGrid(prompted, 3, 1);
  }

  @Test
  void jpegGridKeepsGuttersDark(FakeGemini gemini) throws Exception {
    BufferedImage image = GeminiHttp.finalImage(json(new GeminiHttp(gemini).generate(
        "gemini-3-pro-image", body("a 2x2 grid of cats", ""))));

    assertThat(isDark(image.getRGB(image.getWidth() / 2, image.getHeight() / 4))).isTrue();
    assertThat(isDark(image.getRGB(1, image.getHeight() / 4))).isTrue();
    assertThat(isDark(image.getRGB(image.getWidth() / 4, image.getHeight() / 4))).isFalse();
  }

  /** Border and gutters dark, each cell's centre bright and a colour of its own. */
  private static void assertGrid(BufferedImage image, int rows, int cols) {
    int w = image.getWidth();
    int h = image.getHeight();
    int gutter = Math.max(2, Math.round(w * 0.015f));
    assertThat(isDark(image.getRGB(0, h / 2))).as("left border").isTrue();
    assertThat(isDark(image.getRGB(w - 1, h / 2))).as("right border").isTrue();
    assertThat(isDark(image.getRGB(w / 2, 0))).as("top border").isTrue();
    assertThat(isDark(image.getRGB(w / 2, h - 1))).as("bottom border").isTrue();
    Set<Integer> colours = new HashSet<>();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int cellW = (w - (cols + 1) * gutter) / cols;
        int cellH = (h - (rows + 1) * gutter) / rows;
        int x = gutter + c * (cellW + gutter);
        int y = gutter + r * (cellH + gutter);
        int corner = image.getRGB(x + 2, y + 2);
        assertThat(isDark(corner)).as("cell %d,%d", r, c).isFalse();
        colours.add(corner & 0xF0F0F0);
        if (c > 0) {
          assertThat(isDark(image.getRGB(x - gutter / 2 - 1, y + cellH / 2)))
              .as("gutter left of cell %d,%d", r, c).isTrue();
        }
      }
    }
    assertThat(colours).as("distinct cell colours").hasSize(rows * cols);
  }

  private static boolean isDark(int rgb) {
    Color c = new Color(rgb);
    return c.getRed() + c.getGreen() + c.getBlue() < 150;
  }
}
