package dev.darkroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageRequestTest {

  private static ImageRequest.Builder pro() {
    return ImageRequest.builder().model("gemini-3-pro-image").prompt("a fox");
  }

  @Test
  void defaultsFollowTheModelTable() {
    ImageRequest r = ImageRequest.builder().prompt("  a fox \n").build();
    assertThat(r.model().id()).isEqualTo("gemini-nano-banana-2.1");
    assertThat(r.prompt()).isEqualTo("a fox");
    assertThat(r.effectiveImageSize()).isEqualTo("1K");
    assertThat(r.count()).isEqualTo(1);
    assertThat(r.aspectRatio()).isEmpty();
  }

  @Test
  void lowerCaseSizeIsNormalised() {
    assertThat(pro().imageSize("4k").build().imageSize()).hasValue("4K");
  }

  @Test
  void badAspectRatioNamesValueAndAllowedOnes() {
    assertThatThrownBy(() -> pro().aspectRatio("9:21").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'9:21'")
        .hasMessageContaining("gemini-3-pro-image")
        .hasMessageContaining("1:1, 2:3, 3:2");
  }

  @Test
  void sizeTheModelLacksIsRefused() {
    assertThatThrownBy(() -> pro().imageSize("512").build())
        .hasMessageContaining("image size '512'").hasMessageContaining("allowed: 1K, 2K, 4K");
    assertThatThrownBy(() -> ImageRequest.builder().model("gemini-2.5-flash-image").prompt("x").imageSize("2K").build())
        .hasMessageContaining("allowed: 1K");
  }

  @Test
  void tooManyImagesIsRefused(@TempDir Path dir) throws Exception {
    Path png = TestImages.writePng(dir.resolve("a.png"), 8, 8);
    ImageRequest.Builder b = ImageRequest.builder().model("gemini-2.5-flash-image").prompt("x");
    for (int i = 0; i < 4; i++) {
      b.addImage(ImageInput.of(png));
    }
    assertThatThrownBy(b::build).hasMessageContaining("4 input images is too many").hasMessageContaining("at most 3");
  }

  @Test
  void missingEmptyAndNonImageInputsAreNamed(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nope.png");
    assertThatThrownBy(() -> pro().addImage(ImageInput.of(missing)).build())
        .hasMessageContaining(missing + " does not exist");
    Path text = Files.writeString(dir.resolve("notes.png"), "<html>hello</html>");
    assertThatThrownBy(() -> pro().addImage(ImageInput.of(text)).build())
        .hasMessageContaining(text + " is not an image");
    assertThatThrownBy(() -> pro().addImage(ImageInput.of(dir)).build())
        .hasMessageContaining("is not a regular file");
    assertThatThrownBy(() -> pro().addImage(ImageInput.of(new byte[0])).build())
        .hasMessageContaining("is not an image").hasMessageContaining("empty");
  }

  @Test
  void refusalsNameTheirField() {
    InvalidRequestException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidRequestException.class,
        () -> pro().aspectRatio("9:21").build());
    assertThat(e.field()).hasValue("aspectRatio");
    assertThat(e.allowed()).contains("16:9", "1:1");
    assertThat(org.junit.jupiter.api.Assertions.assertThrows(InvalidRequestException.class,
        () -> pro().count(65).build()).field()).hasValue("count");
  }

  @Test
  void seedsAreUnsigned64Bit() {
    ImageRequest r = pro().seed(Long.parseUnsignedLong("18446744073709551615")).build();
    assertThat(Long.toUnsignedString(r.seed().orElseThrow())).isEqualTo("18446744073709551615");
  }

  @Test
  void nothingToGenerateFromIsRefused() {
    assertThatThrownBy(() -> ImageRequest.builder().prompt("   ").build())
        .hasMessageContaining("give a prompt, reference images, or both");
  }

  @Test
  void rangesAreChecked() {
    assertThatThrownBy(() -> pro().count(0).build()).hasMessageContaining("image count 0");
    assertThatThrownBy(() -> ImageInput.of(java.net.URI.create("ftp://x/y.png"))).hasMessageContaining("only http and https");
  }

  @Test
  void gridAndSafetyParsing() {
    assertThat(Grid.parse("2x3")).isEqualTo(new Grid(2, 3));
    assertThat(Grid.parse("4×4")).isEqualTo(new Grid(4, 4));
    assertThatThrownBy(() -> Grid.parse("2by2")).hasMessageContaining("invalid grid '2by2'").hasMessageContaining("ROWSxCOLS");
    assertThatThrownBy(() -> Grid.parse("0x2")).hasMessageContaining("1-16");
    assertThat(SafetySetting.parse("dangerous_content=block_only_high"))
        .isEqualTo(new SafetySetting(SafetySetting.Category.DANGEROUS_CONTENT, SafetySetting.Threshold.BLOCK_ONLY_HIGH));
    assertThatThrownBy(() -> SafetySetting.parse("gore=off")).hasMessageContaining("invalid safety category 'gore'");
  }

  @Test
  void newBuilderMakesVariants() {
    ImageRequest base = pro().aspectRatio("16:9").seed(42).build();
    ImageRequest variant = base.newBuilder().model("gemini-nano-banana-2.1").build();
    assertThat(variant.seed()).hasValue(42L);
    assertThat(variant.aspectRatio()).hasValue("16:9");
    assertThat(variant.model().id()).isEqualTo("gemini-nano-banana-2.1");
  }
}
