package dev.darkroom.testkit;

import static dev.darkroom.testkit.GeminiHttp.body;
import static dev.darkroom.testkit.GeminiHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(FakeGeminiExtension.class)
class ValidationAndAuthTest {

  @Test
  void missingKeyIs403PermissionDenied(FakeGemini gemini) throws Exception {
    GeminiHttp http = new GeminiHttp(gemini);
    HttpResponse<byte[]> response = http.send(http.request("gemini-3-pro-image", "generateContent")
        .POST(HttpRequest.BodyPublishers.ofString(body("x", ""))).build());

    assertThat(response.statusCode()).isEqualTo(403);
    JsonNode error = json(response).path("error");
    assertThat(error.path("code").asInt()).isEqualTo(403);
    assertThat(error.path("status").asText()).isEqualTo("PERMISSION_DENIED");
    assertThat(error.path("message").asText())
        .startsWith("Method doesn't allow unregistered callers");
    assertThat(gemini.requestCount()).as("rejected requests are recorded").isEqualTo(1);
  }

  @Test
  void wrongKeyIs400ApiKeyInvalid(FakeGemini gemini) throws Exception {
    gemini.apiKey("secret-1");
    GeminiHttp http = new GeminiHttp(gemini);

    HttpResponse<byte[]> response = http.generate("gemini-3-pro-image", body("x", ""));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = json(response).path("error");
    assertThat(error.path("status").asText()).isEqualTo("INVALID_ARGUMENT");
    assertThat(error.path("message").asText())
        .isEqualTo("API key not valid. Please pass a valid API key.");
    assertThat(error.path("details").get(0).path("@type").asText())
        .isEqualTo("type.googleapis.com/google.rpc.ErrorInfo");
    assertThat(error.path("details").get(0).path("reason").asText()).isEqualTo("API_KEY_INVALID");
    HttpResponse<byte[]> accepted = http.send(http.request("gemini-3-pro-image",
            "generateContent").header("X-Goog-Api-Key", "secret-1")
        .POST(HttpRequest.BodyPublishers.ofString(body("x", ""))).build());
    assertThat(accepted.statusCode()).isEqualTo(200);
  }

  @Test
  void keyInQueryStringIsNotAccepted(FakeGemini gemini) throws Exception {
    GeminiHttp http = new GeminiHttp(gemini);
    HttpResponse<byte[]> response = http.send(http.request("gemini-3-pro-image",
        "generateContent?key=test-key").POST(HttpRequest.BodyPublishers.ofString(body("x", "")))
        .build());

    assertThat(response.statusCode()).isEqualTo(403);
  }

  @ParameterizedTest
  @CsvSource({"gemini-3-pro-image-preview", "gemini-9-ultra-image"})
  void shutDownAndUnknownModelsAre404(String model, FakeGemini gemini) throws Exception {
    HttpResponse<byte[]> response = new GeminiHttp(gemini).generate(model, body("x", ""));

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode error = json(response).path("error");
    assertThat(error.path("status").asText()).isEqualTo("NOT_FOUND");
    assertThat(error.path("message").asText()).isEqualTo("models/" + model
        + " is not found for API version v1beta, or is not supported for generateContent."
        + " Call ListModels to see the list of available models and their supported methods.");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "gemini-3-pro-image | {\"imageConfig\":{\"imageSize\":\"2k\"}} | imageSize \"2k\"",
      "gemini-nano-banana-2.1 | {\"imageConfig\":{\"imageSize\":\"512\"}} | imageSize \"512\"",
      "gemini-3.1-flash-lite-image | {\"imageConfig\":{\"imageSize\":\"2K\"}} | imageSize \"2K\"",
      "gemini-2.5-flash-image | {\"imageConfig\":{\"imageSize\":\"1K\"}} | not supported",
      "gemini-2.5-flash-image | {\"imageConfig\":{\"aspectRatio\":\"1:4\"}} | aspectRatio \"1:4\"",
      "gemini-3-pro-image | {\"imageConfig\":{\"aspectRatio\":\"8:1\"}} | aspectRatio \"8:1\"",
      "gemini-3-pro-image | {\"imageConfig\":{\"personGeneration\":\"ALLOW_ALL\"}} | Unknown name",
      "gemini-3-pro-image | {\"thinkingConfig\":{\"thinkingBudget\":100,\"thinkingLevel\":\"HIGH\"}} | not both",
      "gemini-3-pro-image | {\"thinkingConfig\":{\"thinkingBudget\":0}} | only works in thinking mode",
      "gemini-3.1-flash-image | {\"thinkingConfig\":{\"thinkingLevel\":\"EXTREME\"}} | thinkingLevel",
      "gemini-2.5-flash-image | {\"thinkingConfig\":{\"includeThoughts\":true}} | Thinking is not supported",
      "gemini-3-pro-image | {\"candidateCount\":2} | Multiple candidates",
      "gemini-3-pro-image | {\"responseModalities\":[\"AUDIO\"]} | response modalities",
  })
  void invalidGenerationConfigIs400(String model, String config, String messagePart,
      FakeGemini gemini) throws Exception {
    HttpResponse<byte[]> response = new GeminiHttp(gemini).generate(model,
        body("x", "\"generationConfig\":" + config));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = json(response).path("error");
    assertThat(error.path("code").asInt()).isEqualTo(400);
    assertThat(error.path("status").asText()).isEqualTo("INVALID_ARGUMENT");
    assertThat(error.path("message").asText()).contains(messagePart);
  }

  @Test
  void snakeCaseConfigIsValidatedToo(FakeGemini gemini) throws Exception {
    HttpResponse<byte[]> response = new GeminiHttp(gemini).generate("gemini-3-pro-image",
        body("x", "\"generation_config\":{\"image_config\":{\"image_size\":\"2k\"}}"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).path("error").path("details").get(0).path("fieldViolations")
        .get(0).path("field").asText()).isEqualTo("generation_config.image_config.image_size");
  }

  @Test
  void googleSearchIsRejectedByFlashImage(FakeGemini gemini) throws Exception {
    HttpResponse<byte[]> response = new GeminiHttp(gemini).generate("gemini-2.5-flash-image",
        body("x", "\"tools\":[{\"google_search\":{}}]"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).path("error").path("message").asText()).contains("Search");
  }

  @Test
  void malformedBodiesAre400(FakeGemini gemini) throws Exception {
    GeminiHttp http = new GeminiHttp(gemini);

    HttpResponse<byte[]> notJson = http.generate("gemini-3-pro-image", "{\"contents\": [");
    HttpResponse<byte[]> noContents = http.generate("gemini-3-pro-image", "{}");
    HttpResponse<byte[]> badBase64 = http.generate("gemini-3-pro-image",
        "{\"contents\":[{\"parts\":[{\"inlineData\":{\"mimeType\":\"image/png\","
            + "\"data\":\"***not base64***\"}}]}]}");

    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(json(notJson).path("error").path("message").asText())
        .startsWith("Invalid JSON payload received.");
    assertThat(noContents.statusCode()).isEqualTo(400);
    assertThat(json(noContents).path("error").path("message").asText())
        .contains("contents is not specified");
    assertThat(badBase64.statusCode()).isEqualTo(400);
    assertThat(json(badBase64).path("error").path("message").asText())
        .contains("contents[0].parts[0].inline_data.data").contains("Base64 decoding failed");
  }

  @Test
  void unknownPathsGetGoogleHtml404(FakeGemini gemini) throws Exception {
    GeminiHttp http = new GeminiHttp(gemini);
    HttpResponse<byte[]> response = http.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(gemini.baseUrl() + "/v1/models")).GET().build());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/html");
    assertThat(GeminiHttp.text(response)).contains("That\u2019s an error.");
  }
}
