package dev.darkroom.gemini;

import dev.darkroom.InvalidRequestException;
import dev.darkroom.spi.ProviderContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the Vertex AI settings of the Gemini provider and builds its backend. Vertex AI is chosen by
 * the setting {@code gemini.backend=vertex} or {@code GOOGLE_GENAI_USE_VERTEXAI=true}; see
 * {@link GeminiProvider} for the settings and the order in which credentials are looked for.
 */
final class VertexSettings {
  private VertexSettings() {}

  /**
   * Whether the context selects Vertex AI rather than the Developer API: the {@code backend} setting, else
   * {@code GOOGLE_GENAI_USE_VERTEXAI}, else whether a {@code project} or {@code location} setting is given
   * (the variables {@code GOOGLE_CLOUD_PROJECT} and {@code GOOGLE_CLOUD_LOCATION} alone do not select it).
   */
  static boolean selected(ProviderContext ctx) {
    Optional<String> backend = ctx.setting("backend");
    if (backend.isPresent()) {
      String b = backend.get().toLowerCase(Locale.ROOT);
      if (!b.equals("vertex") && !b.equals("developer")) {
        throw new InvalidRequestException("gemini.backend '" + backend.get() + "' is not developer or vertex",
            "gemini.backend", List.of("developer", "vertex"));
      }
      return b.equals("vertex");
    }
    Optional<String> env = ctx.env("GOOGLE_GENAI_USE_VERTEXAI");
    if (env.isPresent()) {
      return env.get().equalsIgnoreCase("true") || env.get().equals("1");
    }
    // The Developer API has no project or location: setting one (e.g. --project) means Vertex AI.
    return ctx.setting("project").isPresent() || ctx.setting("location").isPresent();
  }

  /**
   * The Vertex AI backend: with a project, OAuth2 credentials (supplied token, credentials file,
   * gcloud's user credentials, the metadata server when asked for); without one, express mode with
   * an API key.
   *
   * @throws InvalidRequestException naming what to set when neither a project with credentials nor an
   *     API key is configured
   */
  static GeminiBackend backend(ProviderContext ctx, Clock clock) {
    Optional<String> project = ctx.setting("project").or(() -> ctx.env("GOOGLE_CLOUD_PROJECT"));
    String location = ctx.setting("location").or(() -> ctx.env("GOOGLE_CLOUD_LOCATION")).orElse("global");
    if (!location.matches("[a-z0-9-]+")) {
      throw new InvalidRequestException("gemini.location '" + location + "' is not a Vertex AI location such as"
          + " global or us-central1", "gemini.location", List.of("global", "us-central1", "europe-west4"));
    }
    String root = ctx.url("vertexBaseUrl", VertexBackend.defaultRoot(location), "GOOGLE_VERTEX_BASE_URL");
    if (project.isEmpty()) {
      Optional<String> key = ctx.secret("apiKey", "GOOGLE_API_KEY");
      if (key.isPresent()) {
        return VertexBackend.express(ctx.url("vertexBaseUrl", VertexBackend.defaultRoot("global"),
            "GOOGLE_VERTEX_BASE_URL"), key.get());
      }
      if (ctx.describeOnly()) {
        return VertexBackend.express(root, "unused");
      }
      throw new InvalidRequestException("Vertex AI needs a project: set GOOGLE_CLOUD_PROJECT or the client setting"
          + " gemini.project (with GOOGLE_CLOUD_LOCATION or gemini.location, default global), or, for express"
          + " mode, a Vertex AI API key in GOOGLE_API_KEY or gemini.apiKey", "gemini.project", List.of());
    }
    if (!project.get().matches("[a-z0-9:.-]+")) {
      throw new InvalidRequestException("gemini.project '" + project.get() + "' is not a Google Cloud project id",
          "gemini.project", List.of());
    }
    GoogleCredentials.Grant grant = ctx.describeOnly() ? GoogleCredentials.supplied("unused") : grant(ctx, clock);
    return VertexBackend.withCredentials(root, project.get(), location,
        new GoogleCredentials(grant, clock, ctx.redactor()));
  }

  /** Credentials in order: supplied token, credentials file, gcloud's user credentials, metadata server if asked. */
  private static GoogleCredentials.Grant grant(ProviderContext ctx, Clock clock) {
    Optional<String> token = ctx.secret("accessToken");
    if (token.isPresent()) {
      return GoogleCredentials.supplied(token.get());
    }
    String tokenUrl = ctx.setting("tokenUrl").orElse(null);
    if (tokenUrl != null) {
      tokenUrl = ctx.url("tokenUrl", GoogleCredentials.DEFAULT_TOKEN_URL);
    }
    Optional<String> file = ctx.setting("credentialsFile").or(() -> ctx.env("GOOGLE_APPLICATION_CREDENTIALS"));
    if (file.isPresent()) {
      Path path = Path.of(file.get());
      if (!Files.isReadable(path)) {
        throw new InvalidRequestException("Google credentials file " + path + " (gemini.credentialsFile or"
            + " GOOGLE_APPLICATION_CREDENTIALS) does not exist or cannot be read", "gemini.credentialsFile", List.of());
      }
      return GoogleCredentials.fromFile(path, tokenUrl, ctx.http(), clock, ctx.redactor(), ctx.userAgent());
    }
    if (ctx.setting("credentials").map(c -> c.equalsIgnoreCase("metadata")).orElse(false)) {
      return GoogleCredentials.metadataServer(ctx.url("metadataUrl", GoogleCredentials.DEFAULT_METADATA_URL),
          ctx.http(), clock, ctx.redactor());
    }
    Optional<Path> gcloud = gcloudUserCredentials(ctx);
    if (gcloud.isPresent()) {
      return GoogleCredentials.fromFile(gcloud.get(), tokenUrl, ctx.http(), clock, ctx.redactor(), ctx.userAgent());
    }
    throw new InvalidRequestException("no Google Cloud credentials for Vertex AI: run 'gcloud auth"
        + " application-default login', or set GOOGLE_APPLICATION_CREDENTIALS (or gemini.credentialsFile) to a"
        + " service account key file, or pass an access token in gemini.accessToken; on Google Cloud, set"
        + " gemini.credentials=metadata", "gemini.credentialsFile", List.of());
  }

  /** gcloud's application default credentials file, when it exists. */
  static Optional<Path> gcloudUserCredentials(ProviderContext ctx) {
    Optional<Path> dir = ctx.env("CLOUDSDK_CONFIG").map(Path::of)
        .or(() -> ctx.env("APPDATA").map(a -> Path.of(a, "gcloud")))
        .or(() -> ctx.env("HOME").map(h -> Path.of(h, ".config", "gcloud")));
    return dir.map(d -> d.resolve("application_default_credentials.json")).filter(Files::isReadable);
  }
}
