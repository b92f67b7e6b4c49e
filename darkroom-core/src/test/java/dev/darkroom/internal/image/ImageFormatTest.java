package dev.darkroom.internal.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

  static final byte[] HEIC_HEAD = {
      0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0,
      'm', 'i', 'f', '1', 'h', 'e', 'i', 'c'};

  @Test
  void sniffsEachFormatFromRealFiles() {
    assertThat(ImageFormat.sniff(ImageCodec.encodePng(TestImages.solid(2, 2, 0xFF000000))))
        .contains(ImageFormat.PNG);
    assertThat(ImageFormat.sniff(ImageCodec.encodeJpeg(TestImages.gradient(8, 8), 0.9f)))
        .contains(ImageFormat.JPEG);
    assertThat(ImageFormat.sniff(TestImages.WEBP_LOSSY_1X1)).contains(ImageFormat.WEBP);
    assertThat(ImageFormat.sniff(
        ImageCodec.encode(TestImages.gradient(4, 4), ImageFormat.GIF, 0f))).contains(ImageFormat.GIF);
    assertThat(ImageFormat.sniff(HEIC_HEAD)).contains(ImageFormat.HEIC);
  }

  @Test
  void doesNotMistakeAvifOrShortInputForAnImage() {
    byte[] avif = HEIC_HEAD.clone();
    System.arraycopy("avif".getBytes(StandardCharsets.US_ASCII), 0, avif, 20, 4);

    assertThat(ImageFormat.sniff(avif)).isEmpty();
    assertThat(ImageFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8})).isEmpty();
    assertThat(ImageFormat.sniff(new byte[0])).isEmpty();
    assertThat(ImageFormat.sniff("RIFF\0\0\0\0WAVE".getBytes(StandardCharsets.US_ASCII))).isEmpty();
  }

  @Test
  void mapsMimeTypesAndAliases() {
    assertThat(ImageFormat.fromMimeType("image/png")).contains(ImageFormat.PNG);
    assertThat(ImageFormat.fromMimeType("IMAGE/JPEG; q=0.9")).contains(ImageFormat.JPEG);
    assertThat(ImageFormat.fromMimeType("image/jpg")).contains(ImageFormat.JPEG);
    assertThat(ImageFormat.fromMimeType("image/heif")).contains(ImageFormat.HEIC);
    assertThat(ImageFormat.fromMimeType("text/html")).isEmpty();
    assertThat(ImageFormat.WEBP.mimeType()).isEqualTo("image/webp");
  }

  @Test
  void mapsExtensionsIgnoringCaseAndDot() {
    assertThat(ImageFormat.fromExtension("JPEG")).contains(ImageFormat.JPEG);
    assertThat(ImageFormat.fromExtension("jpg")).contains(ImageFormat.JPEG);
    assertThat(ImageFormat.fromExtension(".WebP")).contains(ImageFormat.WEBP);
    assertThat(ImageFormat.fromExtension("heif")).contains(ImageFormat.HEIC);
    assertThat(ImageFormat.fromExtension("bmp")).isEmpty();
    assertThat(ImageFormat.JPEG.extension()).isEqualTo("jpg");
    assertThat(ImageFormat.HEIC.extension()).isEqualTo("heic");
  }

  @Test
  void unrecognisedBytesAreDescribedByTheirFirstBytes() {
    assertThat(ImageFormat.unrecognized("<html>".getBytes(StandardCharsets.US_ASCII)))
        .hasMessage("not a PNG, JPEG, WebP or GIF image (starts with 0x3C68746D)");
    assertThat(ImageFormat.unrecognized(new byte[] {1}))
        .hasMessage("not a PNG, JPEG, WebP or GIF image (starts with 0x01)");
    assertThat(ImageFormat.unrecognized(new byte[0]))
        .hasMessage("not a PNG, JPEG, WebP or GIF image (empty)");
  }
}
