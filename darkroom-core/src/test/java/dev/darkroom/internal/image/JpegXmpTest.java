package dev.darkroom.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class JpegXmpTest {
  private final byte[] jpeg = ImageCodec.encodeJpeg(TestImages.gradient(320, 200), 0.85f);

  @Test
  void roundTripsSmallPacketAfterJfif() {
    String packet = Xmp.packet("{\"seed\":1}", "a lighthouse, 灯台 🌊", "Darkroom 0.1.0");

    byte[] tagged = JpegXmp.withXmp(jpeg, packet);

    assertThat(JpegXmp.readXmp(tagged)).contains(packet);
    assertThat(JpegXmp.readProvenanceJson(tagged)).contains("{\"seed\":1}");
    assertThat(JpegXmp.readExtendedXmp(tagged)).isEmpty();
    List<String> markers = markers(tagged);
    assertThat(markers.subList(0, 2)).containsExactly("E0", "E1");
  }

  @Test
  void pixelsAreUnchangedAfterEmbedding() {
    byte[] tagged = JpegXmp.withXmp(jpeg, Xmp.packet("{}", "p", "t"));

    assertThat(TestImages.argb(ImageCodec.decode(tagged)))
        .isEqualTo(TestImages.argb(ImageCodec.decode(jpeg)));
    assertThat(Arrays.copyOfRange(tagged, tagged.length - 1000, tagged.length))
        .isEqualTo(Arrays.copyOfRange(jpeg, jpeg.length - 1000, jpeg.length));
  }

  @Test
  void replacesExistingXmp() {
    byte[] once = JpegXmp.withXmp(jpeg, Xmp.packet("{\"v\":1}", "one", "t"));

    byte[] twice = JpegXmp.withXmp(once, Xmp.packet("{\"v\":2}", "two", "t"));

    assertThat(JpegXmp.readProvenanceJson(twice)).contains("{\"v\":2}");
    assertThat(markers(twice).stream().filter("E1"::equals)).hasSize(1);
    assertThat(twice.length).isEqualTo(once.length);
  }

  @Test
  void hugePromptGoesIntoExtendedXmp() {
    String prompt = hugePrompt();
    String json = "{\"prompt\":\"" + prompt.replace("\"", "\\\"") + "\",\"seed\":7}";
    String packet = Xmp.packet(json, prompt, "Darkroom 0.1.0");

    byte[] tagged = JpegXmp.withXmp(jpeg, packet);

    assertThat(packet.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(600_000);
    assertThat(JpegXmp.readProvenanceJson(tagged)).contains(json);
    String main = JpegXmp.readXmp(tagged).orElseThrow();
    String extended = JpegXmp.readExtendedXmp(tagged).orElseThrow();
    String guid = HexFormat.of().withUpperCase()
        .formatHex(Digests.md5(extended.getBytes(StandardCharsets.UTF_8)));
    assertThat(main).contains("<xmpNote:HasExtendedXMP>" + guid + "</xmpNote:HasExtendedXMP>")
        .contains("Darkroom 0.1.0");
    assertThat(Xmp.extendedXmpGuid(main)).contains(guid);
    assertThat(extended).isEqualTo(Xmp.withoutWrapper(packet));
    assertThat(segmentLengths(tagged)).allSatisfy(length -> assertThat(length).isLessThan(65536));
    assertThat(TestImages.argb(ImageCodec.decode(tagged)))
        .isEqualTo(TestImages.argb(ImageCodec.decode(jpeg)));
  }

  @Test
  void replacingExtendedXmpRemovesEveryExtensionSegment() {
    String prompt = hugePrompt();
    byte[] big = JpegXmp.withXmp(jpeg, Xmp.packet("{\"big\":true}", prompt, "t"));

    byte[] small = JpegXmp.withXmp(big, Xmp.packet("{\"big\":false}", "short", "t"));

    assertThat(JpegXmp.readProvenanceJson(small)).contains("{\"big\":false}");
    assertThat(small.length).isLessThan(jpeg.length + 2_000);
  }

  @Test
  void missingExtensionSegmentsAreReported() {
    byte[] big = JpegXmp.withXmp(jpeg, Xmp.packet("{}", hugePrompt(), "t"));
    String guid = Xmp.extendedXmpGuid(JpegXmp.readXmp(big).orElseThrow()).orElseThrow();
    // Rebuild with the main packet only.
    byte[] mainOnly = JpegXmp.withXmp(jpeg, JpegXmp.readXmp(big).orElseThrow());

    assertThatThrownBy(() -> JpegXmp.readProvenanceJson(mainOnly))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JPEG names extended XMP " + guid + " but has none");
  }

  @Test
  void jpegWithoutXmpHasNone() {
    assertThat(JpegXmp.readXmp(jpeg)).isEmpty();
    assertThat(JpegXmp.readProvenanceJson(jpeg)).isEmpty();
  }

  @Test
  void rejectsMalformedJpegs() {
    byte[] png = ImageCodec.encodePng(TestImages.gradient(2, 2));

    assertThatThrownBy(() -> JpegXmp.withXmp(png, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a JPEG image, got PNG");
    assertThatThrownBy(() -> JpegXmp.readXmp(Arrays.copyOf(jpeg, 100)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("truncated JPEG segment");
    assertThatThrownBy(() -> JpegXmp.readXmp(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}))
        .hasMessage("JPEG ends before its first scan");
  }

  static String hugePrompt() {
    StringBuilder prompt = new StringBuilder();
    while (prompt.length() < 300_000) {
      prompt.append("A misty harbour at dawn, 霧の港, 🚢 \"quoted\" <tags> & more. ");
    }
    return prompt.toString();
  }

  /** The marker codes (hex) of the segments before the first scan. */
  private static List<String> markers(byte[] jpeg) {
    List<String> markers = new ArrayList<>();
    int at = 2;
    while (Bytes.u8(jpeg, at + 1) != 0xDA) {
      markers.add(String.format("%02X", Bytes.u8(jpeg, at + 1)));
      at += 2 + Bytes.u16be(jpeg, at + 2);
    }
    return markers;
  }

  private static List<Integer> segmentLengths(byte[] jpeg) {
    List<Integer> lengths = new ArrayList<>();
    int at = 2;
    while (Bytes.u8(jpeg, at + 1) != 0xDA) {
      lengths.add(Bytes.u16be(jpeg, at + 2));
      at += 2 + Bytes.u16be(jpeg, at + 2);
    }
    return lengths;
  }
}
