package dev.darkroom.testkit;

import static dev.darkroom.testkit.GeminiHttp.body;
import static dev.darkroom.testkit.GeminiHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeGeminiExtension.class)
class FaultScriptTest {
  private static final String MODEL = "gemini-3-pro-image";
  private static final String PROMPT = body("a castle", "");

  private final FakeGemini gemini;
  private final GeminiHttp http;

  FaultScriptTest(FakeGemini gemini) {
    this.gemini = gemini;
    this.http = new GeminiHttp(gemini);
  }

  @Test
  void repliesAreUsedInOrderThenNormalBehaviourResumes() throws Exception {
    gemini.enqueue(FakeReply.rateLimited(Duration.ofSeconds(34)))
        .enqueue(FakeReply.status(503, "UNAVAILABLE", "The model is overloaded."));

    assertThat(http.generate(MODEL, PROMPT).statusCode()).isEqualTo(429);
    assertThat(http.generate(MODEL, PROMPT).statusCode()).isEqualTo(503);
    assertThat(http.generate(MODEL, PROMPT).statusCode()).isEqualTo(200);
  }

  @Test
  void rateLimitedCarriesQuotaFailureAndRetryInfo() throws Exception {
    gemini.enqueue(FakeReply.rateLimited(Duration.ofSeconds(34)))
        .enqueue(FakeReply.rateLimited(Duration.ofMillis(1500)));

    JsonNode first = json(http.generate(MODEL, PROMPT)).path("error");
    JsonNode second = json(http.generate(MODEL, PROMPT)).path("error");

    assertThat(first.path("code").asInt()).isEqualTo(429);
    assertThat(first.path("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(detail(first, "QuotaFailure").path("violations").get(0).path("quotaId").asText())
        .isEqualTo("GenerateRequestsPerMinutePerProjectPerModel");
    assertThat(detail(first, "RetryInfo").path("retryDelay").asText()).isEqualTo("34s");
    assertThat(detail(second, "RetryInfo").path("retryDelay").asText()).isEqualTo("1.5s");
  }

  @Test
  void dailyQuotaNamesThePerDayQuota() throws Exception {
    gemini.enqueue(FakeReply.dailyQuotaExhausted());

    JsonNode error = json(http.generate(MODEL, PROMPT)).path("error");

    assertThat(error.path("code").asInt()).isEqualTo(429);
    assertThat(detail(error, "QuotaFailure").path("violations").get(0).path("quotaId").asText())
        .isEqualTo("GenerateRequestsPerDayPerProjectPerModel");
  }

  @Test
  void retryAfterHeaderVariant() throws Exception {
    gemini.enqueue(FakeReply.retryAfterHeader(7));

    HttpResponse<byte[]> response = http.generate(MODEL, PROMPT);

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(detail(json(response).path("error"), "RetryInfo").isMissingNode()).isTrue();
  }

  @Test
  void anyStatusAsGoogleRpcError() throws Exception {
    int[] codes = {400, 401, 402, 403, 404, 500, 503, 504};
    String[] statuses = {"FAILED_PRECONDITION", "UNAUTHENTICATED", "RESOURCE_EXHAUSTED",
        "PERMISSION_DENIED", "NOT_FOUND", "INTERNAL", "UNAVAILABLE", "DEADLINE_EXCEEDED"};
    for (int i = 0; i < codes.length; i++) {
      gemini.enqueue(FakeReply.status(codes[i], statuses[i], "message " + i));
    }
    for (int i = 0; i < codes.length; i++) {
      HttpResponse<byte[]> response = http.generate(MODEL, PROMPT);
      JsonNode error = json(response).path("error");
      assertThat(response.statusCode()).isEqualTo(codes[i]);
      assertThat(error.path("code").asInt()).isEqualTo(codes[i]);
      assertThat(error.path("status").asText()).isEqualTo(statuses[i]);
      assertThat(error.path("message").asText()).isEqualTo("message " + i);
    }
  }

  @Test
  void connectionResetFailsTheExchange() throws Exception {
    gemini.enqueue(FakeReply.connectionReset());

    assertThatThrownBy(() -> http.generate(MODEL, PROMPT)).isInstanceOf(IOException.class);
    assertThat(http.generate(MODEL, PROMPT).statusCode()).isEqualTo(200);
  }

  @Test
  void truncatedBodyFailsTheExchange() throws Exception {
    gemini.enqueue(FakeReply.truncatedBody());

    assertThatThrownBy(() -> http.generate(MODEL, PROMPT)).isInstanceOf(IOException.class);
    assertThat(http.generate(MODEL, PROMPT).statusCode()).isEqualTo(200);
  }

  @Test
  void malformedJsonIs200WithUnparsableBody() throws Exception {
    gemini.enqueue(FakeReply.malformedJson());

    HttpResponse<byte[]> response = http.generate(MODEL, PROMPT);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> json(response)).isInstanceOf(IOException.class);
  }

  @Test
  void htmlProxyPage() throws Exception {
    gemini.enqueue(FakeReply.html(502));

    HttpResponse<byte[]> response = http.generate(MODEL, PROMPT);

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/html");
    assertThat(GeminiHttp.text(response)).startsWith("<!DOCTYPE html>").contains("502");
  }

  @Test
  void delayThenNormalResponse() throws Exception {
    gemini.enqueue(FakeReply.delay(Duration.ofMillis(50)));

    HttpResponse<byte[]> response = http.generate(MODEL, PROMPT);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(GeminiHttp.finalImage(json(response)).getWidth()).isEqualTo(1024);
  }

  @Test
  void imageSafetyAndNoImageHaveCandidateWithoutParts() throws Exception {
    gemini.enqueue(FakeReply.imageSafety()).enqueue(FakeReply.noImage());

    JsonNode safety = json(http.generate(MODEL, PROMPT));
    JsonNode noImage = json(http.generate(MODEL, PROMPT));

    assertThat(safety.path("candidates").get(0).path("finishReason").asText())
        .isEqualTo("IMAGE_SAFETY");
    assertThat(safety.path("candidates").get(0).path("content").has("parts")).isFalse();
    assertThat(safety.path("usageMetadata").path("promptTokenCount").asInt()).isPositive();
    assertThat(noImage.path("candidates").get(0).path("finishReason").asText())
        .isEqualTo("NO_IMAGE");
    assertThat(noImage.path("candidates").get(0).path("content").has("parts")).isFalse();
  }

  @Test
  void promptBlockedHasFeedbackAndNoCandidates() throws Exception {
    gemini.enqueue(FakeReply.promptBlocked("PROHIBITED_CONTENT"));

    HttpResponse<byte[]> response = http.generate(MODEL, PROMPT);
    JsonNode root = json(response);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(root.has("candidates")).isFalse();
    assertThat(root.path("promptFeedback").path("blockReason").asText())
        .isEqualTo("PROHIBITED_CONTENT");
  }

  @Test
  void textOnlyIsStopWithoutImage() throws Exception {
    gemini.enqueue(FakeReply.textOnly("I can only describe it."));

    JsonNode root = json(http.generate(MODEL, PROMPT));

    JsonNode candidate = root.path("candidates").get(0);
    assertThat(candidate.path("finishReason").asText()).isEqualTo("STOP");
    assertThat(candidate.path("content").path("parts")).hasSize(1);
    assertThat(candidate.path("content").path("parts").get(0).path("text").asText())
        .isEqualTo("I can only describe it.");
  }

  @Test
  void rawJsonIsSentByteForByte() throws Exception {
    byte[] recorded = RecordedResponses.load(RecordedResponses.IMAGE_GENERATION_WITH_TEXT);
    gemini.enqueue(FakeReply.rawJson(200, recorded))
        .enqueue(FakeReply.rawJson(500, "{\"error\":{}}".getBytes()));

    HttpResponse<byte[]> ok = http.generate(MODEL, PROMPT);
    HttpResponse<byte[]> failed = http.generate(MODEL, PROMPT);

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo(recorded);
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(GeminiHttp.text(failed)).isEqualTo("{\"error\":{}}");
  }

  @Test
  void scriptedRepliesComeAfterTheApiKeyCheck() throws Exception {
    gemini.enqueue(FakeReply.status(503, "UNAVAILABLE", "overloaded"));

    HttpResponse<byte[]> unauthenticated = http.send(http.request(MODEL, "generateContent")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(PROMPT)).build());

    assertThat(unauthenticated.statusCode()).isEqualTo(403);
    assertThat(http.generate(MODEL, PROMPT).statusCode()).isEqualTo(503);
  }

  @Test
  void factoriesRejectNonsense() {
    assertThatThrownBy(() -> FakeReply.status(200, "OK", "fine"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("200");
    assertThatThrownBy(() -> FakeReply.grid(0, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x2");
    assertThatThrownBy(() -> FakeReply.rateLimited(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static JsonNode detail(JsonNode error, String type) {
    for (JsonNode detail : error.path("details")) {
      if (detail.path("@type").asText().equals("type.googleapis.com/google.rpc." + type)) {
        return detail;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
