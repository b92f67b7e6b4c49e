package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeReply;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issue 21 item 5: a grid image without gutters is not cut silently; --grid-fallback picks what happens. */
@ExtendWith(FakeGeminiExtension.class)
class GridFallbackTest {

  @Test
  void noGuttersIsSaidOnStandardErrorAndCutEvenlyByDefault(FakeGemini fake, @TempDir Path dir) {
    CliRun run = Cli.against(fake, dir).run("generate", "a red fox", "--grid", "3x3", "-m", "gemini-3-pro-image",
        "-o", "fox.png");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.err()).as(run.describe()).contains("no gutters found").contains("3x3").contains("even cells");
    assertThat(dir.resolve("fox-r3c3.png")).exists();
  }

  @Test
  void noGuttersIsAWarningInJson(FakeGemini fake, @TempDir Path dir) {
    CliRun run = Cli.against(fake, dir).run("generate", "a red fox", "--grid", "3x3", "-m", "gemini-3-pro-image",
        "--json");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("warnings").toString()).as(run.describe()).contains("no gutters found");
  }

  @Test
  void wholeKeepsTheImageUnslicedEvenWithoutTheOriginal(FakeGemini fake, @TempDir Path dir) throws Exception {
    CliRun run = Cli.against(fake, dir).run("generate", "a red fox", "--grid", "3x3", "--grid-fallback", "whole",
        "--no-grid-original", "-m", "gemini-3-pro-image", "-o", "fox.png");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.err()).as(run.describe()).contains("no gutters found").contains("kept it whole");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.equals(Cli.HOME)))
          .containsExactly("fox.png");
    }
  }

  @Test
  void aGridWithGuttersIsCutWithoutAWarning(FakeGemini fake, @TempDir Path dir) {
    fake.enqueue(FakeReply.grid(3, 3));
    CliRun run = Cli.against(fake, dir).run("generate", "a 3x3 grid of icons", "--grid", "3x3",
        "--grid-fallback", "whole", "-m", "gemini-3-pro-image", "-o", "icons.png");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.err()).doesNotContain("no gutters");
    assertThat(dir.resolve("icons-r3c3.png")).exists();
  }

  @Test
  void aBadFallbackIsAUsageError(FakeGemini fake, @TempDir Path dir) {
    CliRun run = Cli.against(fake, dir).run("generate", "a red fox", "--grid", "3x3", "--grid-fallback", "split");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("allowed: even, whole");
    assertThat(fake.requestCount()).isZero();
  }
}
