package dev.darkroom.studio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.internal.image.ImageCodec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Golden images under {@code src/test/resources/golden}. With {@code -Ddarkroom.golden.update=true}
 * the actual image is written there instead of compared. The comparison tolerates font rasteriser
 * differences: at most 1.5 % of pixels may differ by more than 64 in any channel.
 */
final class Golden {
  static final double MAX_DIFFERING_SHARE = 0.015;

  private Golden() {}

  static void assertMatches(String name, BufferedImage actual) throws IOException {
    if (Boolean.getBoolean("darkroom.golden.update")) {
      Path dir = Path.of(System.getProperty("darkroom.golden.dir", "src/test/resources/golden"));
      Files.createDirectories(dir);
      Files.write(dir.resolve(name), ImageCodec.encodePng(actual));
      return;
    }
    BufferedImage expected;
    try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
      assertThat(in).as("golden image %s (create it with -Ddarkroom.golden.update=true)", name).isNotNull();
      expected = ImageIO.read(in);
    }
    assertThat(actual.getWidth() + "x" + actual.getHeight()).as("sheet size")
        .isEqualTo(expected.getWidth() + "x" + expected.getHeight());
    double share = TestImages.differingShare(expected, actual, 64);
    if (share > MAX_DIFFERING_SHARE) {
      Path out = Path.of("target", "golden-actual", name);
      Files.createDirectories(out.getParent());
      Files.write(out, ImageCodec.encodePng(actual));
      assertThat(share).as("share of differing pixels against golden %s; actual written to %s", name,
          out.toAbsolutePath()).isLessThanOrEqualTo(MAX_DIFFERING_SHARE);
    }
  }
}
