package dev.darkroom.testkit;

import static dev.darkroom.testkit.GeminiHttp.body;
import static dev.darkroom.testkit.GeminiHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(FakeGeminiExtension.class)
class GenerateContentTest {
  private final FakeGemini gemini;
  private final GeminiHttp http;

  GenerateContentTest(FakeGemini gemini) {
    this.gemini = gemini;
    this.http = new GeminiHttp(gemini);
  }

  @ParameterizedTest
  @CsvSource({
      "gemini-2.5-flash-image, 16:9, , image/png, 1290, png",
      "gemini-2.5-flash-image, 21:9, , image/png, 1290, png",
      "gemini-3-pro-image, 3:4, 1K, image/jpeg, 1120, jpeg",
      "gemini-3-pro-image, 2:3, 2K, image/jpeg, 1120, jpeg",
      "gemini-3.1-flash-image, 1:8, 512, image/jpeg, 747, jpeg",
      "gemini-3.1-flash-image, 4:1, 2K, image/jpeg, 1680, jpeg",
      "gemini-3.1-flash-lite-image, 5:4, 1K, image/jpeg, 1290, jpeg",
      "gemini-nano-banana-2.1, 9:16, 1K, image/jpeg, 1120, jpeg",
  })
  void imageHasTableSizeFormatAndTokens(String model, String ratio, String size, String mime,
      int imageTokens, String imageIoFormat) throws Exception {
    String imageConfig = "\"aspectRatio\":\"" + ratio + "\""
        + (size == null ? "" : ",\"imageSize\":\"" + size + "\"");
    HttpResponse<byte[]> response = http.generate(model, body("A red fox in snow",
        "\"generationConfig\":{\"imageConfig\":{" + imageConfig + "}}"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue(
        "application/json; charset=UTF-8");
    JsonNode root = json(response);
    JsonNode candidate = root.path("candidates").path(0);
    assertThat(candidate.path("finishReason").asText()).isEqualTo("STOP");
    assertThat(candidate.path("index").asInt(-1)).isZero();
    assertThat(candidate.path("content").path("role").asText()).isEqualTo("model");
    JsonNode parts = candidate.path("content").path("parts");
    assertThat(parts.get(0).path("text").asText()).contains("A red fox in snow");
    assertThat(parts.get(1).path("inlineData").path("mimeType").asText()).isEqualTo(mime);

    byte[] imageBytes = Base64.getDecoder().decode(
        parts.get(1).path("inlineData").path("data").asText());
    assertThat(ImageIO.getImageReaders(ImageIO.createImageInputStream(
        new java.io.ByteArrayInputStream(imageBytes))).next().getFormatName().toLowerCase())
        .isEqualTo(imageIoFormat);
    BufferedImage image = GeminiHttp.decode(parts.get(1).path("inlineData").path("data").asText());
    Dimension expected = FakeGemini.pixelSize(model, ratio, size);
    assertThat(new Dimension(image.getWidth(), image.getHeight())).isEqualTo(expected);
    assertThat(distinctColours(image)).as("non-uniform picture").isGreaterThanOrEqualTo(3);

    JsonNode usage = root.path("usageMetadata");
    int textOut = (parts.get(0).path("text").asText().length() + 3) / 4;
    assertThat(usage.path("promptTokenCount").asInt()).isEqualTo((17 + 3) / 4);
    assertThat(usage.path("candidatesTokenCount").asInt()).isEqualTo(imageTokens + textOut);
    assertThat(usage.path("candidatesTokensDetails").get(0).path("modality").asText())
        .isEqualTo("IMAGE");
    assertThat(usage.path("candidatesTokensDetails").get(0).path("tokenCount").asInt())
        .isEqualTo(imageTokens);
    assertThat(usage.path("totalTokenCount").asInt()).isEqualTo(
        usage.path("promptTokenCount").asInt() + usage.path("candidatesTokenCount").asInt()
            + usage.path("thoughtsTokenCount").asInt(0));
    assertThat(root.path("modelVersion").asText()).isEqualTo(model);
    assertThat(root.path("responseId").asText()).matches("[A-Za-z0-9_-]{22}");
  }

  @Test
  void thinkingModelsReportThoughtTokensAndSignaturesEvenWithoutIncludeThoughts()
      throws Exception {
    JsonNode root = json(http.generate("gemini-3-pro-image", body("a lighthouse", "")));

    assertThat(root.path("usageMetadata").path("thoughtsTokenCount").asInt()).isPositive();
    JsonNode parts = root.path("candidates").path(0).path("content").path("parts");
    assertThat(parts).hasSize(2);
    for (JsonNode part : parts) {
      assertThat(part.has("thought")).isFalse();
      assertThat(Base64.getDecoder().decode(part.path("thoughtSignature").asText())).isNotEmpty();
      assertThat(part.path("thoughtSignature").asText()).hasSize(64);
    }
  }

  @Test
  void fourKImageWithBenchmarkSizedSignatures() throws Exception {
    gemini.thoughtSignatureBytes(3_000_000);
    HttpResponse<byte[]> response = http.generate("gemini-3-pro-image", body("panorama",
        "\"generationConfig\":{\"imageConfig\":{\"aspectRatio\":\"21:9\",\"imageSize\":\"4K\"}}"));

    JsonNode root = json(response);
    BufferedImage image = GeminiHttp.finalImage(root);
    assertThat(new Dimension(image.getWidth(), image.getHeight())).isEqualTo(new Dimension(6336,
        2688));
    assertThat(root.path("usageMetadata").path("candidatesTokensDetails").get(0)
        .path("tokenCount").asInt()).isEqualTo(2000);
    for (JsonNode part : root.path("candidates").path(0).path("content").path("parts")) {
      assertThat(part.path("thoughtSignature").asText()).hasSize(3_000_000);
    }
  }

  @Test
  void flashImageHasNoThinkingNoSignatureAndIsSquareByDefault() throws Exception {
    JsonNode root = json(http.generate("gemini-2.5-flash-image", body("a lighthouse", "")));

    assertThat(root.path("usageMetadata").has("thoughtsTokenCount")).isFalse();
    JsonNode parts = root.path("candidates").path(0).path("content").path("parts");
    assertThat(parts.get(1).has("thoughtSignature")).isFalse();
    BufferedImage image = GeminiHttp.finalImage(root);
    assertThat(image.getWidth()).isEqualTo(1024);
    assertThat(image.getHeight()).isEqualTo(1024);
  }

  @Test
  void imageOnlyModalityOmitsTextAndTextOnlyOmitsImage() throws Exception {
    JsonNode imageOnly = json(http.generate("gemini-2.5-flash-image", body("cat",
        "\"generationConfig\":{\"responseModalities\":[\"IMAGE\"]}")));
    JsonNode textOnly = json(http.generate("gemini-2.5-flash-image", body("cat",
        "\"generationConfig\":{\"responseModalities\":[\"TEXT\"]}")));

    JsonNode imageParts = imageOnly.path("candidates").path(0).path("content").path("parts");
    assertThat(imageParts).hasSize(1);
    assertThat(imageParts.get(0).has("inlineData")).isTrue();
    JsonNode textParts = textOnly.path("candidates").path(0).path("content").path("parts");
    assertThat(textParts).hasSize(1);
    assertThat(textParts.get(0).has("text")).isTrue();
    assertThat(textOnly.path("usageMetadata").has("candidatesTokensDetails")).isFalse();
  }

  @Test
  void inputImagesAreCountedAndTheirRatioIsUsedWhenNoneIsRequested() throws Exception {
    String wide = base64Png(320, 180);
    String json = "{\"system_instruction\":{\"parts\":[{\"text\":\"Be brief\"}]},"
        + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Restyle this\"},"
        + "{\"inline_data\":{\"mime_type\":\"image/png\",\"data\":\"" + wide + "\"}},"
        + "{\"inline_data\":{\"mime_type\":\"image/png\",\"data\":\"" + base64Png(10, 40)
        + "\"}}]}],"
        + "\"generation_config\":{\"response_modalities\":[\"TEXT\",\"IMAGE\"],"
        + "\"image_config\":{\"image_size\":\"2K\"}}}";

    JsonNode root = json(http.generate("gemini-3-pro-image", json));

    BufferedImage image = GeminiHttp.finalImage(root);
    assertThat(new Dimension(image.getWidth(), image.getHeight()))
        .isEqualTo(FakeGemini.pixelSize("gemini-3-pro-image", "16:9", "2K"));
    JsonNode details = root.path("usageMetadata").path("promptTokensDetails");
    assertThat(details.get(0).path("modality").asText()).isEqualTo("TEXT");
    assertThat(details.get(0).path("tokenCount").asInt()).isEqualTo((8 + 12 + 3) / 4);
    assertThat(details.get(1).path("modality").asText()).isEqualTo("IMAGE");
    assertThat(details.get(1).path("tokenCount").asInt()).isEqualTo(2 * 560);
    assertThat(root.path("usageMetadata").path("promptTokenCount").asInt())
        .isEqualTo(5 + 1120);
  }

  @Test
  void flashImageCountsInputImagesAt258Tokens() throws Exception {
    String json = "{\"contents\":[{\"parts\":[{\"text\":\"edit\"},{\"inlineData\":{"
        + "\"mimeType\":\"image/png\",\"data\":\"" + base64Png(30, 40) + "\"}}]}]}";

    JsonNode root = json(http.generate("gemini-2.5-flash-image", json));

    assertThat(root.path("usageMetadata").path("promptTokenCount").asInt()).isEqualTo(1 + 258);
    BufferedImage image = GeminiHttp.finalImage(root);
    assertThat(new Dimension(image.getWidth(), image.getHeight()))
        .isEqualTo(FakeGemini.pixelSize("gemini-2.5-flash-image", "3:4", null));
  }

  @Test
  void modelMayBeGivenWithModelsPrefix() throws Exception {
    HttpResponse<byte[]> response = http.generate("models/gemini-3.1-flash-image", body("x", ""));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).path("modelVersion").asText()).isEqualTo("gemini-3.1-flash-image");
  }

  @Test
  void nonSseStreamIsAJsonArrayOfResponses() throws Exception {
    HttpResponse<byte[]> response = http.send(http.request("gemini-3-pro-image",
            "streamGenerateContent").header("x-goog-api-key", "test-key")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body("x", ""))).build());

    JsonNode array = json(response);
    assertThat(array.isArray()).isTrue();
    assertThat(array.get(array.size() - 1).path("candidates").path(0).path("finishReason")
        .asText()).isEqualTo("STOP");
  }

  @Test
  void servesEveryListedModel() throws Exception {
    for (String model : FakeGemini.models()) {
      assertThat(http.generate(model, body("x", "")).statusCode()).as(model).isEqualTo(200);
    }
    assertThat(FakeGemini.models()).containsExactly("gemini-2.5-flash-image",
        "gemini-3-pro-image", "gemini-3.1-flash-image", "gemini-3.1-flash-lite-image",
        "gemini-nano-banana-2.1");
    assertThat(gemini.requestCount()).isEqualTo(5);
  }

  static int distinctColours(BufferedImage image) {
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int i = 1; i < 8; i++) {
      for (int j = 1; j < 8; j++) {
        colours.add(image.getRGB(image.getWidth() * i / 8, image.getHeight() * j / 8) & 0xF0F0F0);
      }
    }
    return colours.size();
  }

  static String base64Png(int width, int height) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }

}
