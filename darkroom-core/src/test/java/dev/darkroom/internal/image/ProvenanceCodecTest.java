package dev.darkroom.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ProvenanceCodecTest {
  private static final String PROMPT = "Ein Fuchs 🦊 im Schnee, 雪の中の狐";
  private static final String JSON = "{\"prompt\":\"" + PROMPT + "\",\"model\":\"gemini\"}";
  private static final String A1111 = PROMPT + "\nSteps: 1, Sampler: gemini, Seed: 5";
  private final BufferedImage image = TestImages.alpha(120, 80);

  @ParameterizedTest
  @EnumSource(value = ImageFormat.class, names = {"PNG", "JPEG", "WEBP"})
  void roundTripsAndKeepsPixels(ImageFormat format) {
    byte[] bytes = ImageCodec.encode(image, format, 0.9f);

    byte[] embedded = ProvenanceCodec.embed(bytes, format, JSON, A1111, PROMPT, "Darkroom 0.1.0");

    assertThat(ProvenanceCodec.readProvenanceJson(embedded)).contains(JSON);
    assertThat(ProvenanceCodec.readProvenanceJson(bytes)).isEmpty();
    assertThat(TestImages.argb(ImageCodec.decode(embedded)))
        .isEqualTo(TestImages.argb(ImageCodec.decode(bytes)));
  }

  @ParameterizedTest
  @EnumSource(value = ImageFormat.class, names = {"PNG", "JPEG", "WEBP"})
  void survivesA300KilobytePromptAndReplacesOldProvenance(ImageFormat format) {
    String prompt = JpegXmpTest.hugePrompt();
    String json = "{\"prompt\":\"" + prompt.replace("\"", "\\\"") + "\"}";
    byte[] bytes = ImageCodec.encode(image, format, 0.9f);
    byte[] old = ProvenanceCodec.embed(bytes, format, "{\"old\":true}", "old", "old", "t");

    byte[] embedded = ProvenanceCodec.embed(old, format, json, prompt, prompt, "t");

    assertThat(ProvenanceCodec.readProvenanceJson(embedded)).contains(json);
    assertThat(TestImages.argb(ImageCodec.decode(embedded)))
        .isEqualTo(TestImages.argb(ImageCodec.decode(bytes)));
  }

  @Test
  void pngCarriesA1111ParametersForOtherViewers() {
    byte[] png = ImageCodec.encodePng(image);

    Map<String, String> texts =
        PngText.read(ProvenanceCodec.embed(png, ImageFormat.PNG, JSON, A1111, PROMPT, "t"));

    assertThat(texts).containsExactly(entry("darkroom", JSON), entry("parameters", A1111));
  }

  @Test
  void pngWithoutParametersOmitsThatChunk() {
    byte[] png = ImageCodec.encodePng(image);

    Map<String, String> texts =
        PngText.read(ProvenanceCodec.embed(png, ImageFormat.PNG, JSON, null, PROMPT, "t"));

    assertThat(texts).containsOnlyKeys("darkroom");
  }

  @Test
  void readsProvenanceFromPngXmpWrittenByOtherTools() {
    byte[] png = PngText.withText(ImageCodec.encodePng(image), java.util.List.of(
        new PngText.Entry("XML:com.adobe.xmp", Xmp.packet(JSON, PROMPT, "t"), true)));

    assertThat(ProvenanceCodec.readProvenanceJson(png)).contains(JSON);
  }

  @Test
  void rejectsFormatsWithoutMetadataSupport() {
    byte[] gif = ImageCodec.encode(image, ImageFormat.GIF, 0f);

    assertThatThrownBy(() -> ProvenanceCodec.embed(gif, ImageFormat.GIF, JSON, A1111, PROMPT, "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot embed provenance in GIF images; use PNG, JPEG or WebP");
    assertThatThrownBy(() -> ProvenanceCodec.readProvenanceJson(gif))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot read provenance from GIF images; only PNG, JPEG and WebP carry it");
    assertThatThrownBy(() -> ProvenanceCodec.readProvenanceJson(ImageFormatTest.HEIC_HEAD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HEIC");
  }

  @Test
  void rejectsMismatchedFormatAndNonImages() {
    byte[] png = ImageCodec.encodePng(image);

    assertThatThrownBy(() -> ProvenanceCodec.embed(png, ImageFormat.JPEG, JSON, A1111, PROMPT, "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("format is JPEG but the image bytes are PNG");
    assertThatThrownBy(() -> ProvenanceCodec.readProvenanceJson(new byte[] {'<', 'h', 't', 'm'}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a PNG, JPEG, WebP or GIF image (starts with 0x3C68746D)");
  }
}
