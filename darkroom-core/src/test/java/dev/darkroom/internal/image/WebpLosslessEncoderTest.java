package dev.darkroom.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class WebpLosslessEncoderTest {

  static Stream<Arguments> images() {
    return Stream.of(
        Arguments.of("opaque gradient 640x480", TestImages.gradient(640, 480)),
        Arguments.of("alpha 300x200", TestImages.alpha(300, 200)),
        Arguments.of("1x1 translucent", TestImages.solid(1, 1, 0x80FF2010)),
        Arguments.of("1x1 opaque", TestImages.solid(1, 1, 0xFF000000)),
        Arguments.of("single colour 257x3", TestImages.solid(257, 3, 0xFF336699)),
        Arguments.of("fully transparent 64x64", TestImages.solid(64, 64, 0x00000000)),
        Arguments.of("tall 1x5000 gradient", TestImages.gradient(1, 5000)),
        Arguments.of("two colours", twoColours()),
        Arguments.of("noise 1000x700", TestImages.noise(1000, 700, 42)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("images")
  void twelveMonkeysDecodesPixelExact(String name, BufferedImage image) {
    byte[] webp = ImageCodec.encodeWebpLossless(image);

    BufferedImage decoded = ImageCodec.decode(webp);

    assertThat(decoded.getWidth()).isEqualTo(image.getWidth());
    assertThat(decoded.getHeight()).isEqualTo(image.getHeight());
    assertThat(TestImages.argb(decoded)).isEqualTo(TestImages.argb(image));
    assertThat(ImageProbe.probe(webp))
        .isEqualTo(new ProbedImage(ImageFormat.WEBP, image.getWidth(), image.getHeight()));
  }

  @Test
  void writesWellFormedRiffContainer() {
    byte[] webp = ImageCodec.encodeWebpLossless(TestImages.gradient(33, 17));

    assertThat(new String(webp, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    assertThat(Bytes.u32le(webp, 4)).isEqualTo(webp.length - 8);
    assertThat(new String(webp, 8, 8, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("WEBPVP8L");
    assertThat(webp.length % 2).isZero();
    assertThat(Bytes.u8(webp, 20)).isEqualTo(0x2F);
  }

  @Test
  void compressesFlatImagesWell() {
    byte[] webp = ImageCodec.encodeWebpLossless(TestImages.solid(1024, 1024, 0xFF20A040));

    assertThat(webp.length).isLessThan(2_000);
  }

  @Test
  void prefixCodesMatchSpecExamples() {
    assertThat(WebpLosslessEncoder.prefix(1)).isEqualTo(0);
    assertThat(WebpLosslessEncoder.prefix(4)).isEqualTo(3);
    assertThat(WebpLosslessEncoder.prefix(5)).isEqualTo(4);
    assertThat(WebpLosslessEncoder.prefix(7)).isEqualTo(5);
    assertThat(WebpLosslessEncoder.prefix(4096)).isEqualTo(23);
  }

  @Test
  void rejectsImagesBeyondVp8lLimits() {
    BufferedImage wide = new BufferedImage(16385, 1, BufferedImage.TYPE_INT_RGB);

    assertThatThrownBy(() -> ImageCodec.encodeWebpLossless(wide))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16384x16384")
        .hasMessageContaining("16385x1");
  }

  private static BufferedImage twoColours() {
    BufferedImage image = new BufferedImage(50, 50, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 50; y++) {
      for (int x = 0; x < 50; x++) {
        image.setRGB(x, y, ((x * 31 + y * 17) % 7 < 3) ? 0xFFFFFFFF : 0xFF000000);
      }
    }
    return image;
  }
}
