package dev.darkroom.gemini;

import dev.darkroom.*;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeReply;
import dev.darkroom.testkit.RecordedResponses;
import java.math.BigDecimal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Real Gemini responses (trimmed recordings, see the testkit's recorded/README.md) parse correctly. */
@ExtendWith(FakeGeminiExtension.class)
class RecordedResponsesTest {
  private Darkroom client;

  private ImageResult replay(FakeGemini fake, String recording, String model) {
    fake.enqueue(FakeReply.rawJson(200, RecordedResponses.load(recording)));
    client = Darkroom.builder().setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY).setting("gemini.baseUrl", fake.baseUrl()).build();
    return client.generate(ImageRequest.builder().model(model).prompt("an axolotl").build());
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void nanoBananaTextAndPng(FakeGemini fake) {
    Generation g = replay(fake, RecordedResponses.IMAGE_AND_TEXT_OUTPUT, "gemini-2.5-flash-image").generations().get(0);
    assertThat(g.responseId()).hasValue("ZyjgaJODFaudz7IP2OK9-As");
    assertThat(g.modelVersion()).hasValue("gemini-2.5-flash-image");
    assertThat(g.text()).startsWith("Once, in a hidden cenote");
    assertThat(g.images()).singleElement().satisfies(i -> {
      assertThat(i.mimeType()).isEqualTo("image/png");
      assertThat(i.width()).isEqualTo(32);
    });
    assertThat(g.usage()).isEqualTo(new Usage(17, 1336, 1290, 0, 0, 1353));
    // 17 × $0.30 + 1290 × $30 + 46 × $2.50 per million
    assertThat(g.costUsd()).isEqualByComparingTo(new BigDecimal("0.0388201"));
  }

  @Test
  void nanoBananaProWithThoughtSignatures(FakeGemini fake) {
    Generation g = replay(fake, RecordedResponses.IMAGE_GENERATION_WITH_TEXT, "gemini-3-pro-image").generations().get(0);
    assertThat(g.responseId()).hasValue("QV8oae6ZGKGnmtkPoanu6A0");
    assertThat(g.modelVersion()).hasValue("gemini-3-pro-image-preview");
    assertThat(g.text()).startsWith("A little axolotl named Archie");
    assertThat(g.thoughts()).isEmpty();
    assertThat(g.images()).singleElement().satisfies(i -> assertThat(i.mimeType()).isEqualTo("image/jpeg"));
    assertThat(g.usage()).isEqualTo(new Usage(14, 1283, 1120, 174, 0, 1471));
  }

  @Test
  void textOnlyAnswerIsNoImageWithTheText(FakeGemini fake) {
    assertThatThrownBy(() -> replay(fake, RecordedResponses.IMAGE_OR_TEXT_OUTPUT_TEXT, "gemini-2.5-flash-image"))
        .isInstanceOfSatisfying(NoImageException.class, e -> {
          assertThat(e.modelText()).startsWith("In a hidden cave, a shy axolotl");
          assertThat(e.generation()).hasValueSatisfying(g -> assertThat(g.usage().promptTokens()).isEqualTo(18));
        });
  }

  @Test
  void vertexShapedResponseParses(FakeGemini fake) {
    Generation g = replay(fake, RecordedResponses.VERTEXAI_IMAGE_GENERATION_WITH_OUTPUT_FORMAT, "gemini-2.5-flash-image")
        .generations().get(0);
    assertThat(g.images()).singleElement().satisfies(i -> assertThat(i.mimeType()).isEqualTo("image/jpeg"));
    assertThat(g.usage().imageOutputTokens()).isEqualTo(1290);
    assertThat(g.text()).isEmpty();
  }
}
