package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.Provenance;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeOpenAI;
import dev.darkroom.testkit.FakeOpenAIExtension;
import dev.darkroom.testkit.FakeOpenAiReply;
import dev.darkroom.testkit.MultipartForm;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The newcomer's path: the same prompt on Nano Banana and a GPT Image model, then an edit with a mask. */
@ExtendWith({FakeGeminiExtension.class, FakeOpenAIExtension.class})
class OpenAiCliTest {

  @Test
  void samePromptOnBothProvidersWithCostAndProvenanceForEach(FakeGemini gemini, FakeOpenAI openai, @TempDir Path dir)
      throws Exception {
    Cli cli = Cli.against(gemini, openai, dir);
    CliRun banana = cli.run("generate", "a red fox in fresh snow", "-m", "gemini-3-pro-image", "-a", "3:2",
        "-o", "fox-banana.jpg", "--json");
    CliRun gpt = cli.run("generate", "a red fox in fresh snow", "-m", "gpt-image-2", "-a", "3:2",
        "--quality", "medium", "-o", "fox-gpt.png", "--json");

    assertThat(banana.exitCode()).as(banana.describe()).isZero();
    assertThat(gpt.exitCode()).as(gpt.describe()).isZero();
    assertThat(gemini.requestCount()).isEqualTo(1);
    assertThat(openai.requestCount()).isEqualTo(1);
    assertThat(openai.takeRequest().json().get("size").asText()).isEqualTo("1248x832");
    JsonNode json = gpt.json();
    assertThat(json.get("model").asText()).isEqualTo("gpt-image-2");
    assertThat(json.get("warnings").toString()).contains("3:2 at 1K was mapped to 1248x832");
    assertThat(json.get("costUsd").asDouble()).isPositive();
    Provenance gptProvenance = Provenance.read(dir.resolve("fox-gpt.png")).orElseThrow();
    assertThat(gptProvenance.get("provider")).hasValue("openai");
    assertThat(gptProvenance.get("size")).hasValue("1248x832");
    assertThat(Provenance.read(dir.resolve("fox-banana.jpg")).orElseThrow().get("provider")).hasValue("gemini");

    CliRun history = cli.run("history", "--json");
    assertThat(history.exitCode()).as(history.describe()).isZero();
    assertThat(history.out()).contains("\"openai\"").contains("\"gemini\"");
  }

  @Test
  void comparisonSheetOfBothProvidersSharesTheSeedOnlyWhereSeedsExist(FakeGemini gemini, FakeOpenAI openai,
      @TempDir Path dir) throws Exception {
    Cli cli = Cli.against(gemini, openai, dir);
    CliRun run = cli.run("compare", "a red fox in fresh snow", "-m", "gemini-3-pro-image", "-m", "gpt-image-2",
        "--shared", "-a 3:2", "--json");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonNode json = run.json();
    assertThat(json.path("failures").asInt()).as(run.describe()).isZero();
    assertThat(json.path("panels")).hasSize(2);
    assertThat(json.path("panels").findValuesAsText("model")).containsExactly("gemini-3-pro-image", "gpt-image-2");
    assertThat(gemini.takeRequest().json().at("/generationConfig/seed").isInt()).isTrue();
    JsonNode gptBody = openai.takeRequest().json();
    assertThat(gptBody.has("seed")).isFalse();
    assertThat(gptBody.get("size").asText()).isEqualTo("1248x832");
    assertThat(Path.of(json.path("sheetPng").asText())).exists();
    assertThat(json.path("totalCostUsd").decimalValue()).isPositive();
  }

  @Test
  void editWithTwoReferenceImagesAndAMask(FakeGemini gemini, FakeOpenAI openai, @TempDir Path dir) throws Exception {
    TestImages.png(dir.resolve("room.png"), 96, 64);
    TestImages.png(dir.resolve("lamp.png"), 32, 32);
    Files.write(dir.resolve("mask.png"), mask(96, 64));
    CliRun run = Cli.against(gemini, openai, dir).run("generate", "put the lamp in the corner", "-m", "gpt-image-2.6-sunburst",
        "-i", "room.png", "-i", "lamp.png", "--mask", "mask.png", "--quality", "low", "-o", "room-lamp.png");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    MultipartForm form = openai.takeRequest().multipart();
    assertThat(form.parts("image[]")).hasSize(2);
    assertThat(form.parts("mask")).singleElement().satisfies(p -> assertThat(p.contentType()).isEqualTo("image/png"));
    assertThat(dir.resolve("room-lamp.png")).exists();
    assertThat(run.out()).as(run.describe()).contains("saved room-lamp.png");
  }

  @Test
  void partialImagesAreShownAndSaved(FakeGemini gemini, FakeOpenAI openai, @TempDir Path dir) {
    CliRun run = Cli.against(gemini, openai, dir).run("generate", "a lighthouse", "--provider", "openai",
        "--size", "1024x1024", "--partial-images", "2", "--save-partials", "-o", "lh.png");
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.err()).as(run.describe()).contains("partial image 1").contains("partial image 2");
    assertThat(dir.resolve("lh-partial-1.png")).exists();
    assertThat(dir.resolve("lh-partial-2.png")).exists();
    assertThat(dir.resolve("lh.png")).exists();
  }

  @Test
  void optionsAProviderLacksAreRejectedBeforeAnyRequest(FakeGemini gemini, FakeOpenAI openai, @TempDir Path dir) {
    Cli cli = Cli.against(gemini, openai, dir);
    CliRun thinking = cli.run("generate", "x", "-m", "gpt-image-2", "--thinking", "high");
    assertThat(thinking.exitCode()).as(thinking.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(thinking.err()).contains("thinking is not supported").contains("provider openai");
    CliRun transparent = cli.run("generate", "x", "-m", "gemini-3-pro-image", "--background", "transparent");
    assertThat(transparent.exitCode()).as(transparent.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(transparent.err()).contains("--background is not supported by gemini-3-pro-image (provider gemini)");
    CliRun mismatch = cli.run("generate", "x", "-m", "gpt-image-2", "--provider", "gemini");
    assertThat(mismatch.exitCode()).as(mismatch.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(mismatch.err()).contains("belongs to provider openai");
    CliRun badSize = cli.run("generate", "x", "-m", "gpt-image-2", "--size", "1000x1000");
    assertThat(badSize.err()).as(badSize.describe()).contains("multiples of 16");
    CliRun retired = cli.run("generate", "x", "-m", "gpt-image-1");
    assertThat(retired.err()).as(retired.describe()).contains("was shut down on 2026-10-23").contains("gpt-image-2");
    assertThat(gemini.requestCount()).isZero();
    assertThat(openai.requestCount()).isZero();
  }

  @Test
  void openAiErrorsMapToTheSameExitCodes(FakeGemini gemini, FakeOpenAI openai, @TempDir Path dir) {
    Cli cli = Cli.against(gemini, openai, dir);
    openai.enqueue(FakeOpenAiReply.moderationBlocked("input", "violence"));
    CliRun blocked = cli.run("generate", "x", "-m", "gpt-image-2");
    assertThat(blocked.exitCode()).as(blocked.describe()).isEqualTo(ExitCodes.BLOCKED);
    assertThat(blocked.err()).contains("violence");
    openai.enqueue(FakeOpenAiReply.insufficientQuota());
    assertThat(cli.run("generate", "x", "-m", "gpt-image-2").exitCode()).isEqualTo(ExitCodes.QUOTA);
    openai.enqueue(FakeOpenAiReply.organizationNotVerified());
    CliRun verify = cli.run("generate", "x", "-m", "gpt-image-2");
    assertThat(verify.exitCode()).isEqualTo(ExitCodes.AUTH);
    assertThat(verify.err()).contains("Verify Organization");
    cli.env.remove("OPENAI_API_KEY");
    CliRun noKey = cli.run("generate", "x", "-m", "gpt-image-2");
    assertThat(noKey.exitCode()).as(noKey.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(noKey.err()).contains("OPENAI_API_KEY");
    CliRun flagKey = cli.run("generate", "x", "-m", "gpt-image-2", "--api-key", FakeOpenAI.DEFAULT_API_KEY);
    assertThat(flagKey.exitCode()).as(flagKey.describe()).isZero();
  }

  @Test
  void modelsListsOpenAiModels(FakeGemini gemini, FakeOpenAI openai, @TempDir Path dir) {
    CliRun run = Cli.against(gemini, openai, dir).run("models");
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).contains("gpt-image-2").contains("gemini-3-pro-image");
  }

  private static byte[] mask(int w, int h) throws Exception {
    BufferedImage m = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = m.createGraphics();
    g.setColor(Color.BLACK);
    g.fillRect(0, 0, w, h / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(m, "png", out);
    return out.toByteArray();
  }
}
