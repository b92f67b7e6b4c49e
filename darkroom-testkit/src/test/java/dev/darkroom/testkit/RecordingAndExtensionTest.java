package dev.darkroom.testkit;

import static dev.darkroom.testkit.GeminiHttp.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Dimension;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeGeminiExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecordingAndExtensionTest {
  private static FakeGemini previous;
  private final FakeGemini fromConstructor;
  private FakeGemini fromBeforeEach;

  RecordingAndExtensionTest(FakeGemini gemini) {
    this.fromConstructor = gemini;
  }

  @BeforeEach
  void setUp(FakeGemini gemini) {
    this.fromBeforeEach = gemini;
  }

  @AfterEach
  void remember() {
    previous = fromConstructor;
  }

  @Test
  @Order(2)
  void constructorBeforeEachAndMethodShareOneFreshServer(FakeGemini gemini) throws Exception {
    assertThat(fromConstructor).isSameAs(gemini).isSameAs(fromBeforeEach);
    assertThat(gemini).isNotSameAs(previous);
    assertThat(gemini.requestCount()).isZero();
    assertThat(gemini.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+").doesNotEndWith("/");
    assertThat(previous).as("a test ran before this one").isNotNull();
    GeminiHttp http = new GeminiHttp(previous);
    assertThatThrownBy(() -> http.generate("gemini-3-pro-image", body("x", "")))
        .as("the previous test's server was closed").isInstanceOf(ConnectException.class);
  }

  @Test
  @Order(1)
  void recordsMethodPathHeadersAndBody(FakeGemini gemini) throws Exception {
    new GeminiHttp(gemini).stream("gemini-3-pro-image", body("record me", ""));

    RecordedRequest request = gemini.takeRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path())
        .isEqualTo("/v1beta/models/gemini-3-pro-image:streamGenerateContent?alt=sse");
    assertThat(request.header("X-GOOG-API-KEY")).hasValue("test-key");
    assertThat(request.headers().get("content-type")).containsExactly("application/json");
    assertThat(request.bodyUtf8()).isEqualTo(body("record me", ""));
    assertThat(request.json().path("contents").get(0).path("role").asText()).isEqualTo("user");
    assertThat(gemini.takeRequest(Duration.ofMillis(10))).isEmpty();
    assertThat(gemini.requests()).containsExactly(request);
  }

  @Test
  void pixelSizeTable() {
    assertThat(FakeGemini.pixelSize("gemini-2.5-flash-image", "21:9", null))
        .isEqualTo(new Dimension(1536, 672));
    assertThat(FakeGemini.pixelSize("gemini-3-pro-image", null, "4K"))
        .isEqualTo(new Dimension(4096, 4096));
    assertThat(FakeGemini.pixelSize("models/gemini-3-pro-image", "16:9", "2K"))
        .isEqualTo(new Dimension(2752, 1536));
    assertThat(FakeGemini.pixelSize("gemini-3.1-flash-image", "8:1", "512"))
        .isEqualTo(new Dimension(1536, 192));
    assertThat(FakeGemini.pixelSize("gemini-nano-banana-2.1", "1:8", "4K"))
        .isEqualTo(new Dimension(1536, 12288));
    assertThat(FakeGemini.pixelSize("gemini-3.1-flash-lite-image", "4:5", "1K"))
        .isEqualTo(new Dimension(928, 1152));
    assertThatThrownBy(() -> FakeGemini.pixelSize("gemini-3-pro-image", "1:4", "1K"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1:4");
    assertThatThrownBy(() -> FakeGemini.pixelSize("gemini-3-pro-image", "1:1", "512"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("512");
    assertThatThrownBy(() -> FakeGemini.pixelSize("gemini-3-pro-image-preview", "1:1", "1K"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown model");
  }

  @Test
  void configurationRejectsBadValues(FakeGemini gemini) {
    assertThatThrownBy(() -> gemini.rateLimitPerMinute(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gemini.latency(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gemini.thoughtSignatureBytes(2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gemini.apiKey(""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
