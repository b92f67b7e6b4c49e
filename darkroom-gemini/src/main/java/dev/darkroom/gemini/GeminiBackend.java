package dev.darkroom.gemini;

import dev.darkroom.DarkroomException;
import dev.darkroom.spi.Redactor;
import java.net.http.HttpRequest;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where {@code generateContent} requests go and how they are authorised: Google's Developer API with
 * an API key ({@link #developer}), or Vertex AI ({@link VertexBackend}). The request and response
 * bodies are the same for both.
 */
interface GeminiBackend {

  /** The URL of {@code model}'s {@code generateContent}, or {@code streamGenerateContent?alt=sse}. */
  String modelUrl(String model, boolean stream);

  /**
   * Adds the credentials to a request (a header; never the URL).
   *
   * @return the renewable credential sent (a bearer token), to pass to {@link #renewAfterRejection}; null for
   *     an API key
   */
  @Nullable String authorize(HttpRequest.Builder request);

  /** The server's root, for messages. */
  String root();

  /** Maps a non-2xx answer to the exception family. */
  DarkroomException error(int status, String body, Optional<String> retryAfter, String model, Redactor redactor);

  /**
   * Called when the server rejected the credentials (401): drops the cached token if it is the one
   * rejected (a concurrent call may have replaced it already).
   *
   * @param rejected what {@link #authorize} returned for the rejected request
   * @return whether sending once more may succeed (a fresh token can be fetched)
   */
  default boolean renewAfterRejection(@Nullable String rejected) {
    return false;
  }

  /** The Developer API ({@code generativelanguage.googleapis.com}) with an API key header. */
  static GeminiBackend developer(String baseUrl, String apiKey) {
    String root = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return new GeminiBackend() {
      @Override
      public String modelUrl(String model, boolean stream) {
        return root + "/v1beta/models/" + model + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
      }

      @Override
      public @Nullable String authorize(HttpRequest.Builder request) {
        request.header("x-goog-api-key", apiKey);
        return null;
      }

      @Override
      public String root() {
        return root;
      }

      @Override
      public DarkroomException error(int status, String body, Optional<String> retryAfter, String model,
          Redactor redactor) {
        return GeminiErrors.map(status, body, retryAfter, model, redactor);
      }

      @Override
      public String toString() {
        return "GeminiBackend[developer " + root + "]";
      }
    };
  }
}
