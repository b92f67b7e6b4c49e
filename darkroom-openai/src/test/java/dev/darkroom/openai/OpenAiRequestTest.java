package dev.darkroom.openai;

import dev.darkroom.*;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Validation of provider-specific options against the model table, and the OpenAI table entries. */
class OpenAiRequestTest {
  private static ImageRequest.Builder gpt() {
    return ImageRequest.builder().model("gpt-image-2").prompt("a fox");
  }

  private static ImageRequest.Builder banana() {
    return ImageRequest.builder().model("gemini-3-pro-image").prompt("a fox");
  }

  @Test
  void openAiOptionsOnAnotherProvidersModelAreRejectedNamingBoth() {
    assertThatThrownBy(() -> banana().options(OpenAiOptions.builder().background("transparent").build()).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("options for provider openai do not apply for gemini-3-pro-image")
        .hasMessageContaining("provider gemini");
    assertThatThrownBy(() -> banana().size("1024x1024").build())
        .hasMessageContaining("size '1024x1024' is not supported by gemini-3-pro-image (provider gemini)");
    assertThatThrownBy(() -> gpt().seed(7).build()).hasMessageContaining("seed is not supported for gpt-image-2");
  }

  @Test
  void refusalsNameTheOptionField() {
    assertThatThrownBy(() -> gpt().options(OpenAiOptions.builder().quality("xhigh").build()).build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).hasValue("openai.quality");
          assertThat(e.allowed()).contains("low", "high");
        });
  }

  @Test
  void autoQualityIsEstimatedAtItsUpperBound() {
    OpenAiProvider provider = new OpenAiProvider();
    long auto = provider.estimatedImageTokens(gpt().size("1024x1024").build());
    long high = provider.estimatedImageTokens(gpt().size("1024x1024")
        .options(OpenAiOptions.builder().quality("high").build()).build());
    long low = provider.estimatedImageTokens(gpt().size("1024x1024")
        .options(OpenAiOptions.builder().quality("low").build()).build());
    assertThat(auto).isEqualTo(high).isGreaterThan(low);
  }

  @Test
  void sizesFollowEachModelsRules() {
    assertThat(gpt().size("2048x1152").build().size()).hasValue("2048x1152");
    assertThat(gpt().size("AUTO").build().size()).hasValue("auto");
    assertThatThrownBy(() -> gpt().size("1000x1000").build())
        .hasMessageContaining("size '1000x1000' is not supported for gpt-image-2")
        .hasMessageContaining("multiples of 16");
    assertThatThrownBy(() -> gpt().size("3840x1024").build()).hasMessageContaining("aspect ratio must be between 1:3 and 3:1");
    assertThatThrownBy(() -> gpt().size("3856x2160").build()).hasMessageContaining("at most 3840");
    assertThatThrownBy(() -> gpt().size("512x512").build()).hasMessageContaining("655360 to 8294400");
    assertThatThrownBy(() -> ImageRequest.builder().model("gpt-image-2.6-flare").prompt("x").size("2048x1152").build())
        .hasMessageContaining("only takes its preset sizes").hasMessageContaining("1536x1024");
    assertThatThrownBy(() -> gpt().size("1024x1024").aspectRatio("16:9").build()).hasMessageContaining("not both");
  }

  @Test
  void choicesAreCheckedAgainstTheTable() {
    assertThat(ImageRequest.builder().model("gpt-image-2.5-flare").prompt("x").options(OpenAiOptions.builder().quality("xhigh").build()).build().options(OpenAiOptions.class).orElseThrow().quality())
        .hasValue("xhigh");
    assertThatThrownBy(() -> gpt().options(OpenAiOptions.builder().quality("xhigh").build()).build())
        .hasMessageContaining("quality 'xhigh' is not supported").hasMessageContaining("low, medium, high, auto");
    assertThatThrownBy(() -> gpt().options(OpenAiOptions.builder().background("transparent").outputFormat("jpeg").build()).build())
        .hasMessageContaining("transparent background needs png or webp");
    assertThatThrownBy(() -> gpt().options(OpenAiOptions.builder().outputCompression(50).build()).build()).hasMessageContaining("jpeg and webp output only");
    assertThatThrownBy(() -> gpt().options(OpenAiOptions.builder().outputFormat("jpg").outputCompression(101).build()).build()).hasMessageContaining("0 to 100");
    assertThatThrownBy(() -> gpt().options(OpenAiOptions.builder().partialImages(4).build()).build()).hasMessageContaining("allowed: 0 to 3");
    assertThatThrownBy(() -> gpt().mask(ImageInput.of(TestImages.png(8, 8))).build())
        .hasMessageContaining("a mask needs an image to edit");
    assertThat(OpenAiOptions.of(gpt().options(OpenAiOptions.builder().outputFormat("JPG").build()).build()).outputFormat()).hasValue("jpeg");
  }

  @Test
  void sixteenInputImagesAreAllowedAndSeventeenAreNot() {
    ImageRequest.Builder b = gpt();
    for (int i = 0; i < 16; i++) {
      b.addImage(ImageInput.of(TestImages.png(8, 8)));
    }
    assertThat(b.build().images()).hasSize(16);
    b.addImage(ImageInput.of(TestImages.png(8, 8)));
    assertThatThrownBy(b::build).hasMessageContaining("17 input images is too many").hasMessageContaining("at most 16");
  }

  @Test
  void retiredModelsAreRefusedNamingCurrentOnes() {
    assertThatThrownBy(() -> ImageRequest.builder().model("gpt-image-1").prompt("x").build())
        .hasMessageContaining("was shut down on 2026-10-23")
        .hasMessageContaining("use gpt-image-2 instead")
        .hasMessageContaining("gpt-image-2.6-sunburst");
    assertThatThrownBy(() -> ImageRequest.builder().model("dall-e-3").prompt("x").build())
        .hasMessageContaining("was shut down on 2026-05-12");
  }

  @Test
  void newBuilderRoundTripsTheNewFields() {
    ImageRequest r = gpt().size("1536x1024")
        .options(OpenAiOptions.builder().quality("high").background("transparent").outputFormat("webp").outputCompression(70).moderation("low").safetyIdentifier("u1").partialImages(1).build()).build();
    ImageRequest copy = r.newBuilder().build();
    assertThat(copy.size()).isEqualTo(r.size());
    assertThat(OpenAiOptions.of(copy).quality()).hasValue("high");
    assertThat(OpenAiOptions.of(copy).background()).hasValue("transparent");
    assertThat(OpenAiOptions.of(copy).outputCompression()).hasValue(70);
    assertThat(OpenAiOptions.of(copy).partialImages()).isEqualTo(1);
    assertThat(copy.effectiveImageSize()).isEqualTo("1536x1024");
    assertThat(gpt().build().effectiveImageSize()).isEqualTo("auto");
  }

  @Test
  void tableEntriesCarryOpenAiCapabilitiesAndPrices() {
    ModelInfo m = ModelCatalog.builtIn().require("gpt-image-2");
    assertThat(m.provider()).isEqualTo("openai");
    assertThat(m.usesPixelSizes()).isTrue();
    assertThat(m.maxInputImages()).isEqualTo(16);
    assertThat(m.maxImagesPerCall()).isEqualTo(10);
    assertThat(m.supportsMask()).isTrue();
    assertThat(m.aspectRatios()).isEmpty();
    assertThat(m.pricing().imageInputPerMillion()).isEqualByComparingTo("8.00");
    // The reference's gpt-image-2 table: 1024² 196 / 1756 / 7024, 3840x2160 high 13342.
    assertThat(m.estimatedImageTokens("1024x1024", "low")).isEqualTo(196);
    assertThat(m.estimatedImageTokens("1024x1024", "medium")).isEqualTo(1756);
    assertThat(m.estimatedImageTokens("1024x1024", "high")).isEqualTo(7024);
    assertThat(m.estimatedImageTokens("1536x864", "medium")).isEqualTo(1078);
    assertThat(m.estimatedImageTokens("3840x2160", "high")).isEqualTo(13342);
    ModelInfo mini = ModelCatalog.builtIn().require("gpt-image-1-mini");
    assertThat(mini.estimatedImageTokens("1024x1536", "high")).isEqualTo(6240);
    assertThat(mini.status()).isEqualTo(ModelStatus.DEPRECATED);
    // gpt-image-1.5 high at 1024²: 4160 × $32/M = $0.133.
    ModelInfo one5 = ModelCatalog.builtIn().require("gpt-image-1.5");
    assertThat(one5.pricing().cost(new Usage(0, 4160, 4160, 0, 0, 4160))).isEqualByComparingTo("0.13312");
  }

  @Test
  void imageInputTokensArePricedAtTheImageInputRate() {
    Pricing p = ModelCatalog.builtIn().require("gpt-image-2").pricing();
    // The reference's recorded usage: 17 text + 1457 image input, 1372 image output.
    Usage u = new Usage(1474, 1372, 1372, 0, 0, 2846, 1457);
    BigDecimal expected = new BigDecimal("5").multiply(BigDecimal.valueOf(17))
        .add(new BigDecimal("8").multiply(BigDecimal.valueOf(1457)))
        .add(new BigDecimal("30").multiply(BigDecimal.valueOf(1372)))
        .divide(BigDecimal.valueOf(1_000_000));
    assertThat(p.cost(u)).isEqualByComparingTo(expected);
    // Gemini entries are unchanged: image input costs the text input rate.
    Pricing pro = ModelCatalog.builtIn().require("gemini-3-pro-image").pricing();
    assertThat(pro.imageInputPerMillion()).isEqualByComparingTo(pro.inputPerMillion());
  }
}
