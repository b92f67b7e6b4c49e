package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeOpenAI;
import dev.darkroom.testkit.FakeOpenAIExtension;
import dev.darkroom.testkit.FakeOpenAiReply;
import dev.darkroom.testkit.FakeReply;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21 item 7: a base URL with a wrong path is reported as a wrong endpoint with the URL called,
 * not as a retired model; an HTML page is reported as HTML, not as a JSON parser's complaint.
 */
@ExtendWith({FakeGeminiExtension.class, FakeOpenAIExtension.class})
class WrongEndpointTest {

  @Test
  void geminiBaseUrlWithTheApiVersionIsAWrongEndpointNotAShutDownModel(FakeGemini gemini, FakeOpenAI openai,
      @TempDir Path dir) {
    Cli cli = Cli.against(gemini, openai, dir);
    cli.env.put("GOOGLE_GEMINI_BASE_URL", gemini.baseUrl() + "/v1beta");
    CliRun run = cli.run("generate", "a fox", "-m", "gemini-3-pro-image");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe())
        .contains("no Gemini endpoint at POST " + gemini.baseUrl() + "/v1beta/v1beta/models/gemini-3-pro-image")
        .contains("404").contains("base URL is probably wrong").doesNotContain("shut down")
        .doesNotContain(FakeGemini.DEFAULT_API_KEY);
    assertThat(gemini.requestCount()).isEqualTo(1);
  }

  @Test
  void openAiBaseUrlWithoutV1IsAWrongEndpointNotARetiredModel(FakeGemini gemini, FakeOpenAI openai,
      @TempDir Path dir) {
    Cli cli = Cli.against(gemini, openai, dir);
    cli.env.put("OPENAI_BASE_URL", openai.baseUrl().replaceAll("/v1/?$", ""));
    CliRun run = cli.run("generate", "a fox", "-m", "gpt-image-2");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe())
        .contains("no OpenAI endpoint at POST " + openai.baseUrl().replaceAll("/v1/?$", "") + "/images/generations")
        .contains("base URL is probably wrong").contains("/v1").doesNotContain("retired");
  }

  @Test
  void anHtmlPageWithStatus200IsReportedAsHtmlWithTheUrl(FakeGemini gemini, FakeOpenAI openai, @TempDir Path dir) {
    gemini.enqueue(FakeReply.html(200));
    Cli cli = Cli.against(gemini, openai, dir);
    CliRun run = cli.run("generate", "a fox", "-m", "gemini-3-pro-image");

    assertThat(run.exitCode()).as(run.describe()).isNotZero();
    assertThat(run.err()).as(run.describe()).contains("answered 200 with an HTML page")
        .contains(gemini.baseUrl() + "/v1beta/models/gemini-3-pro-image").doesNotContain("Unexpected character");
    assertThat(gemini.requestCount()).isEqualTo(1);
  }

  @Test
  void anOpenAiHtmlPageWithStatus200IsReportedAsHtml(FakeGemini gemini, FakeOpenAI openai, @TempDir Path dir) {
    openai.enqueue(FakeOpenAiReply.html(200));
    Cli cli = Cli.against(gemini, openai, dir);
    CliRun run = cli.run("generate", "a fox", "-m", "gpt-image-2");

    assertThat(run.exitCode()).as(run.describe()).isNotZero();
    assertThat(run.err()).as(run.describe()).contains("answered 200 with an HTML page").contains("/images/generations")
        .doesNotContain("Unexpected character");
  }
}
