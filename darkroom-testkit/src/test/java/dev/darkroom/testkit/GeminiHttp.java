package dev.darkroom.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;

/** A tiny JDK HttpClient wrapper speaking to a FakeGemini, for the tests. */
final class GeminiHttp {
  static final ObjectMapper JSON = new ObjectMapper();

  final HttpClient client;
  final FakeGemini gemini;

  GeminiHttp(FakeGemini gemini) {
    this(gemini, HttpClient.Version.HTTP_1_1);
  }

  GeminiHttp(FakeGemini gemini, HttpClient.Version version) {
    this.gemini = gemini;
    this.client = HttpClient.newBuilder().version(version)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** {"contents":[{"role":"user","parts":[{"text":prompt}]}] + extra top-level fields}. */
  static String body(String prompt, String extraFields) {
    String contents = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":"
        + quote(prompt) + "}]}]";
    return contents + (extraFields.isEmpty() ? "" : "," + extraFields) + "}";
  }

  static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  HttpRequest.Builder request(String model, String method) {
    return HttpRequest.newBuilder(URI.create(gemini.baseUrl() + "/v1beta/models/" + model + ":"
            + method))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json");
  }

  HttpResponse<byte[]> generate(String model, String json) throws IOException,
      InterruptedException {
    return send(request(model, "generateContent").header("x-goog-api-key", "test-key")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  HttpResponse<byte[]> stream(String model, String json) throws IOException,
      InterruptedException {
    return send(request(model, "streamGenerateContent?alt=sse")
        .header("x-goog-api-key", "test-key")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  static JsonNode json(HttpResponse<byte[]> response) throws IOException {
    return JSON.readTree(response.body());
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /** The SSE events of a response body, parsed; checks the exact framing on the way. */
  static List<JsonNode> sseEvents(HttpResponse<byte[]> response) throws IOException {
    String body = text(response);
    List<JsonNode> events = new ArrayList<>();
    for (String frame : body.split("\r\n\r\n", -1)) {
      if (frame.isEmpty()) {
        continue;
      }
      if (!frame.startsWith("data: ") || frame.contains("\n")) {
        throw new AssertionError("Not a single-line SSE data frame: " + frame.substring(0,
            Math.min(80, frame.length())));
      }
      events.add(JSON.readTree(frame.substring("data: ".length())));
    }
    if (!body.endsWith("\r\n\r\n")) {
      throw new AssertionError("Stream does not end with a complete event");
    }
    return events;
  }

  /** The final (non-thought) image of a response, decoded. */
  static BufferedImage finalImage(JsonNode response) throws IOException {
    JsonNode image = null;
    for (JsonNode part : response.path("candidates").path(0).path("content").path("parts")) {
      if (part.has("inlineData") && !part.path("thought").asBoolean(false)) {
        image = part.get("inlineData");
      }
    }
    if (image == null) {
      throw new AssertionError("No final image in " + response.toString().substring(0, 200));
    }
    return decode(image.path("data").asText());
  }

  static BufferedImage decode(String base64) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder()
        .decode(base64)));
    if (image == null) {
      throw new AssertionError("Not a decodable image");
    }
    return image;
  }
}
