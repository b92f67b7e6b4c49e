package dev.darkroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizeMappingTest {
  private static final ModelCatalog CATALOG = ModelCatalog.builtIn();

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource({
      // Presets only: nearest aspect ratio wins.
      "gpt-image-2.6-flare, 1:1, 1K, 1024x1024",
      "gpt-image-2.6-flare, 16:9, 1K, 1536x1024",
      "gpt-image-2.6-flare, 9:16, 4K, 1024x1536",
      "gpt-image-2.6-flare, 4:5, 2K, 1024x1536",
      "gpt-image-1.5, 21:9, 1K, 1536x1024",
      // Custom sizes: the exact ratio, about the tier's pixel count, within the rules.
      "gpt-image-2, 1:1, 1K, 1024x1024",
      "gpt-image-2, 16:9, 1K, 1392x784",
      "gpt-image-2, 16:9, 4K, 3840x2160",
      "gpt-image-2, 9:16, 2K, 1520x2704",
      "gpt-image-2, 21:9, 1K, 1568x672",
      "gpt-image-2, 1:8, 1K, 592x1776",
      "gpt-image-2, 3:2, 512, 1008x672",
  })
  void mapsToTheClosestAcceptedSize(String model, String ratio, String tier, String expected) {
    ModelInfo m = CATALOG.require(model);
    String size = SizeMapping.closest(m, ratio, tier);
    assertThat(size).isEqualTo(expected);
    assertThat(m.acceptsSize(size)).as("accepted by %s", model).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"gpt-image-2, 7:x", "gpt-image-2, wide"})
  void badRatiosAreRejected(String model, String ratio) {
    assertThatThrownBy(() -> SizeMapping.closest(CATALOG.require(model), ratio, "1K"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("is not a ratio like 16:9");
  }

  @ParameterizedTest
  @CsvSource({"gpt-image-2, 8K"})
  void unknownTiersAreRejected(String model, String tier) {
    assertThatThrownBy(() -> SizeMapping.closest(CATALOG.require(model), "1:1", tier))
        .hasMessageContaining("image size '8K' is not supported for gpt-image-2 (provider openai)");
  }
}
