package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeOpenAI;
import dev.darkroom.testkit.FakeOpenAIExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issue 21 item 13: values as people type them are accepted where unambiguous, else answered with "did you mean". */
@ExtendWith({FakeGeminiExtension.class, FakeOpenAIExtension.class})
class TypedValuesTest {

  @Test
  void aPixelSizeGivenWithDashSOnAModelThatTakesPixelSizesIsThatSize(FakeGemini gemini, FakeOpenAI openai,
      @TempDir Path dir) throws Exception {
    CliRun run = Cli.against(gemini, openai, dir).run("generate", "a fox", "-m", "gpt-image-2", "-s", "1536x864");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(openai.takeRequest().json().get("size").asText()).isEqualTo("1536x864");
  }

  @Test
  void aPixelSizeWithDashSOnATierModelPointsAtTheAspectRatio(FakeGemini gemini, FakeOpenAI openai, @TempDir Path dir) {
    CliRun run = Cli.against(gemini, openai, dir).run("generate", "a fox", "-m", "gemini-3-pro-image", "-s", "1536x864");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("takes a size tier, not pixels").contains("-a W:H");
  }

  @Test
  void ratiosTypedWithAnXOrAsADecimalGetDidYouMean(FakeGemini gemini, FakeOpenAI openai, @TempDir Path dir) {
    Cli cli = Cli.against(gemini, openai, dir);
    CliRun x = cli.run("generate", "a fox", "-m", "gemini-3-pro-image", "-a", "16x9");
    CliRun decimal = cli.run("generate", "a fox", "-m", "gemini-3-pro-image", "-a", "1.78");

    assertThat(x.exitCode()).as(x.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(x.err()).as(x.describe()).contains("did you mean 16:9?");
    assertThat(decimal.err()).as(decimal.describe()).contains("did you mean 16:9?");
    assertThat(gemini.requestCount()).isZero();
  }

  @Test
  void aModelNameSpelledAsAnIdSuggestsTheModel(FakeGemini gemini, FakeOpenAI openai, @TempDir Path dir) {
    Cli cli = Cli.against(gemini, openai, dir);
    CliRun byName = cli.run("generate", "a fox", "-m", "nano-banana-pro");
    CliRun typo = cli.run("generate", "a fox", "-m", "gemini-3-pro-imgae");

    assertThat(byName.exitCode()).as(byName.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(byName.err()).as(byName.describe()).contains("did you mean gemini-3-pro-image (Nano Banana Pro)?");
    assertThat(typo.err()).as(typo.describe()).contains("did you mean gemini-3-pro-image");
  }

  @Test
  void aPixelSizeOffTheGridGetsTheNearestValidSize(FakeGemini gemini, FakeOpenAI openai, @TempDir Path dir) {
    CliRun run = Cli.against(gemini, openai, dir).run("generate", "a fox", "-m", "gpt-image-2", "--size", "1920x1080");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).contains("the nearest valid size is 1920x1088");
    assertThat(openai.requestCount()).isZero();
  }
}
