package dev.darkroom.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class DownscalerTest {

  @Test
  void returnsSameInstanceWhenAlreadySmallEnough() {
    BufferedImage image = TestImages.gradient(100, 60);

    assertThat(Downscaler.fitWithin(image, 100)).isSameAs(image);
    assertThat(Downscaler.fitWithin(image, 4000)).isSameAs(image);
  }

  @Test
  void keepsAspectRatioForLandscapeAndPortrait() {
    BufferedImage landscape = Downscaler.fitWithin(TestImages.gradient(1920, 1080), 512);
    BufferedImage portrait = Downscaler.fitWithin(TestImages.gradient(1000, 3000), 300);
    BufferedImage sliver = Downscaler.fitWithin(TestImages.gradient(4000, 3), 100);

    assertThat(landscape.getWidth()).isEqualTo(512);
    assertThat(landscape.getHeight()).isEqualTo(288);
    assertThat(portrait.getWidth()).isEqualTo(100);
    assertThat(portrait.getHeight()).isEqualTo(300);
    assertThat(sliver.getWidth()).isEqualTo(100);
    assertThat(sliver.getHeight()).isEqualTo(1);
  }

  @Test
  void averagesFineDetailInsteadOfAliasing() {
    BufferedImage checkerboard = new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 1024; y++) {
      for (int x = 0; x < 1024; x++) {
        checkerboard.setRGB(x, y, ((x + y) & 1) == 0 ? 0xFFFFFF : 0x000000);
      }
    }

    BufferedImage small = Downscaler.fitWithin(checkerboard, 100);

    for (int y = 0; y < small.getHeight(); y += 9) {
      for (int x = 0; x < small.getWidth(); x += 9) {
        int green = (small.getRGB(x, y) >> 8) & 0xFF;
        assertThat(green).as("pixel %d,%d", x, y).isBetween(96, 160);
      }
    }
  }

  @Test
  void preservesAlphaWithoutDarkFringes() {
    BufferedImage image = TestImages.solid(400, 400, 0x00000000);
    for (int y = 0; y < 400; y++) {
      for (int x = 204; x < 400; x++) {
        image.setRGB(x, y, 0xFFFFFFFF);
      }
    }

    BufferedImage small = Downscaler.fitWithin(image, 50);

    assertThat(small.getColorModel().hasAlpha()).isTrue();
    assertThat(small.getRGB(5, 25) >>> 24).isZero();
    assertThat(small.getRGB(45, 25)).isEqualTo(0xFFFFFFFF);
    int edge = small.getRGB(25, 25);
    assertThat(edge >>> 24).as("alpha of a half-covered pixel").isBetween(32, 223);
    assertThat((edge >> 16) & 0xFF).as("red of a half-covered pixel").isGreaterThan(248);
    assertThat(edge & 0xFF).as("blue of a half-covered pixel").isGreaterThan(248);
  }

  @Test
  void rejectsNonPositiveMaxSide() {
    assertThatThrownBy(() -> Downscaler.fitWithin(TestImages.gradient(2, 2), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxSide must be at least 1, got 0");
  }
}
