package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(FakeGeminiExtension.class)
class InspectCommandTest {

  @Test
  void roundTripShowsThePromptSeedAndModelAndNoKey(FakeGemini fake, @TempDir Path dir) {
    TestImages.png(dir.resolve("ref.png"), 40, 30);
    Cli cli = Cli.against(fake, dir);
    CliRun made = cli.run("generate", "a fox in {season}", "--var", "season=winter", "-m", "gemini-3-pro-image",
        "--seed", "42", "-a", "3:2", "-i", "ref.png", "--system-prompt", "Be photographic.", "-o", "fox.png", "--json");
    assertThat(made.exitCode()).as(made.describe()).isZero();

    CliRun run = cli.run("inspect", "fox.png", "--json");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonNode p = run.json();
    assertThat(p.get("prompt").asText()).isEqualTo("a fox in winter");
    assertThat(p.at("/parameters/options/systemPrompt").asText()).isEqualTo("Be photographic.");
    assertThat(p.get("model").asText()).isEqualTo("gemini-3-pro-image");
    assertThat(p.at("/parameters/seed").asInt()).isEqualTo(42);
    assertThat(p.at("/parameters/aspectRatio").asText()).isEqualTo("3:2");
    assertThat(p.at("/inputs/0/sha256").asText()).hasSize(64);
    assertThat(p.get("responseId").asText()).isEqualTo(made.json().get("responseId").asText());
    assertThat(run.out()).doesNotContain(FakeGemini.DEFAULT_API_KEY);
    CliRun human = cli.run("inspect", "fox.png");
    assertThat(human.out()).as(human.describe())
        .contains("system prompt: Be photographic.")
        .containsPattern("parameters: .*aspectRatio=3:2")
        .doesNotContain("options=");
  }

  @Test
  void humanViewListsTheMainFieldsAndSeveralFilesGiveAnArray(FakeGemini fake, @TempDir Path dir) {
    Cli cli = Cli.against(fake, dir);
    CliRun made = cli.run("generate", "a 2x2 grid of fruit", "--grid", "2x2", "-m", "gemini-3-pro-image",
        "--seed", "5", "-o", "fruit.jpg");
    assertThat(made.exitCode()).as(made.describe()).isZero();

    CliRun human = cli.run("inspect", "fruit-r1c2.jpg");
    CliRun both = cli.run("inspect", "fruit.jpg", "fruit-r2c2.jpg", "--json");

    assertThat(human.exitCode()).as(human.describe()).isZero();
    assertThat(human.out()).as(human.describe())
        .contains("prompt:        a 2x2 grid of fruit")
        .contains("model:         gemini-3-pro-image (Nano Banana Pro)")
        .contains("seed:          5")
        .contains("cell:          row 1, column 2")
        .contains("cost:          $0.13")
        .containsPattern("darkroom:\\s+\\S+");
    assertThat(both.json().isArray()).as(both.describe()).isTrue();
    assertThat(both.json()).hasSize(2);
    assertThat(both.json().get(1).at("/cell/row").asInt()).isEqualTo(2);
  }

  @Test
  void fileWithoutProvenanceExitsOne(@TempDir Path dir) {
    TestImages.png(dir.resolve("plain.png"), 8, 8);
    CliRun run = new Cli(dir).run("inspect", "plain.png");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.OTHER);
    assertThat(run.err()).as(run.describe()).isEqualTo("darkroom: no Darkroom provenance in plain.png\n");
  }

  @Test
  void missingFileExitsTwo(@TempDir Path dir) {
    CliRun run = new Cli(dir).run("inspect", "nope.png");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).contains("nope.png does not exist");
  }

  @Test
  void nonImageExitsTwo(@TempDir Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("notes.txt"), "hello");
    CliRun run = new Cli(dir).run("inspect", "notes.txt");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).startsWith("darkroom: ").contains("notes.txt");
  }

  @Test
  void aComparisonSheetShowsEveryPanelsProvenance(FakeGemini fake, @TempDir Path dir) {
    Cli cli = Cli.against(fake, dir);
    CliRun made = cli.run("compare", "A lighthouse at dusk", "-m", "gemini-2.5-flash-image", "-m", "gemini-3-pro-image",
        "-o", "sheet.png");
    assertThat(made.exitCode()).as(made.describe()).isZero();

    CliRun human = cli.run("inspect", "sheet.png");
    CliRun json = cli.run("inspect", "sheet.png", "--json");

    assertThat(human.exitCode()).as(human.describe()).isZero();
    assertThat(human.out()).as(human.describe()).contains("sheet.png: comparison sheet, 2 panels")
        .contains("model:         gemini-2.5-flash-image").contains("model:         gemini-3-pro-image")
        .contains("prompt:        A lighthouse at dusk");
    assertThat(json.exitCode()).as(json.describe()).isZero();
    assertThat(json.json().isArray()).as(json.describe()).isTrue();
    assertThat(json.json()).hasSize(2);
    assertThat(json.json().get(1).at("/provenance/model").asText()).isEqualTo("gemini-3-pro-image");
  }

  @Test
  void everyFileIsInspectedAndTheExitCodeSaysWhatHappened(FakeGemini fake, @TempDir Path dir) {
    TestImages.png(dir.resolve("plain.png"), 8, 8);
    Cli cli = Cli.against(fake, dir);
    CliRun made = cli.run("generate", "a red fox", "-m", "gemini-3-pro-image", "-o", "fox.png");
    assertThat(made.exitCode()).as(made.describe()).isZero();

    CliRun some = cli.run("inspect", "plain.png", "fox.png", "--verbose");
    CliRun missing = cli.run("inspect", "nope.png", "plain.png", "fox.png");
    CliRun json = cli.run("inspect", "plain.png", "fox.png", "--json");

    assertThat(some.exitCode()).as(some.describe()).isEqualTo(ExitCodes.OTHER);
    assertThat(some.out()).as(some.describe()).contains("prompt:        a red fox");
    assertThat(some.err()).as(some.describe()).isEqualTo("darkroom: no Darkroom provenance in plain.png\n");
    assertThat(missing.exitCode()).as(missing.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.out()).as(missing.describe()).contains("prompt:        a red fox");
    assertThat(missing.err()).as(missing.describe()).contains("nope.png does not exist").contains("plain.png");
    assertThat(json.exitCode()).as(json.describe()).isEqualTo(ExitCodes.OTHER);
    assertThat(json.json().get(0).isNull()).as(json.describe()).isTrue();
    assertThat(json.json().get(1).path("prompt").asText()).isEqualTo("a red fox");
  }
}
