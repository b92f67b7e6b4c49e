package dev.darkroom.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkroom.DarkroomException.Details;
import dev.darkroom.MalformedResponseException;
import dev.darkroom.TransportException;
import dev.darkroom.internal.http.TransportFailures;
import dev.darkroom.spi.Redactor;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The Developer API's {@code models.list} ({@code GET /v1beta/models}), followed through every page
 * ({@code nextPageToken}), reduced to the ids of models that make images with {@code generateContent}.
 */
final class GeminiModelList {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The API's largest page. */
  static final int PAGE_SIZE = 1000;
  /** A guard against a server that keeps handing out page tokens. */
  private static final int MAX_PAGES = 100;

  private GeminiModelList() {}

  /** Sorted image model ids without the {@code models/} prefix. */
  static List<String> read(HttpClient http, String baseUrl, String apiKey, Duration timeout, Redactor redactor,
      String userAgent) {
    TreeSet<String> ids = new TreeSet<>();
    String pageToken = "";
    for (int page = 0; page < MAX_PAGES; page++) {
      JsonNode body = get(http, baseUrl + "/v1beta/models?pageSize=" + PAGE_SIZE
          + (pageToken.isEmpty() ? "" : "&pageToken=" + URLEncoder.encode(pageToken, StandardCharsets.UTF_8)),
          baseUrl, apiKey, timeout, redactor, userAgent);
      for (JsonNode m : body.path("models")) {
        String name = m.path("name").asText("");
        String id = name.startsWith("models/") ? name.substring("models/".length()) : name;
        if (!id.isEmpty() && makesImages(id, m)) {
          ids.add(id);
        }
      }
      pageToken = body.path("nextPageToken").asText("");
      if (pageToken.isEmpty()) {
        return new ArrayList<>(ids);
      }
    }
    throw new MalformedResponseException("the Gemini model list at " + baseUrl + " did not end after " + MAX_PAGES
        + " pages", null, Details.none());
  }

  /**
   * Image models answer {@code generateContent} and say so in their id ({@code …-image}, {@code nano-banana…});
   * the list describes no output modalities, so the id is all there is to go by.
   */
  static boolean makesImages(String id, JsonNode model) {
    boolean generates = false;
    for (JsonNode method : model.path("supportedGenerationMethods")) {
      generates |= method.asText("").equals("generateContent");
    }
    String lower = id.toLowerCase(Locale.ROOT);
    return generates && (lower.contains("-image") || lower.contains("nano-banana"));
  }

  private static JsonNode get(HttpClient http, String url, String baseUrl, String apiKey, Duration timeout,
      Redactor redactor, String userAgent) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
        .header("x-goog-api-key", apiKey)
        .header("User-Agent", userAgent)
        .header("Accept", "application/json")
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() / 100 != 2) {
        throw GeminiErrors.map(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"),
            "models.list", redactor);
      }
      try {
        return JSON.readTree(response.body());
      } catch (IOException e) {
        throw new MalformedResponseException("Gemini sent a malformed model list (" + redactor.redact(e.getMessage())
            + ")", null, Details.none());
      }
    } catch (IOException e) {
      throw TransportFailures.io("gemini", baseUrl, e, redactor);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while reading the Gemini model list", e, Details.none());
    }
  }
}
