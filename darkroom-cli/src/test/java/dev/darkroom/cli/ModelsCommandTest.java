package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTest {
  @TempDir Path dir;

  @Test
  void tableListsModelsPricesAndTheDefaultWithinOneHundredColumns() {
    CliRun run = new Cli(dir).run("models");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).as(run.describe())
        .contains("Nano Banana Pro")
        .contains("gemini-nano-banana-2.1 (default)")
        .contains("0.134-0.240")
        .contains("gemini-2.5-flash-image: ga, limited to existing users; use gemini-nano-banana-2.1")
        .contains("gemini-3.1-flash-image: deprecated; use gemini-nano-banana-2.1")
        .contains("0.034-0.076*")
        .contains("'darkroom models --long'")
        .contains("* price not confirmed")
        .contains("default model: gemini-nano-banana-2.1");
    assertThat(run.out().lines().filter(l -> l.contains("(default)"))).as(run.describe()).hasSize(1);
    assertThat(run.out().lines()).as("no line wider than 100 columns, without COLUMNS")
        .allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(100));
  }

  @Test
  void aNarrowTerminalCutsTheNameColumnFirst() {
    Cli cli = new Cli(dir);
    cli.env.put("COLUMNS", "80");
    CliRun run = cli.run("models");

    assertThat(run.out().lines().takeWhile(l -> !l.isEmpty())).as(run.describe())
        .hasSizeGreaterThan(5).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
    assertThat(run.out()).contains("gemini-3-pro-image ").contains("Nano Ba…");
  }

  @Test
  void longTableHasEveryColumn() {
    CliRun run = new Cli(dir).run("models", "--long");

    assertThat(run.out()).as(run.describe())
        .contains("RATIOS").contains("FEATURES")
        .contains("0.134/0.134/0.240")
        .contains("ga, limited to existing users → gemini-nano-banana-2.1")
        .contains("system prompt, thinking low/high, search");
  }

  @Test
  void defaultFollowsDarkroomModel() {
    Cli cli = new Cli(dir);
    cli.env.put("DARKROOM_MODEL", "gemini-3-pro-image");
    CliRun run = cli.run("models");

    assertThat(run.out()).as(run.describe()).contains("gemini-3-pro-image (default)")
        .doesNotContain("gemini-nano-banana-2.1 (default)");
  }

  @Test
  void jsonHasEveryFieldOfEveryModel() {
    CliRun run = new Cli(dir).run("models", "--json");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonNode models = run.json();
    assertThat(models.isArray()).isTrue();
    JsonNode pro = null;
    for (JsonNode m : models) {
      if (m.get("id").asText().equals("gemini-3-pro-image")) {
        pro = m;
      }
    }
    assertThat(pro).as(run.describe()).isNotNull();
    assertThat(pro.get("name").asText()).isEqualTo("Nano Banana Pro");
    assertThat(pro.get("default").asBoolean()).isFalse();
    assertThat(pro.get("aspectRatios")).hasSize(10);
    assertThat(pro.at("/imageSizes/2/name").asText()).isEqualTo("4K");
    assertThat(pro.at("/imageSizes/2/usdPerImage").decimalValue()).isEqualByComparingTo("0.24");
    assertThat(pro.get("thinkingLevels").toString()).isEqualTo("[\"low\",\"high\"]");
    assertThat(pro.get("systemPrompt").asBoolean()).isTrue();
    assertThat(pro.at("/pricing/confirmed").asBoolean()).isTrue();
    assertThat(pro.get("maxInputImages").asInt()).isEqualTo(14);
  }

  @Test
  void modelsFileAddsAModel() throws Exception {
    Files.writeString(dir.resolve("models.json"), """
        {"models": [{"id": "my-proxy-model", "provider": "gemini", "name": "Proxy Banana", "pixels1K": "gemini3",
          "aspectRatios": ["1:1"], "imageSizes": [{"name": "1K", "scale": 1.0, "imageTokens": 1000}],
          "pricing": {"imageOutputPerMillion": 10.0, "confirmed": true}}],
         "defaultModel": "my-proxy-model"}
        """);
    CliRun run = new Cli(dir).run("models", "--models-file", "models.json");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).as(run.describe()).contains("my-proxy-model (default)").contains("Proxy Banana").contains("0.010");
  }

  @Test
  void malformedModelsFileExitsTwo() throws Exception {
    Files.writeString(dir.resolve("models.json"), "{not json");
    Cli cli = new Cli(dir);
    cli.env.put("DARKROOM_MODELS", "models.json");
    CliRun run = cli.run("models");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).startsWith("darkroom: cannot read model table");
  }
}
