package dev.darkroom.gemini;

import dev.darkroom.InvalidRequestException;
import dev.darkroom.spi.ProviderContext;
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

  /** {@link #backend(ProviderContext, Clock, MetadataServer.Probe)} with the process's metadata probe. */
  static GeminiBackend backend(ProviderContext ctx, Clock clock) {
    return backend(ctx, clock, MetadataServer.PROCESS);
  }

  /**
   * The Vertex AI backend. A project (setting or {@code GOOGLE_CLOUD_PROJECT}) with OAuth2 credentials
   * found by {@link CredentialChain}; without a project, an API key selects express mode, else the
   * credentials' own project is used (a service account key's {@code project_id}, the metadata server's
   * project), else gcloud's ({@link GcloudConfig}: {@code CLOUDSDK_CORE_PROJECT}, else the active
   * configuration's {@code core/project}). The first found of these wins, in this order.
   *
   * @param probe asked whether a metadata server answers, when nothing else is configured
   * @throws InvalidRequestException naming what to set and where credentials were looked for when
   *     neither a project with credentials nor an API key is configured
   */
  static GeminiBackend backend(ProviderContext ctx, Clock clock, MetadataServer.Probe probe) {
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
    }
    project.ifPresent(VertexSettings::checkProject);
    if (ctx.describeOnly()) {
      return VertexBackend.withCredentials(root, project.orElseThrow(), location,
          new GoogleCredentials(GoogleCredentials.supplied("unused"), clock, ctx.redactor()));
    }
    CredentialChain.Found found = CredentialChain.find(ctx, clock, probe,
        project.isEmpty() && GcloudConfig.project(ctx).isEmpty());
    if (project.isEmpty()) {
      project = found.project().get().or(() -> GcloudConfig.project(ctx));
      if (project.isEmpty()) {
        throw new InvalidRequestException("Vertex AI needs a project: pass --project or set GOOGLE_CLOUD_PROJECT"
            + " (client setting gemini.project; with GOOGLE_CLOUD_LOCATION or gemini.location, default global),"
            + " or run 'gcloud config set project'; the credentials in use, " + found.grant().describe()
            + ", name none, nor does gcloud's configuration (" + GcloudConfig.describe(ctx) + ")."
            + " For express mode instead, set a Vertex AI API key in GOOGLE_API_KEY or gemini.apiKey",
            "gemini.project", List.of());
      }
      checkProject(project.get());
    }
    return VertexBackend.withCredentials(root, project.get(), location,
        new GoogleCredentials(found.grant(), clock, ctx.redactor()));
  }

  private static void checkProject(String project) {
    if (!project.matches("[a-z0-9:.-]+")) {
      throw new InvalidRequestException("gemini.project '" + project + "' is not a Google Cloud project id",
          "gemini.project", List.of());
    }
  }
}
