package dev.darkroom.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageProbeTest {

  static Stream<Arguments> images() {
    BufferedImage odd = TestImages.gradient(123, 45);
    return Stream.of(
        Arguments.of("PNG", ImageCodec.encodePng(odd)),
        Arguments.of("JPEG", ImageCodec.encodeJpeg(odd, 0.8f)),
        Arguments.of("JPEG with XMP", JpegXmp.withXmp(ImageCodec.encodeJpeg(odd, 0.8f),
            Xmp.packet("{}", "a prompt", "Darkroom test"))),
        Arguments.of("GIF", ImageCodec.encode(odd, ImageFormat.GIF, 0f)),
        Arguments.of("WebP VP8L", ImageCodec.encodeWebpLossless(odd)),
        Arguments.of("WebP VP8X from VP8L", WebpXmp.withXmp(
            ImageCodec.encodeWebpLossless(odd), Xmp.packet("{}", "p", "t"))),
        Arguments.of("WebP VP8", TestImages.WEBP_LOSSY_1X1),
        Arguments.of("WebP VP8X with ALPH", TestImages.WEBP_LOSSY_ALPHA_1X1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("images")
  void dimensionsMatchImageIo(String name, byte[] bytes) {
    BufferedImage decoded = ImageCodec.decode(bytes);

    ProbedImage probed = ImageProbe.probe(bytes);

    assertThat(probed.format()).isEqualTo(ImageFormat.sniff(bytes).orElseThrow());
    assertThat(probed.width()).isEqualTo(decoded.getWidth());
    assertThat(probed.height()).isEqualTo(decoded.getHeight());
  }

  @Test
  void probesJpegPastItsTableSegments() {
    byte[] jpeg = ImageCodec.encodeJpeg(TestImages.gradient(640, 360), 0.5f);

    assertThat(ImageProbe.probe(jpeg)).isEqualTo(new ProbedImage(ImageFormat.JPEG, 640, 360));
  }

  @Test
  void rejectsNonImagesWithTheirLeadingBytes() {
    byte[] html = "<html><body>quota exceeded</body></html>".getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> ImageProbe.probe(html))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a PNG, JPEG, WebP or GIF image (starts with 0x3C68746D)");
  }

  @Test
  void rejectsTruncatedHeaders() {
    byte[] png = ImageCodec.encodePng(TestImages.gradient(10, 10));
    byte[] jpeg = ImageCodec.encodeJpeg(TestImages.gradient(10, 10), 0.9f);
    byte[] webp = ImageCodec.encodeWebpLossless(TestImages.gradient(10, 10));

    assertThatThrownBy(() -> ImageProbe.probe(Arrays.copyOf(png, 20)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("truncated PNG header");
    assertThatThrownBy(() -> ImageProbe.probe(Arrays.copyOf(jpeg, 30)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("truncated JPEG");
    assertThatThrownBy(() -> ImageProbe.probe(Arrays.copyOf(webp, 22)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("truncated WebP VP8L header");
    assertThatThrownBy(() -> ImageProbe.probe(Arrays.copyOf("GIF89a".getBytes(StandardCharsets.US_ASCII), 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("truncated GIF logical screen descriptor");
  }

  @Test
  void rejectsInconsistentHeaders() {
    byte[] jpegWithoutFrame = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
    byte[] webp = ImageCodec.encodeWebpLossless(TestImages.gradient(10, 10));
    webp[20] = 0x2E;
    byte[] zeroGif = Arrays.copyOf("GIF89a".getBytes(StandardCharsets.US_ASCII), 13);

    assertThatThrownBy(() -> ImageProbe.probe(jpegWithoutFrame))
        .hasMessage("JPEG has no frame header (SOFn) before its end");
    assertThatThrownBy(() -> ImageProbe.probe(webp))
        .hasMessage("WebP VP8L signature is 0x2E, expected 0x2F");
    assertThatThrownBy(() -> ImageProbe.probe(zeroGif))
        .hasMessage("GIF header declares 0x0 pixels; both must be at least 1");
    assertThatThrownBy(() -> ImageProbe.probe(ImageFormatTest.HEIC_HEAD))
        .hasMessage("HEIC images cannot be probed");
  }
}
