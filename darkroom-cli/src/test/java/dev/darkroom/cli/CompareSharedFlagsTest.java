package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare} takes the common {@code generate} flags directly, for every panel, as {@code --shared} does. */
@ExtendWith(FakeGeminiExtension.class)
class CompareSharedFlagsTest {
  @TempDir Path dir;

  @Test
  void aspectRatioSeedAndSystemPromptApplyToEveryPanel(FakeGemini fake) throws Exception {
    Files.writeString(dir.resolve("style.md"), "Muted palette,\nfilm grain.");

    CliRun run = Cli.against(fake, dir).run("compare", "A fox", "-m", "gemini-3.1-flash-image",
        "-m", "gemini-3-pro-image", "-a", "3:2", "--seed", "7", "--system-prompt", "@style.md", "-o", "fox.png");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(fake.requests()).hasSize(2).allSatisfy(r -> {
      assertThat(r.json().at("/generationConfig/imageConfig/aspectRatio").asText()).isEqualTo("3:2");
      assertThat(r.json().at("/generationConfig/seed").asInt()).isEqualTo(7);
      assertThat(r.json().at("/systemInstruction/parts/0/text").asText()).isEqualTo("Muted palette,\nfilm grain.");
    });
  }

  @Test
  void directFlagsAndSharedCombine(FakeGemini fake) {
    CliRun run = Cli.against(fake, dir).run("compare", "A fox", "-m", "gemini-3-pro-image", "-s", "2K",
        "--shared", "-a 16:9", "-o", "fox.png");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(fake.requests()).hasSize(1).allSatisfy(r -> {
      assertThat(r.json().at("/generationConfig/imageConfig/aspectRatio").asText()).isEqualTo("16:9");
      assertThat(r.json().at("/generationConfig/imageConfig/imageSize").asText()).isEqualTo("2K");
    });
  }

  @Test
  void otherGenerateFlagsGetAHintToUseShared(FakeGemini fake) {
    CliRun run = Cli.against(fake, dir).run("compare", "A fox", "-m", "gpt-image-2", "--quality", "high");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).contains("use --shared \"--quality high\"");
    assertThat(fake.requestCount()).isZero();
  }
}
