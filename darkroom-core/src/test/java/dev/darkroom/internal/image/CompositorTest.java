package dev.darkroom.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompositorTest {
  private static BufferedImage solid(int w, int h, Color c) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  @Test
  void defaultLayoutIsNearlySquareAndCellsTakeTheFirstImagesSize() {
    BufferedImage out = Compositor.compose(
        List.of(solid(100, 50, Color.RED), solid(100, 50, Color.GREEN), solid(100, 50, Color.BLUE)), 0, 0, Color.WHITE);
    assertThat(out.getWidth()).isEqualTo(200);
    assertThat(out.getHeight()).isEqualTo(100);
    assertThat(new Color(out.getRGB(50, 25))).isEqualTo(Color.RED);
    assertThat(new Color(out.getRGB(150, 25))).isEqualTo(Color.GREEN);
    assertThat(new Color(out.getRGB(50, 75))).isEqualTo(Color.BLUE);
    assertThat(new Color(out.getRGB(150, 75))).isEqualTo(Color.WHITE);
  }

  @Test
  void largerImagesAreScaledToFitAndCentred() {
    BufferedImage out = Compositor.compose(List.of(solid(100, 100, Color.RED), solid(400, 200, Color.BLUE)), 1, 2, Color.WHITE);
    assertThat(out.getWidth()).isEqualTo(200);
    assertThat(new Color(out.getRGB(150, 10))).isEqualTo(Color.WHITE);
    assertThat(new Color(out.getRGB(150, 50))).isEqualTo(Color.BLUE);
  }

  @Test
  void tooSmallGridIsRefused() {
    assertThatThrownBy(() -> Compositor.compose(List.of(solid(1, 1, Color.RED), solid(1, 1, Color.RED), solid(1, 1, Color.RED)), 1, 2, Color.WHITE))
        .hasMessageContaining("1x2 grid holds 2 images but 3 were given");
    assertThatThrownBy(() -> Compositor.compose(List.of(), 0, 0, Color.WHITE)).hasMessageContaining("at least one image");
  }
}
