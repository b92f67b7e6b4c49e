package dev.darkroom.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkroom.DarkroomException.Details;
import dev.darkroom.MalformedResponseException;
import dev.darkroom.TransportException;
import dev.darkroom.internal.http.TransportFailures;
import dev.darkroom.spi.Redactor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v1/models} (one page, {@code {"object":"list","data":[{"id":…}]}}), reduced to the image
 * models: ids starting {@code gpt-image}, {@code chatgpt-image} or {@code dall-e}.
 */
final class OpenAiModelList {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OpenAiModelList() {}

  /** Sorted image model ids. */
  static List<String> read(HttpClient http, String baseUrl, String apiKey, @Nullable String organization,
      @Nullable String project, Duration timeout, Redactor redactor, String userAgent) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/models")).timeout(timeout).GET()
        .header("Authorization", "Bearer " + apiKey)
        .header("User-Agent", userAgent)
        .header("Accept", "application/json");
    if (organization != null) {
      request.header("OpenAI-Organization", organization);
    }
    if (project != null) {
      request.header("OpenAI-Project", project);
    }
    JsonNode body;
    try {
      HttpResponse<String> response = http.send(request.build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() / 100 != 2) {
        throw OpenAiErrors.map(response.statusCode(), response.body(), h -> response.headers().firstValue(h),
            "models", List.of(), redactor);
      }
      body = JSON.readTree(response.body());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new MalformedResponseException("OpenAI sent a malformed model list (" + redactor.redact(e.getMessage())
          + ")", null, Details.none());
    } catch (IOException e) {
      throw TransportFailures.io("openai", baseUrl, e, redactor);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while reading the OpenAI model list", e, Details.none());
    }
    TreeSet<String> ids = new TreeSet<>();
    for (JsonNode m : body.path("data")) {
      String id = m.path("id").asText("");
      if (isImageModel(id)) {
        ids.add(id);
      }
    }
    return new ArrayList<>(ids);
  }

  static boolean isImageModel(String id) {
    return id.startsWith("gpt-image") || id.startsWith("chatgpt-image") || id.startsWith("dall-e");
  }
}
