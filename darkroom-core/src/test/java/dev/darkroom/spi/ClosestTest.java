package dev.darkroom.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClosestTest {
  private static final List<String> MODELS = List.of("gemini-2.5-flash-image", "gemini-3-pro-image",
      "gemini-3-pro-image-preview", "gpt-image-2");

  @Test
  void aTypoFindsTheIntendedName() {
    assertThat(Closest.to("gemini-3-pro-imag", MODELS)).contains("gemini-3-pro-image");
    assertThat(Closest.to("GEMINI-3-PRO-IMAGE", MODELS)).contains("gemini-3-pro-image");
    assertThat(Closest.to("thinkngLevel", List.of("temperature", "thinkingLevel"))).contains("thinkingLevel");
  }

  @Test
  void somethingUnrelatedFindsNothingButIsStillRanked() {
    assertThat(Closest.to("dall-e-3", MODELS)).isEmpty();
    assertThat(Closest.ranked("gpt-image", MODELS).get(0)).isEqualTo("gpt-image-2");
  }

  @Test
  void distanceIsLevenshtein() {
    assertThat(Closest.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Closest.distance("", "abc")).isEqualTo(3);
  }
}
