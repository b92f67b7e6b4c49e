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

/** Issue 21 (cosmetic): {@code -i URL --dry-run} describes the URL instead of downloading it. */
@ExtendWith({FakeGeminiExtension.class, FakeOpenAIExtension.class})
class DryRunUrlTest {

  @Test
  void aDryRunDoesNotDownloadReferenceImageUrls(FakeGemini gemini, FakeOpenAI openai, @TempDir Path dir) {
    // The fake server stands in for the image host: every request it gets is recorded.
    String url = gemini.baseUrl() + "/images/ref.jpg";
    Cli cli = Cli.against(gemini, openai, dir);

    CliRun banana = cli.run("generate", "put the logo on a mug", "-i", url, "-m", "gemini-3-pro-image", "--dry-run");
    CliRun gpt = cli.run("generate", "put the logo on a mug", "-i", url, "-m", "gpt-image-2", "--dry-run");

    assertThat(banana.exitCode()).as(banana.describe()).isZero();
    assertThat(gpt.exitCode()).as(gpt.describe()).isZero();
    assertThat(banana.err()).contains("not downloaded in a dry run");
    assertThat(banana.out()).contains("estimated cost");
    assertThat(gemini.requestCount()).as("nothing fetched from the image host").isZero();
    assertThat(openai.requestCount()).isZero();
  }
}
