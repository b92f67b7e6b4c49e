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

/** Issue 21 item 3: an output file whose format cannot hold what the provider returns is refused before sending. */
@ExtendWith({FakeGeminiExtension.class, FakeOpenAIExtension.class})
class OutputFormatCheckTest {

  @Test
  void transparentBackgroundIntoAJpegFileIsRefusedBeforeSending(FakeGemini gemini, FakeOpenAI openai,
      @TempDir Path dir) {
    Cli cli = Cli.against(gemini, openai, dir);
    CliRun run = cli.run("generate", "a sticker of a fox", "-m", "gpt-image-2", "--background", "transparent",
        "-o", "sticker.jpg");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).contains("JPEG").contains("transparent").contains(".png");
    assertThat(openai.requestCount()).isZero();
    assertThat(dir.resolve("sticker.jpg")).doesNotExist();
  }

  @Test
  void transparentBackgroundWithFormatJpegIsRefusedInADryRunToo(FakeGemini gemini, FakeOpenAI openai,
      @TempDir Path dir) {
    Cli cli = Cli.against(gemini, openai, dir);
    CliRun run = cli.run("generate", "a sticker of a fox", "-m", "gpt-image-2", "--background", "transparent",
        "--format", "jpeg", "--dry-run");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).contains("cannot hold the transparent background");
  }

  @Test
  void transparentBackgroundIntoPngOrWebpIsSent(FakeGemini gemini, FakeOpenAI openai, @TempDir Path dir) {
    Cli cli = Cli.against(gemini, openai, dir);
    CliRun run = cli.run("generate", "a sticker of a fox", "-m", "gpt-image-2", "--background", "transparent",
        "-o", "sticker.png");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(openai.requestCount()).isEqualTo(1);
  }

  @Test
  void aBatchJobWithATransparentBackgroundIntoJpegFailsThePlan(FakeGemini gemini, FakeOpenAI openai,
      @TempDir Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("stickers.yaml"), """
        model: gpt-image-2
        background: transparent
        jobs:
          - prompt: a sticker of a fox
            output: sticker.jpg
        """);
    CliRun run = Cli.against(gemini, openai, dir).run("batch", "stickers.yaml", "--dry-run");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).contains("output").contains("cannot hold the transparent background");
    assertThat(openai.requestCount()).isZero();
  }
}
