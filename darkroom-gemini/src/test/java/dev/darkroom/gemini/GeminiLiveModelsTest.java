package dev.darkroom.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.AuthenticationException;
import dev.darkroom.Darkroom;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Developer API's model list, for {@code darkroom models --check}; and what selects Vertex AI. */
class GeminiLiveModelsTest {
  private final FakeGemini fake = FakeGemini.start();

  @AfterEach
  void stop() {
    fake.close();
  }

  private Darkroom client(Map<String, String> settings, Map<String, String> env) {
    Darkroom.Builder b = Darkroom.builder().env(env).setting("gemini.baseUrl", fake.baseUrl());
    settings.forEach(b::setting);
    return b.build();
  }

  @Test
  void followsEveryPageAndKeepsOnlyImageModels() throws Exception {
    fake.listedModels(List.of("gemini-3-pro-image", "gemini-2.5-flash", "gemini-embedding-001",
        "gemini-4-flash-image", "gemini-nano-banana-2.1")).modelsPageLimit(2);
    try (Darkroom d = client(Map.of("gemini.apiKey", FakeGemini.DEFAULT_API_KEY), Map.of())) {
      assertThat(d.liveModels("gemini")).contains(
          List.of("gemini-3-pro-image", "gemini-4-flash-image", "gemini-nano-banana-2.1"));
    }
    List<RecordedRequest> sent = fake.requests();
    assertThat(sent).hasSize(3);
    assertThat(sent.get(0).path()).isEqualTo("/v1beta/models?pageSize=" + GeminiModelList.PAGE_SIZE);
    assertThat(sent.get(1).path()).endsWith("&pageToken=offset-2");
    assertThat(sent.get(2).path()).endsWith("&pageToken=offset-4");
    assertThat(sent).allSatisfy(r -> assertThat(r.header("x-goog-api-key")).contains(FakeGemini.DEFAULT_API_KEY));
  }

  @Test
  void aRejectedKeyIsAnAuthenticationErrorWithoutTheKey() {
    try (Darkroom d = client(Map.of("gemini.apiKey", "wrong-key-123"), Map.of())) {
      assertThatThrownBy(() -> d.liveModels("gemini"))
          .isInstanceOf(AuthenticationException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-key-123"));
    }
  }

  @Test
  void withoutAKeyTheSettingIsNamedAndNothingIsSent() {
    try (Darkroom d = client(Map.of(), Map.of())) {
      assertThatThrownBy(() -> d.liveModels("gemini"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("GEMINI_API_KEY");
    }
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void aProjectSettingSelectsVertexAiWhichHasNoListToRead() {
    try (Darkroom d = client(Map.of("gemini.apiKey", FakeGemini.DEFAULT_API_KEY, "gemini.project", "p"), Map.of())) {
      assertThat(d.liveModels("gemini")).isEmpty();
    }
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void theProjectVariableAloneKeepsTheDeveloperApi() {
    try (Darkroom d = client(Map.of("gemini.apiKey", FakeGemini.DEFAULT_API_KEY),
        Map.of("GOOGLE_CLOUD_PROJECT", "p"))) {
      assertThat(d.liveModels("gemini")).isPresent();
    }
  }

  @Test
  void useVertexAiFalseWinsOverAProjectSetting() {
    try (Darkroom d = client(Map.of("gemini.apiKey", FakeGemini.DEFAULT_API_KEY, "gemini.project", "p"),
        Map.of("GOOGLE_GENAI_USE_VERTEXAI", "false"))) {
      assertThat(d.liveModels("gemini")).isPresent();
    }
  }
}
