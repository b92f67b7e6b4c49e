package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.Darkroom;
import dev.darkroom.ImageRequest;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeOpenAI;
import dev.darkroom.testkit.FakeOpenAIExtension;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21 item 4: where the provider decides (thinking, automatic quality) the estimate is an upper
 * bound that the billed cost does not exceed; the dry run says "up to", and budgets use the bound.
 */
@ExtendWith({FakeGeminiExtension.class, FakeOpenAIExtension.class})
class EstimateUpperBoundTest {

  @Test
  void thinkingModelsEstimateIncludesThinkingAndCoversWhatTheCallCosts(FakeGemini gemini, FakeOpenAI openai,
      @TempDir Path dir) {
    Cli cli = Cli.against(gemini, openai, dir);
    for (String model : new String[] {"gemini-3.1-flash-image", "gemini-3-pro-image", "gemini-nano-banana-2.1"}) {
      JsonNode dry = cli.run("generate", "a red fox in fresh snow", "-m", model, "--dry-run", "--json").json();
      JsonNode paid = cli.run("generate", "a red fox in fresh snow", "-m", model, "--json").json();

      assertThat(dry.get("estimateIsUpperBound").asBoolean()).as(model).isTrue();
      assertThat(dry.get("estimatedCostUsd").decimalValue()).as(model)
          .isGreaterThanOrEqualTo(paid.get("costUsd").decimalValue());
    }
  }

  @Test
  void theEstimateOfAThinkingModelIsMoreThanItsImageTokensAlone() {
    ImageRequest request = ImageRequest.builder().model("gemini-nano-banana-2.1").prompt("a fox").build();
    BigDecimal imageOnly = request.model().pricing().imageOutputPerMillion()
        .multiply(BigDecimal.valueOf(request.model().estimatedImageTokens(request.effectiveImageSize(), null)))
        .divide(BigDecimal.valueOf(1_000_000));

    assertThat(Darkroom.estimateCost(request)).isGreaterThan(imageOnly.add(new BigDecimal("0.003")));
    assertThat(Darkroom.estimate(request).upperBound()).isTrue();
  }

  @Test
  void dryRunSaysUpToWhereTheProviderDecidesAndAPlainPriceWhereItDoesNot(FakeGemini gemini, FakeOpenAI openai,
      @TempDir Path dir) {
    Cli cli = Cli.against(gemini, openai, dir);
    CliRun auto = cli.run("generate", "a fox", "-m", "gpt-image-2", "--dry-run");
    CliRun fixed = cli.run("generate", "a fox", "-m", "gpt-image-2", "--quality", "low", "--dry-run");
    CliRun flash25 = cli.run("generate", "a fox", "-m", "gemini-2.5-flash-image", "--dry-run");

    assertThat(auto.out()).as(auto.describe()).contains("estimated cost: up to $");
    assertThat(fixed.out()).as(fixed.describe()).contains("estimated cost: $").doesNotContain("up to");
    assertThat(flash25.out()).as(flash25.describe()).contains("estimated cost: $").doesNotContain("up to");
  }

  @Test
  void batchMaxCostComparesTheUpperBound(FakeGemini gemini, FakeOpenAI openai, @TempDir Path dir) throws Exception {
    ImageRequest one = ImageRequest.builder().model("gemini-3.1-flash-image").prompt("a fox").build();
    BigDecimal upper = Darkroom.estimateCost(one);
    BigDecimal imageTokensOnly = upper.subtract(new BigDecimal("0.001"));
    Files.writeString(dir.resolve("jobs.yaml"), """
        model: gemini-3.1-flash-image
        jobs:
          - prompt: a fox
            output: fox.png
        """);
    Cli cli = Cli.against(gemini, openai, dir);

    CliRun dry = cli.run("batch", "jobs.yaml", "--dry-run");
    CliRun refused = cli.run("batch", "jobs.yaml", "--max-cost", imageTokensOnly.toPlainString());

    assertThat(dry.out()).as(dry.describe()).contains("estimated cost: up to $");
    assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(gemini.requestCount()).isZero();
  }
}
