package dev.darkroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {
  private final ModelCatalog catalog = ModelCatalog.builtIn();

  @Test
  void defaultIsTheCurrentGaFlashTierModel() {
    ModelInfo m = catalog.require(catalog.defaultModel());
    assertThat(m.status()).isEqualTo(ModelStatus.GA);
    assertThat(m.tier()).isEqualTo("flash");
    assertThat(m.id()).isEqualTo("gemini-nano-banana-2.1");
  }

  @Test
  void proModelCapabilitiesComeFromTheTable() {
    ModelInfo pro = catalog.require("gemini-3-pro-image");
    assertThat(pro.name()).isEqualTo("Nano Banana Pro");
    assertThat(pro.imageSizeNames()).containsExactly("1K", "2K", "4K");
    assertThat(pro.maxInputImages()).isEqualTo(14);
    assertThat(pro.supportsSearch()).isTrue();
    assertThat(pro.supportsSystemPrompt()).isTrue();
    assertThat(pro.outputMimeType()).isEqualTo("image/jpeg");
    assertThat(pro.pixelSize("16:9", "4K")).hasValueSatisfying(p -> assertThat(p).containsExactly(5504, 3072));
    assertThat(pro.imageTokens("4K")).isEqualTo(2000);
  }

  @Test
  void nanoBananaCostsThirtyNineThousandthsPerImage() {
    ModelInfo nb = catalog.require("gemini-2.5-flash-image");
    Usage usage = new Usage(0, 1290, 1290, 0, 0, 1290);
    assertThat(nb.pricing().cost(usage)).isEqualByComparingTo(new BigDecimal("0.0387"));
    assertThat(nb.pricing().batchCost(usage)).isEqualByComparingTo(new BigDecimal("0.01935"));
  }

  @Test
  void proCostIncludesThoughtsAtTheTextRateAndPromptAtTheInputRate() {
    ModelInfo pro = catalog.require("gemini-3-pro-image");
    // The recorded Pro response: 14 prompt, 1283 candidates (1120 image), 174 thoughts.
    Usage usage = new Usage(14, 1283, 1120, 174, 0, 1471);
    BigDecimal expected = new BigDecimal("2.00").multiply(BigDecimal.valueOf(14))
        .add(new BigDecimal("120").multiply(BigDecimal.valueOf(1120)))
        .add(new BigDecimal("12").multiply(BigDecimal.valueOf(163 + 174)))
        .divide(BigDecimal.valueOf(1_000_000));
    assertThat(pro.pricing().cost(usage)).isEqualByComparingTo(expected);
  }

  @Test
  void unknownModelIsRefusedWithTheKnownOnesListed() {
    assertThatThrownBy(() -> catalog.require("gemini-9-ultra"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("unknown model 'gemini-9-ultra'")
        .hasMessageContaining("gemini-3-pro-image");
  }

  @Test
  void shutDownModelIsRefusedNamingItsReplacement() {
    assertThatThrownBy(() -> catalog.require("gemini-3-pro-image-preview"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("was shut down on 2026-06-25")
        .hasMessageContaining("use gemini-3-pro-image instead");
  }

  @Test
  void deprecatedModelWarnsWithItsShutdownDate() {
    ModelInfo mini = catalog.require("gpt-image-1-mini");
    assertThat(mini.lifecycleWarning(LocalDate.parse("2026-09-01")))
        .hasValueSatisfying(w -> assertThat(w).contains("deprecated").contains("shuts down on 2026-12-01")
            .contains("gpt-image-2.6-flare"));
    assertThat(catalog.require("gemini-3.1-flash-image").lifecycleWarning(LocalDate.parse("2026-11-22")))
        .hasValueSatisfying(w -> assertThat(w).contains("no shutdown date is announced"));
    assertThat(catalog.require("gemini-3-pro-image").lifecycleWarning(LocalDate.parse("2026-11-22"))).isEmpty();
  }

  @Test
  void userFileOverridesFieldsAndAddsModels(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("models.json");
    Files.writeString(file, """
        {"defaultModel": "my-proxy-model",
         "models": [
           {"id": "gemini-3-pro-image", "maxInputImages": 6},
           {"id": "my-proxy-model", "provider": "gemini", "name": "Proxy", "status": "ga", "pixels1K": "gemini3",
            "aspectRatios": ["1:1"], "imageSizes": [{"name": "1K", "scale": 1, "imageTokens": 1000}],
            "pricing": {"imageOutputPerMillion": 10}}
         ]}
        """);
    ModelCatalog merged = catalog.withOverrides(file);
    assertThat(merged.defaultModel()).isEqualTo("my-proxy-model");
    assertThat(merged.require("gemini-3-pro-image").maxInputImages()).isEqualTo(6);
    assertThat(merged.require("gemini-3-pro-image").imageSizeNames()).containsExactly("1K", "2K", "4K");
    assertThat(merged.require("my-proxy-model").pricing().imageOutputPerMillion()).isEqualByComparingTo("10");
    assertThat(ModelCatalog.fromEnv(Map.of("DARKROOM_MODELS", file.toString())).defaultModel()).isEqualTo("my-proxy-model");
  }

  @Test
  void aLikeEntryAddsANewIdInOneLineWithoutTheTemplatesLifecycle(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("models.json");
    Files.writeString(file, "{\"models\": [{\"id\": \"gemini-4-flash-image\", \"like\": \"gemini-3.1-flash-image\","
        + " \"name\": \"Nano Banana 4\"}]}");
    ModelCatalog merged = ModelCatalog.builtIn().withOverrides(file);

    ModelInfo template = merged.find("gemini-3.1-flash-image").orElseThrow();
    ModelInfo added = merged.find("gemini-4-flash-image").orElseThrow();
    assertThat(added.name()).isEqualTo("Nano Banana 4");
    assertThat(added.provider()).isEqualTo("gemini");
    assertThat(added.aspectRatios()).isEqualTo(template.aspectRatios());
    assertThat(added.pricing()).isEqualTo(template.pricing());
    assertThat(template.status()).isEqualTo(ModelStatus.DEPRECATED);
    assertThat(added.status()).isEqualTo(ModelStatus.GA);
    assertThat(added.deprecated()).isEmpty();
    assertThat(added.replacement()).isEmpty();
    assertThat(added.property("like")).isEmpty();
  }

  @Test
  void aLikeEntryNamingNoModelIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("models.json");
    Files.writeString(file, "{\"models\": [{\"id\": \"x-image\", \"like\": \"no-such-model\"}]}");

    assertThatThrownBy(() -> ModelCatalog.builtIn().withOverrides(file))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("no-such-model").hasMessageContaining("x-image");
  }

  @Test
  void malformedUserFileNamesTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{ not json");
    assertThatThrownBy(() -> catalog.withOverrides(file))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(file.toString());
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"models\": [{\"id\": \"x\", \"pixels1K\": \"nope\"}]}");
    assertThatThrownBy(() -> catalog.withOverrides(bad))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("model x").hasMessageContaining("unknown pixel table 'nope'");
  }
}
