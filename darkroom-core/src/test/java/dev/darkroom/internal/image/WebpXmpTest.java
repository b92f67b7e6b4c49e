package dev.darkroom.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WebpXmpTest {
  private static final String PACKET = Xmp.packet("{\"seed\":3}", "a koi 鯉 🐟", "Darkroom 0.1.0");

  static Stream<Arguments> webps() {
    return Stream.of(
        Arguments.of("VP8L opaque", ImageCodec.encodeWebpLossless(TestImages.gradient(90, 50)), false),
        Arguments.of("VP8L alpha", ImageCodec.encodeWebpLossless(TestImages.alpha(90, 50)), true),
        Arguments.of("VP8 lossy", TestImages.WEBP_LOSSY_1X1, false),
        Arguments.of("VP8X with ALPH", TestImages.WEBP_LOSSY_ALPHA_1X1, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("webps")
  void embedsXmpInExtendedFormatKeepingPixels(String name, byte[] webp, boolean alpha) {
    byte[] tagged = WebpXmp.withXmp(webp, PACKET);

    assertThat(WebpXmp.readXmp(tagged)).contains(PACKET);
    assertThat(Bytes.u32le(tagged, 4)).isEqualTo(tagged.length - 8);
    assertThat(chunks(tagged).get(0)).isEqualTo("VP8X");
    assertThat(chunks(tagged).get(chunks(tagged).size() - 1)).isEqualTo("XMP ");
    int flags = Bytes.u8(tagged, 20);
    assertThat(flags & 0x04).as("XMP flag").isNotZero();
    assertThat((flags & 0x10) != 0).as("alpha flag").isEqualTo(alpha);
    assertThat(ImageProbe.probe(tagged)).isEqualTo(ImageProbe.probe(webp));
    BufferedImage before = ImageCodec.decode(webp);
    BufferedImage after = ImageCodec.decode(tagged);
    assertThat(TestImages.argb(after)).isEqualTo(TestImages.argb(before));
  }

  @Test
  void replacesExistingXmpAndPadsOddSizes() {
    byte[] webp = ImageCodec.encodeWebpLossless(TestImages.gradient(20, 20));
    String odd = PACKET.getBytes(StandardCharsets.UTF_8).length % 2 == 1 ? PACKET : PACKET + " ";
    byte[] once = WebpXmp.withXmp(webp, odd);

    byte[] twice = WebpXmp.withXmp(once, "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>");

    assertThat(odd.getBytes(StandardCharsets.UTF_8).length % 2).isOne();
    assertThat(once.length % 2).isZero();
    assertThat(WebpXmp.readXmp(once)).contains(odd);
    assertThat(WebpXmp.readXmp(twice)).contains("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>");
    assertThat(chunks(twice)).containsExactly("VP8X", "VP8L", "XMP ");
  }

  @Test
  void webpWithoutXmpHasNone() {
    assertThat(WebpXmp.readXmp(TestImages.WEBP_LOSSY_ALPHA_1X1)).isEmpty();
  }

  @Test
  void rejectsMalformedWebp() {
    byte[] truncated = Arrays.copyOf(ImageCodec.encodeWebpLossless(TestImages.gradient(20, 20)), 30);

    assertThatThrownBy(() -> WebpXmp.withXmp(truncated, PACKET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("truncated WebP: RIFF header declares");
    assertThatThrownBy(() -> WebpXmp.readXmp(ImageCodec.encodePng(TestImages.gradient(2, 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a WebP image, got PNG");
  }

  static List<String> chunks(byte[] webp) {
    List<String> fourccs = new ArrayList<>();
    for (int at = 12; at + 8 <= webp.length; ) {
      fourccs.add(Bytes.ascii(webp, at, 4));
      long size = Bytes.u32le(webp, at + 4);
      at += 8 + (int) size + (int) (size & 1);
    }
    return fourccs;
  }
}
