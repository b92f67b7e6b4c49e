package dev.darkroom.gemini;

import dev.darkroom.DarkroomException;
import dev.darkroom.spi.Redactor;
import java.net.http.HttpRequest;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Vertex AI's {@code generateContent}: {@code {root}/v1/projects/{project}/locations/{location}/publishers/google/models/{model}:generateContent}
 * with an OAuth2 bearer token, or, in express mode (an API key and no project),
 * {@code {root}/v1/publishers/google/models/{model}:generateContent} with the key in
 * {@code x-goog-api-key}. The root is {@code https://{location}-aiplatform.googleapis.com}, or
 * {@code https://aiplatform.googleapis.com} for the {@code global} location.
 */
final class VertexBackend implements GeminiBackend {
  private final String root;
  private final @Nullable String project;
  private final String location;
  private final @Nullable GoogleCredentials credentials;
  private final @Nullable String apiKey;

  private VertexBackend(String root, @Nullable String project, String location,
      @Nullable GoogleCredentials credentials, @Nullable String apiKey) {
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.project = project;
    this.location = location;
    this.credentials = credentials;
    this.apiKey = apiKey;
  }

  /** Vertex AI for {@code project} in {@code location}, authorised by {@code credentials}. */
  static VertexBackend withCredentials(String root, String project, String location, GoogleCredentials credentials) {
    return new VertexBackend(root, project, location, credentials, null);
  }

  /** Vertex AI express mode: an API key, no project. */
  static VertexBackend express(String root, String apiKey) {
    return new VertexBackend(root, null, "global", null, apiKey);
  }

  /** Google's endpoint for a location: regional host, or the global one for {@code global}. */
  static String defaultRoot(String location) {
    return "global".equals(location) ? "https://aiplatform.googleapis.com"
        : "https://" + location + "-aiplatform.googleapis.com";
  }

  @Override
  public String modelUrl(String model, boolean stream) {
    String scope = project == null ? "" : "/projects/" + project + "/locations/" + location;
    return root + "/v1" + scope + "/publishers/google/models/" + model
        + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
  }

  @Override
  public @Nullable String authorize(HttpRequest.Builder request) {
    if (credentials != null) {
      String token = credentials.accessToken();
      request.header("Authorization", "Bearer " + token);
      return token;
    }
    if (apiKey != null) {
      request.header("x-goog-api-key", apiKey);
    }
    return null;
  }

  @Override
  public boolean renewAfterRejection(@Nullable String rejected) {
    return credentials != null && rejected != null && credentials.invalidate(rejected);
  }

  @Override
  public String root() {
    return root;
  }

  @Override
  public DarkroomException error(int status, String body, Optional<String> retryAfter, String model,
      Redactor redactor) {
    return VertexErrors.map(status, body, retryAfter, model, project, location,
        credentials != null ? credentials.describe() : "the Vertex AI express-mode API key", redactor);
  }

  @Override
  public String toString() {
    return "VertexBackend[" + root + ", project " + project + ", location " + location + ", "
        + (credentials != null ? credentials.describe() : "express-mode API key") + "]";
  }
}
