package dev.darkroom.testkit;

import static dev.darkroom.testkit.GeminiHttp.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeGeminiExtension.class)
class StreamingTest {
  private static final String THINKING = body("a harbour at dawn",
      "\"generationConfig\":{\"thinkingConfig\":{\"includeThoughts\":true}}");

  @Test
  void sseSendsPartsAsSeparateEventsAndFinishesInTheLast(FakeGemini gemini) throws Exception {
    HttpResponse<byte[]> response = new GeminiHttp(gemini).stream("gemini-3-pro-image",
        THINKING);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
    List<JsonNode> events = GeminiHttp.sseEvents(response);
    assertThat(events).hasSize(4);
    String responseId = events.get(0).path("responseId").asText();
    for (int i = 0; i < events.size(); i++) {
      JsonNode candidate = events.get(i).path("candidates").get(0);
      assertThat(candidate.path("content").path("parts")).hasSize(1);
      assertThat(events.get(i).path("responseId").asText()).isEqualTo(responseId);
      assertThat(candidate.has("finishReason")).isEqualTo(i == events.size() - 1);
    }
    JsonNode first = events.get(0).path("candidates").get(0).path("content").path("parts").get(0);
    assertThat(first.path("thought").asBoolean()).isTrue();
    assertThat(first.has("text")).isTrue();
    JsonNode last = events.get(3);
    assertThat(last.path("candidates").get(0).path("finishReason").asText()).isEqualTo("STOP");
    assertThat(last.path("candidates").get(0).path("content").path("parts").get(0)
        .path("inlineData").path("mimeType").asText()).isEqualTo("image/jpeg");
    assertThat(GeminiHttp.finalImage(last).getWidth()).isEqualTo(1024);
    assertThat(last.path("usageMetadata").path("candidatesTokenCount").asInt()).isPositive();
    assertThat(events.get(0).path("usageMetadata").has("candidatesTokenCount")).isFalse();
  }

  @Test
  void streamErrorsArriveAsHttpErrorsBeforeTheStream(FakeGemini gemini) throws Exception {
    gemini.enqueue(FakeReply.rateLimited(java.time.Duration.ofSeconds(3)));

    HttpResponse<byte[]> response = new GeminiHttp(gemini).stream("gemini-3-pro-image",
        THINKING);

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(GeminiHttp.json(response).path("error").path("status").asText())
        .isEqualTo("RESOURCE_EXHAUSTED");
  }

  @Test
  void contentOutcomesArriveAsOneEvent(FakeGemini gemini) throws Exception {
    gemini.enqueue(FakeReply.imageSafety());

    List<JsonNode> events = GeminiHttp.sseEvents(new GeminiHttp(gemini).stream(
        "gemini-3-pro-image", THINKING));

    assertThat(events).hasSize(1);
    assertThat(events.get(0).path("candidates").get(0).path("finishReason").asText())
        .isEqualTo("IMAGE_SAFETY");
  }

  @Test
  void truncatedStreamCutsTheLastEvent(FakeGemini gemini) throws Exception {
    gemini.enqueue(FakeReply.truncatedBody());

    HttpResponse<byte[]> response = new GeminiHttp(gemini).stream("gemini-3-pro-image",
        THINKING);

    String text = GeminiHttp.text(response);
    assertThat(text).startsWith("data: ").doesNotEndWith("\r\n\r\n");
    assertThatThrownBy(() -> GeminiHttp.sseEvents(response)).isInstanceOf(Throwable.class);
    assertThat(text.split("\r\n\r\n")).hasSize(4);
  }

  @Test
  void malformedJsonEvent(FakeGemini gemini) throws Exception {
    gemini.enqueue(FakeReply.malformedJson());

    HttpResponse<byte[]> response = new GeminiHttp(gemini).stream("gemini-3-pro-image",
        THINKING);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> GeminiHttp.sseEvents(response)).isInstanceOf(IOException.class);
  }

  @Test
  void rawJsonIsOneCompactEvent(FakeGemini gemini) throws Exception {
    byte[] recorded = RecordedResponses.load(RecordedResponses.IMAGE_AND_TEXT_OUTPUT);
    gemini.enqueue(FakeReply.rawJson(200, recorded));

    List<JsonNode> events = GeminiHttp.sseEvents(new GeminiHttp(gemini).stream(
        "gemini-2.5-flash-image", THINKING));

    assertThat(events).containsExactly(GeminiHttp.JSON.readTree(recorded));
  }

  @Test
  void connectionResetOnStream(FakeGemini gemini) {
    gemini.enqueue(FakeReply.connectionReset());

    assertThatThrownBy(() -> new GeminiHttp(gemini).stream("gemini-3-pro-image", THINKING))
        .isInstanceOf(IOException.class);
  }
}
