package dev.darkroom.testkit;

import static dev.darkroom.testkit.GeminiHttp.body;
import static dev.darkroom.testkit.GeminiHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeGeminiExtension.class)
class RateLimitTest {

  @Test
  void requestsOverThePerMinuteLimitGet429WithRetryInfo(FakeGemini gemini) throws Exception {
    gemini.rateLimitPerMinute(2);
    GeminiHttp http = new GeminiHttp(gemini);

    int first = http.generate("gemini-3-pro-image", body("a", "")).statusCode();
    int second = http.generate("gemini-3-pro-image", body("b", "")).statusCode();
    HttpResponse<byte[]> third = http.generate("gemini-3-pro-image", body("c", ""));

    assertThat(first).isEqualTo(200);
    assertThat(second).isEqualTo(200);
    assertThat(third.statusCode()).isEqualTo(429);
    JsonNode error = json(third).path("error");
    assertThat(error.path("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(error.path("message").asText()).contains("limit: 2");
    String retryDelay = error.path("details").findValue("retryDelay").asText();
    assertThat(retryDelay).matches("\\d+s");
    assertThat(Integer.parseInt(retryDelay.replace("s", ""))).isBetween(1, 60);
  }

  @Test
  void zeroTurnsTheLimitOff(FakeGemini gemini) throws Exception {
    gemini.rateLimitPerMinute(1).rateLimitPerMinute(0);
    GeminiHttp http = new GeminiHttp(gemini);

    for (int i = 0; i < 3; i++) {
      assertThat(http.generate("gemini-2.5-flash-image", body("x", "")).statusCode())
          .isEqualTo(200);
    }
  }
}
