package dev.darkroom.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.AuthenticationException;
import dev.darkroom.Darkroom;
import dev.darkroom.testkit.FakeOpenAI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/models}, for {@code darkroom models --check}. */
class OpenAiLiveModelsTest {
  private final FakeOpenAI fake = FakeOpenAI.start();

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void listsOnlyImageModelsWithTheProjectHeader() {
    fake.listedModels(List.of("gpt-5", "gpt-image-2", "dall-e-3", "chatgpt-image-latest", "text-embedding-3-small",
        "gpt-image-3"));
    try (Darkroom d = Darkroom.builder().env(java.util.Map.of()).setting("openai.apiKey", FakeOpenAI.DEFAULT_API_KEY)
        .setting("openai.baseUrl", fake.baseUrl()).setting("openai.project", "proj_1").build()) {
      assertThat(d.liveModels("openai")).contains(List.of("chatgpt-image-latest", "dall-e-3", "gpt-image-2",
          "gpt-image-3"));
    }
    assertThat(fake.requests()).singleElement().satisfies(r -> {
      assertThat(r.path()).isEqualTo("/v1/models");
      assertThat(r.header("OpenAI-Project")).contains("proj_1");
    });
  }

  @Test
  void aRejectedKeyIsAnAuthenticationError() {
    try (Darkroom d = Darkroom.builder().env(java.util.Map.of()).setting("openai.apiKey", "sk-wrong-123")
        .setting("openai.baseUrl", fake.baseUrl()).build()) {
      assertThatThrownBy(() -> d.liveModels("openai")).isInstanceOf(AuthenticationException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-wrong-123"));
    }
  }
}
