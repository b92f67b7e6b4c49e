package dev.darkroom.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageCodecTest {

  @Test
  void pngRoundTripIsPixelExactWithAlpha() {
    BufferedImage image = TestImages.alpha(97, 31);

    BufferedImage decoded = ImageCodec.decode(ImageCodec.encodePng(image));

    assertThat(TestImages.argb(decoded)).isEqualTo(TestImages.argb(image));
  }

  @Test
  void jpegCompositesAlphaOntoWhite() {
    BufferedImage clear = TestImages.solid(16, 16, 0x00FF0000);

    BufferedImage decoded = ImageCodec.decode(ImageCodec.encodeJpeg(clear, 1f));

    assertThat(decoded.getColorModel().hasAlpha()).isFalse();
    int rgb = decoded.getRGB(8, 8);
    assertThat((rgb >> 16) & 0xFF).isGreaterThan(250);
    assertThat((rgb >> 8) & 0xFF).isGreaterThan(250);
    assertThat(rgb & 0xFF).isGreaterThan(250);
  }

  @Test
  void jpegQualityChangesSize() {
    BufferedImage image = TestImages.gradient(200, 200);

    assertThat(ImageCodec.encodeJpeg(image, 0.1f).length)
        .isLessThan(ImageCodec.encodeJpeg(image, 0.95f).length);
  }

  @Test
  void encodeDispatchesOnFormat() {
    BufferedImage image = TestImages.gradient(20, 10);

    for (ImageFormat format :
        new ImageFormat[] {ImageFormat.PNG, ImageFormat.JPEG, ImageFormat.WEBP, ImageFormat.GIF}) {
      byte[] bytes = ImageCodec.encode(image, format, 0.9f);
      assertThat(ImageFormat.sniff(bytes)).as(format.name()).contains(format);
      assertThat(ImageProbe.probe(bytes)).isEqualTo(new ProbedImage(format, 20, 10));
    }
    assertThat(TestImages.argb(ImageCodec.decode(ImageCodec.encode(image, ImageFormat.WEBP, 0f))))
        .isEqualTo(TestImages.argb(image));
  }

  @Test
  void rejectsBadArguments() {
    BufferedImage image = TestImages.gradient(2, 2);

    assertThatThrownBy(() -> ImageCodec.encode(image, ImageFormat.HEIC, 0.9f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("HEIC images cannot be encoded");
    assertThatThrownBy(() -> ImageCodec.encodeJpeg(image, 1.5f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jpegQuality must be between 0 and 1, got 1.5");
    assertThatThrownBy(() -> ImageCodec.encodeJpeg(image, Float.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decodeExplainsWhatIsWrong() {
    byte[] png = ImageCodec.encodePng(TestImages.gradient(64, 64));
    byte[] corrupt = Arrays.copyOf(png, 60);

    assertThatThrownBy(() -> ImageCodec.decode("{\"error\":1}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a PNG, JPEG, WebP or GIF image (starts with 0x7B226572)");
    assertThatThrownBy(() -> ImageCodec.decode(corrupt))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("corrupt PNG image");
    assertThatThrownBy(() -> ImageCodec.decode(ImageFormatTest.HEIC_HEAD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HEIC");
  }

  @Test
  void decodesThirdPartyWebp() {
    assertThat(ImageCodec.decode(TestImages.WEBP_LOSSY_1X1).getWidth()).isEqualTo(1);
    BufferedImage lossless = ImageCodec.decode(TestImages.WEBP_LOSSLESS_1X1);
    assertThat(lossless.getWidth()).isEqualTo(1);
    assertThat(ImageCodec.decode(TestImages.WEBP_LOSSY_ALPHA_1X1).getColorModel().hasAlpha())
        .isTrue();
  }
}
