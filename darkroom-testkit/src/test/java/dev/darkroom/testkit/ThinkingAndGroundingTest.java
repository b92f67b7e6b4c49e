package dev.darkroom.testkit;

import static dev.darkroom.testkit.GeminiHttp.body;
import static dev.darkroom.testkit.GeminiHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeGeminiExtension.class)
class ThinkingAndGroundingTest {

  @Test
  void includeThoughtsAddsThoughtTextAndInterimImageBeforeSignedFinalParts(FakeGemini gemini)
      throws Exception {
    gemini.thoughtSignatureBytes(4000);
    JsonNode root = json(new GeminiHttp(gemini).generate("gemini-3.1-flash-image",
        body("a bonsai", "\"generationConfig\":{\"thinkingConfig\":{\"includeThoughts\":true,"
            + "\"thinkingLevel\":\"high\"},\"imageConfig\":{\"imageSize\":\"2K\"}}")));

    JsonNode parts = root.path("candidates").path(0).path("content").path("parts");
    assertThat(parts).hasSize(4);
    assertThat(parts.get(0).path("thought").asBoolean()).isTrue();
    assertThat(parts.get(0).path("text").asText()).isNotBlank();
    assertThat(parts.get(1).path("thought").asBoolean()).isTrue();
    assertThat(parts.get(1).path("inlineData").path("mimeType").asText()).isEqualTo("image/jpeg");
    BufferedImage draft = GeminiHttp.decode(parts.get(1).path("inlineData").path("data").asText());
    BufferedImage fin = GeminiHttp.finalImage(root);
    assertThat(draft.getWidth()).isLessThan(fin.getWidth());
    assertThat(fin.getWidth()).isEqualTo(2048);
    for (int i = 0; i < 2; i++) {
      assertThat(parts.get(i).has("thoughtSignature")).isFalse();
    }
    for (int i = 2; i < 4; i++) {
      assertThat(parts.get(i).has("thought")).isFalse();
      String signature = parts.get(i).path("thoughtSignature").asText();
      assertThat(signature).hasSize(4000);
      assertThat(Base64.getDecoder().decode(signature)).hasSize(3000);
    }
    assertThat(root.path("usageMetadata").path("thoughtsTokenCount").asInt()).isPositive();
  }

  @Test
  void thinkingBudgetZeroTurnsThinkingOffOnLevelModels(FakeGemini gemini) throws Exception {
    JsonNode root = json(new GeminiHttp(gemini).generate("gemini-nano-banana-2.1",
        body("a bonsai", "\"generationConfig\":{\"thinkingConfig\":{\"includeThoughts\":true,"
            + "\"thinkingBudget\":0}}")));

    assertThat(root.path("usageMetadata").has("thoughtsTokenCount")).isFalse();
    for (JsonNode part : root.path("candidates").path(0).path("content").path("parts")) {
      assertThat(part.has("thought")).isFalse();
    }
  }

  @Test
  void googleSearchAddsGroundingMetadata(FakeGemini gemini) throws Exception {
    JsonNode root = json(new GeminiHttp(gemini).generate("gemini-3-pro-image",
        body("today's weather in Paris as an infographic", "\"tools\":[{\"googleSearch\":{}}]")));

    JsonNode grounding = root.path("candidates").path(0).path("groundingMetadata");
    assertThat(grounding.path("webSearchQueries").get(0).asText()).contains("weather in Paris");
    assertThat(grounding.path("groundingChunks")).isNotEmpty();
    assertThat(grounding.path("groundingChunks").get(0).path("web").path("uri").asText())
        .startsWith("https://");
    assertThat(grounding.path("groundingChunks").get(0).path("web").path("title").asText())
        .isNotEmpty();
    assertThat(grounding.path("groundingSupports").isArray()).isTrue();
    assertThat(grounding.path("searchEntryPoint").path("renderedContent").asText())
        .startsWith("<style>").contains("<div");
  }

  @Test
  void noGroundingWithoutTheTool(FakeGemini gemini) throws Exception {
    JsonNode root = json(new GeminiHttp(gemini).generate("gemini-3-pro-image", body("x", "")));

    assertThat(root.path("candidates").path(0).has("groundingMetadata")).isFalse();
  }
}
