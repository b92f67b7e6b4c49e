package dev.darkroom.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class RecordedResponsesTest {

  @Test
  void everyRecordingHasAParsableResponseAndRequestWithDecodableImages() throws Exception {
    for (String name : RecordedResponses.names()) {
      JsonNode response = GeminiHttp.JSON.readTree(RecordedResponses.load(name));
      JsonNode request = GeminiHttp.JSON.readTree(RecordedResponses.loadRequest(name));

      assertThat(request.path("contents").get(0).path("parts").get(0).path("text").asText())
          .as(name).isNotBlank();
      assertThat(response.path("candidates").get(0).path("finishReason").asText()).as(name)
          .isEqualTo("STOP");
      for (JsonNode part : response.path("candidates").get(0).path("content").path("parts")) {
        if (part.has("inlineData")) {
          BufferedImage image = GeminiHttp.decode(part.path("inlineData").path("data").asText());
          assertThat(image.getWidth()).as(name).isLessThanOrEqualTo(64);
        }
        if (part.has("thoughtSignature")) {
          assertThat(part.path("thoughtSignature").asText()).hasSize(64);
        }
      }
    }
  }

  @Test
  void keepsRecordedFieldsExactly() throws Exception {
    JsonNode pro = GeminiHttp.JSON.readTree(
        RecordedResponses.load(RecordedResponses.IMAGE_GENERATION_WITH_TEXT));
    JsonNode vertex = GeminiHttp.JSON.readTree(
        RecordedResponses.load(RecordedResponses.VERTEXAI_IMAGE_GENERATION_WITH_OUTPUT_FORMAT));
    JsonNode textOnly = GeminiHttp.JSON.readTree(
        RecordedResponses.load(RecordedResponses.IMAGE_OR_TEXT_OUTPUT_TEXT));

    assertThat(pro.path("responseId").asText()).isEqualTo("QV8oae6ZGKGnmtkPoanu6A0");
    assertThat(pro.path("usageMetadata").path("thoughtsTokenCount").asInt()).isEqualTo(174);
    assertThat(pro.path("usageMetadata").path("totalTokenCount").asInt()).isEqualTo(1471);
    assertThat(pro.path("candidates").get(0).path("content").path("parts").get(1)
        .path("inlineData").path("mimeType").asText()).isEqualTo("image/jpeg");
    assertThat(vertex.path("usageMetadata").path("trafficType").asText()).isEqualTo("ON_DEMAND");
    assertThat(vertex.path("createTime").asText()).isEqualTo("2025-12-18T00:23:47.329132Z");
    assertThat(textOnly.path("usageMetadata").has("candidatesTokensDetails")).isFalse();
    assertThat(textOnly.path("usageMetadata").path("candidatesTokenCount").asInt()).isEqualTo(48);
  }

  @Test
  void unknownNameIsRejected() {
    assertThatThrownBy(() -> RecordedResponses.load("nope"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("known names");
  }
}
