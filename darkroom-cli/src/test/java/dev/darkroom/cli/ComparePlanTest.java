package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeOpenAI;
import dev.darkroom.testkit.FakeReply;
import dev.darkroom.testkit.RecordedRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: a command that makes several requests plans them all first; a typo in any element costs
 * nothing (the fake's request log stays empty) and is named with the closest valid value. Issue 11:
 * same-seed variants and X/Y/Z axes.
 */
@ExtendWith(FakeGeminiExtension.class)
class ComparePlanTest {
  @TempDir Path dir;

  @Test
  void theIssuesExampleSendsNothingAndNamesTheClosestModel(FakeGemini fake) {
    CliRun run = Cli.against(fake, dir).run("compare", "a pancake", "-m", "gemini-3-pro-image", "-m", "gemini-3-pro-imag");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(fake.requestCount()).isZero();
    assertThat(run.err()).as(run.describe())
        .contains("unknown model 'gemini-3-pro-imag'; did you mean gemini-3-pro-image?")
        .contains("nothing was sent");
    assertThat(dir.resolve("compare-a-pancake.png")).doesNotExist();
  }

  @Test
  void aBadVariantFlagInTheLastVariantSendsNothing(FakeGemini fake) {
    CliRun run = Cli.against(fake, dir).run("compare", "a fox", "--variant", "one=--seed 3",
        "--variant", "two=-a 16:9", "--variant", "bad=--thinkng high");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(fake.requestCount()).isZero();
    assertThat(run.err()).as(run.describe()).contains("bad: ").contains("--thinkng");
  }

  @Test
  void aSharedOptionOneModelLacksIsRefusedForThatModelOnly(FakeGemini fake) {
    try (FakeOpenAI openai = FakeOpenAI.start()) {
      CliRun run = Cli.against(fake, openai, dir).run("compare", "a fox", "-m", "gemini-3-pro-image", "-m", "gpt-image-2",
          "--shared", "--thinking high");

      assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
      assertThat(fake.requestCount()).isZero();
      assertThat(openai.requestCount()).isZero();
      assertThat(run.err()).as(run.describe()).contains("--thinking is not supported by gpt-image-2")
          .doesNotContain("problems in the plan");
    }
  }

  @Test
  void aSharedSeedGoesOnlyToModelsThatTakeSeeds(FakeGemini fake) {
    try (FakeOpenAI openai = FakeOpenAI.start()) {
      CliRun run = Cli.against(fake, openai, dir).run("compare", "a fox", "-m", "gemini-3-pro-image", "-m", "gpt-image-2",
          "--seed", "7", "--shared", "-a 3:2");

      assertThat(run.exitCode()).as(run.describe()).isZero();
      assertThat(fake.requests()).hasSize(1);
      assertThat(fake.requests().get(0).json().at("/generationConfig/seed").asInt()).isEqualTo(7);
      assertThat(openai.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void everyBadElementIsListedInOneMessage(FakeGemini fake) {
    CliRun run = Cli.against(fake, dir).run("compare", "a fox", "-m", "gemini-3-pro-imag", "-m", "gemini-3-pro-image",
        "--variant", "tall=-a 1:9", "--variant", "odd=-O thinkngLevel=high", "--repeat", "2");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(fake.requestCount()).isZero();
    assertThat(run.err()).as(run.describe())
        .startsWith("darkroom: 3 problems in the plan; nothing was sent:\n")
        .contains("\n  gemini-3-pro-imag: unknown model 'gemini-3-pro-imag'; did you mean gemini-3-pro-image?")
        .contains("\n  tall: aspect ratio '1:9' is not supported")
        .contains("\n  odd: -O thinkngLevel=… is not supported by")
        .contains("did you mean --thinking?");
  }

  @Test
  void dryRunPrintsTheValidatedPlanAndItsCostAndSendsNothing(FakeGemini fake) {
    Cli cli = Cli.against(fake, dir);
    CliRun run = cli.run("compare", "a fox", "-m", "gemini-3-pro-image", "-m", "gemini-2.5-flash-image",
        "--seed", "7", "--dry-run");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(fake.requestCount()).isZero();
    assertThat(run.out()).as(run.describe()).contains("sheet: 1 x 2 panels, estimated $")
        .contains("  Nano Banana Pro: gemini-3-pro-image, seed 7, 1K")
        .contains("2 panels, estimated $").contains("nothing sent (dry run)");
    assertThat(dir.resolve("compare-a-fox.png")).doesNotExist();

    CliRun json = cli.run("compare", "a fox", "-m", "gemini-3-pro-image", "--dry-run", "--json", "--seed", "7");
    JsonNode root = json.json();
    assertThat(root.path("dryRun").asBoolean()).as(json.describe()).isTrue();
    assertThat(root.path("panels").asInt()).isEqualTo(1);
    assertThat(root.at("/sheets/0/panels/0/seed").asText()).isEqualTo("7");
    assertThat(root.path("estimatedCostUsd").decimalValue()).isPositive();

    CliRun bad = cli.run("compare", "a fox", "-m", "gemini-3-pro-imag", "--dry-run");
    assertThat(bad.exitCode()).as(bad.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void someFailedPanelsStillExitZero(FakeGemini fake) {
    fake.enqueue(FakeReply.imageSafety());
    CliRun some = Cli.against(fake, dir).run("compare", "a fox", "--variant", "a=--seed 1", "--variant", "b=--seed 2",
        "-o", "some.png");
    assertThat(some.exitCode()).as(some.describe()).isZero();
    assertThat(some.err()).contains("1 of 2 panels without image");
  }

  @Test
  void labelledOnlyWithWhatDiffersAtOneSeedPerColumn(FakeGemini fake) {
    CliRun run = Cli.against(fake, dir).run("compare", "a fox", "--shared", "-m gemini-3-pro-image", "--seed", "11",
        "--variant", "-m gemini-3.1-flash-image", "--variant", "--thinking low", "--variant", "--thinking high", "--json");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonNode panels = run.json().path("panels");
    assertThat(panels.findValuesAsText("label")).containsExactly("-m gemini-3.1-flash-image", "--thinking low", "--thinking high");
    assertThat(panels.findValuesAsText("model")).containsExactly("gemini-3.1-flash-image", "gemini-3-pro-image",
        "gemini-3-pro-image");
    assertThat(fake.requests()).hasSize(3).allSatisfy(r ->
        assertThat(r.json().at("/generationConfig/seed").asInt()).isEqualTo(11));
  }

  @Test
  void xAndYAxesMakeOnePanelPerCombinationAtOneSeed(FakeGemini fake) {
    CliRun run = Cli.against(fake, dir).run("compare", "a fox", "-m", "gemini-3-pro-image",
        "--x", "seed=1,2", "--y", "aspect=1:1,16:9", "--json");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonNode json = run.json();
    assertThat(json.path("rows").asInt()).isEqualTo(2);
    assertThat(json.path("columns").asInt()).isEqualTo(2);
    assertThat(json.path("panels").findValuesAsText("label"))
        .containsExactlyInAnyOrder("seed=1, aspect=1:1", "seed=2, aspect=1:1", "seed=1, aspect=16:9", "seed=2, aspect=16:9");
    List<String> sent = fake.requests().stream().map(RecordedRequest::json)
        .map(j -> j.at("/generationConfig/seed").asInt() + "@" + j.at("/generationConfig/imageConfig/aspectRatio").asText())
        .sorted().toList();
    assertThat(sent).containsExactly("1@16:9", "1@1:1", "2@16:9", "2@1:1");
    assertThat(dir.resolve("compare-a-fox.png")).exists();
    assertThat(dir.resolve("compare-a-fox.html")).exists();
  }

  @Test
  void anyProviderOptionIsAnAxisAndZMakesOneSheetPerValue(FakeGemini fake) {
    CliRun run = Cli.against(fake, dir).run("compare", "a fox", "-m", "gemini-3-pro-image", "--seed", "5",
        "--x", "thinkingLevel=low,high", "--z", "size=1K,2K", "--output-dir", "out", "-o", "fox.png");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).as(run.describe()).contains("sheet: out/fox-size-1k.png")
        .contains("sheet: out/fox-size-2k.png").contains("page:  out/fox-size-2k.html");
    assertThat(dir.resolve("out/fox-size-1k.png")).exists();
    assertThat(fake.requests()).hasSize(4).allSatisfy(r ->
        assertThat(r.json().at("/generationConfig/seed").asInt()).isEqualTo(5));
    assertThat(fake.requests().stream().map(r -> r.json().at("/generationConfig/thinkingConfig/thinkingLevel").asText()
        .toLowerCase(java.util.Locale.ROOT)).sorted().toList()).containsExactly("high", "high", "low", "low");
  }

  @Test
  void aBadAxisValueIsRefusedUpFront(FakeGemini fake) {
    Cli cli = Cli.against(fake, dir);
    CliRun ratio = cli.run("compare", "a fox", "-m", "gemini-3-pro-image", "--x", "aspect=1:1,7:3", "--y", "seed=1,2");
    assertThat(ratio.exitCode()).as(ratio.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(ratio.err()).as(ratio.describe()).contains("aspect=7:3, seed=1 | aspect=7:3, seed=2: aspect ratio '7:3'");

    CliRun local = cli.run("compare", "a fox", "-m", "gemini-3-pro-image", "--x", "steps=20,30");
    assertThat(local.exitCode()).as(local.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(local.err()).as(local.describe()).contains("--steps is not supported by gemini-3-pro-image");

    CliRun model = cli.run("compare", "a fox", "--x", "model=gemini-3-pro-image,gemini-3-pro-imag");
    assertThat(model.exitCode()).as(model.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(model.err()).as(model.describe()).contains("did you mean gemini-3-pro-image?");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void gridWithABadModelSendsNothingAndNamesTheClosest(FakeGemini fake) {
    CliRun run = Cli.against(fake, dir).run("grid", "--cell", "A lemon", "--cell", "A pear", "-m", "gemini-3-pro-imag");
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).contains("unknown model 'gemini-3-pro-imag'; did you mean gemini-3-pro-image?");
    assertThat(fake.requestCount()).isZero();
  }
}
