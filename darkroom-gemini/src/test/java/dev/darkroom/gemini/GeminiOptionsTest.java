package dev.darkroom.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ThinkingLevel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeminiOptionsTest {

  private static ImageRequest.Builder pro() {
    return ImageRequest.builder().model("gemini-3-pro-image").prompt("a fox");
  }

  private static GeminiOptions.Builder options() {
    return GeminiOptions.builder();
  }

  @Test
  void systemPromptAndThinkingAreRefusedWhereUnsupported() {
    ImageRequest.Builder flash = ImageRequest.builder().model("gemini-2.5-flash-image").prompt("x");
    assertThatThrownBy(() -> flash.options(options().systemPrompt("be terse").build()).build())
        .hasMessageContaining("system prompt is not supported for gemini-2.5-flash-image");
    ImageRequest.Builder flash2 = ImageRequest.builder().model("gemini-2.5-flash-image").prompt("x");
    assertThatThrownBy(() -> flash2.options(options().thinkingLevel(ThinkingLevel.HIGH).build()).build())
        .hasMessageContaining("thinking is not supported");
    assertThatThrownBy(() -> pro().options(options().thinkingLevel(ThinkingLevel.MINIMAL).build()).build())
        .hasMessageContaining("thinking level 'minimal'").hasMessageContaining("allowed: low, high");
    assertThatThrownBy(() -> ImageRequest.builder().model("gemini-2.5-flash-image").prompt("x").options(options().googleSearch(true).build()).build())
        .hasMessageContaining("Google Search grounding is not supported");
  }

  @Test
  void temperatureRangeIsChecked() {
    assertThatThrownBy(() -> pro().options(options().temperature(2.5).build()).build())
        .hasMessageContaining("temperature 2.5").hasMessageContaining("0.0 to 2.0")
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("gemini.temperature"));
  }

  @Test
  void seedsBeyond32BitsAreRefusedForGemini() {
    assertThatThrownBy(() -> pro().seed(1L << 40).build())
        .hasMessageContaining("seed 1099511627776 is out of range")
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("seed"));
  }

  @Test
  void canonicalFormReadsBackAndUnknownNamesAreRefused() {
    GeminiOptions o = options().systemPrompt("terse").thinkingLevel(ThinkingLevel.HIGH).includeThoughts(true)
        .addSafetySetting(dev.darkroom.SafetySetting.parse("harassment=block_none")).build();
    GeminiProvider provider = new GeminiProvider();
    assertThat(provider.readOptions(o.values())).isEqualTo(o);
    assertThatThrownBy(() -> provider.readOptions(Map.of("quality", "high")))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).hasValue("gemini.quality");
          assertThat(e.allowed()).containsAll(List.of("systemPrompt", "thinkingLevel"));
        });
    assertThatThrownBy(() -> provider.readOptions(Map.of("thinkingLevel", "enormous")))
        .hasMessageContaining("'enormous'");
  }

  @Test
  void optionsForAnotherProviderAreRefused() {
    assertThatThrownBy(() -> ImageRequest.builder().model("gpt-image-2").prompt("x")
        .options(options().imageOnly(true).build()).build())
        .hasMessageContaining("options for provider gemini do not apply");
  }
}
