package dev.darkroom.gemini;

import dev.darkroom.InvalidRequestException;
import dev.darkroom.spi.ProviderContext;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the Google Cloud credentials for Vertex AI the way Application Default Credentials do; the
 * first found wins:
 * <ol>
 *   <li>an access token: the setting {@code accessToken}, else {@value #TOKEN_ENV}; or the file named by
 *       {@code accessTokenFile} (its content, trimmed), used as is, and read again once when Vertex AI
 *       rejects it (another process may have written a fresh one);</li>
 *   <li>a credentials file: {@code credentialsFile}, else {@code GOOGLE_APPLICATION_CREDENTIALS};</li>
 *   <li>{@code credentials=metadata}: the metadata server, without probing ({@code metadataUrl}, else
 *       {@code GCE_METADATA_HOST}, else {@value MetadataServer#HOST});</li>
 *   <li>gcloud's {@code application_default_credentials.json} under {@code CLOUDSDK_CONFIG}, else
 *       {@code %APPDATA%/gcloud}, else {@code $HOME/.config/gcloud};</li>
 *   <li>the metadata server, when a probe finds one ({@link MetadataServer}).</li>
 * </ol>
 * When none is found, the error names every place looked at and how to provide one.
 */
final class CredentialChain {
  /** The variable holding a supplied access token, as gcloud-using tools (e.g. Terraform's Google provider) read it. */
  static final String TOKEN_ENV = "GOOGLE_OAUTH_ACCESS_TOKEN";

  /** A credential and the project it implies, if any (a service account's, the metadata server's). */
  record Found(GoogleCredentials.Grant grant, Supplier<Optional<String>> project) {}

  private CredentialChain() {}

  /**
   * @param projectMissing whether no project is configured (the error then says to set one)
   * @throws InvalidRequestException when nothing is found, listing the places looked at, or when a
   *     named file cannot be read
   */
  static Found find(ProviderContext ctx, Clock clock, MetadataServer.Probe probe, boolean projectMissing) {
    List<String> looked = new ArrayList<>();
    Optional<String> token = ctx.secret("accessToken", TOKEN_ENV);
    if (token.isPresent()) {
      String from = ctx.setting("accessToken").isPresent() ? "gemini.accessToken or --access-token-file -" : TOKEN_ENV;
      return new Found(GoogleCredentials.supplied(token.get(), "the supplied access token (" + from + ")"), Optional::empty);
    }
    Optional<String> tokenFile = ctx.setting("accessTokenFile");
    if (tokenFile.isPresent()) {
      return new Found(GoogleCredentials.tokenFile(Path.of(tokenFile.get()), f -> readToken(ctx, f),
          "the access token from " + tokenFile.get()), Optional::empty);
    }
    looked.add("an access token (gemini.accessToken, gemini.accessTokenFile, " + TOKEN_ENV + "): none");

    String tokenUrl = ctx.setting("tokenUrl").isPresent() ? ctx.url("tokenUrl", GoogleCredentials.DEFAULT_TOKEN_URL) : null;
    Optional<String> file = ctx.setting("credentialsFile").or(() -> ctx.env("GOOGLE_APPLICATION_CREDENTIALS"));
    if (file.isPresent()) {
      Path path = Path.of(file.get());
      if (!Files.isReadable(path)) {
        throw new InvalidRequestException("Google credentials file " + path + " (gemini.credentialsFile or"
            + " GOOGLE_APPLICATION_CREDENTIALS) does not exist or cannot be read", "gemini.credentialsFile", List.of());
      }
      return new Found(GoogleCredentials.fromFile(path, tokenUrl, ctx.http(), clock, ctx.redactor(), ctx.userAgent()),
          () -> GoogleCredentials.projectOf(path));
    }
    looked.add("a credentials file (gemini.credentialsFile, GOOGLE_APPLICATION_CREDENTIALS): not set");

    if (ctx.setting("credentials").map(c -> c.equalsIgnoreCase("metadata")).orElse(false)) {
      String host = ctx.env("GCE_METADATA_HOST").orElse(MetadataServer.HOST);
      String url = ctx.url("metadataUrl", MetadataServer.tokenUrl(host));
      String urlHost = URI.create(url).getRawAuthority();
      return metadata(ctx, clock, url, urlHost == null ? host : urlHost);
    }

    Optional<Path> gcloudDir = gcloudDirectory(ctx);
    if (gcloudDir.isPresent()) {
      Path gcloud = gcloudDir.get().resolve("application_default_credentials.json");
      if (Files.isReadable(gcloud)) {
        return new Found(GoogleCredentials.fromFile(gcloud, tokenUrl, ctx.http(), clock, ctx.redactor(),
            ctx.userAgent()), Optional::empty);
      }
      looked.add("gcloud's user credentials (" + gcloud + "): not found");
    } else {
      looked.add("gcloud's user credentials (CLOUDSDK_CONFIG, APPDATA and HOME not set): not found");
    }

    if (MetadataServer.probingDisabled(ctx)) {
      looked.add("the metadata server: not probed (NO_GCE_CHECK=true)");
    } else {
      Optional<String> host = MetadataServer.find(ctx, probe);
      if (host.isPresent()) {
        return metadata(ctx, clock, MetadataServer.tokenUrl(host.get()), host.get());
      }
      looked.add("the metadata server (" + String.join(", ", MetadataServer.candidates(ctx))
          + "): no answer, not on Google Cloud");
    }
    String needs = projectMissing
        ? "Vertex AI needs a project (--project, GOOGLE_CLOUD_PROJECT or gemini.project) and Google Cloud"
            + " credentials, or an express-mode API key (GOOGLE_API_KEY or gemini.apiKey) and no project"
        : "no Google Cloud credentials for Vertex AI";
    throw new InvalidRequestException(needs + ". Looked for: " + String.join("; ", looked) + ". To fix, one of:"
        + " run 'gcloud auth application-default login'; set GOOGLE_APPLICATION_CREDENTIALS (or --credentials-file,"
        + " gemini.credentialsFile) to a service account key file; pass an access token with --access-token-file"
        + " (or " + TOKEN_ENV + ", gemini.accessToken); on Google Cloud, attach a service account to the VM or"
        + " service", "gemini.credentialsFile", List.of());
  }

  private static Found metadata(ProviderContext ctx, Clock clock, String tokenUrl, String host) {
    return new Found(GoogleCredentials.metadataServer(tokenUrl, ctx.http(), clock, ctx.redactor()),
        () -> Optional.of(MetadataServer.projectId(ctx.http(), host)));
  }

  /** gcloud's configuration directory: {@code CLOUDSDK_CONFIG}, else under {@code APPDATA}, else {@code ~/.config/gcloud}. */
  static Optional<Path> gcloudDirectory(ProviderContext ctx) {
    return ctx.env("CLOUDSDK_CONFIG").map(Path::of)
        .or(() -> ctx.env("APPDATA").map(a -> Path.of(a, "gcloud")))
        .or(() -> ctx.env("HOME").map(h -> Path.of(h, ".config", "gcloud")));
  }

  /** The token in a file, trimmed and registered with the redactor; refused when unreadable or empty. */
  private static String readToken(ProviderContext ctx, Path file) {
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new InvalidRequestException("cannot read the access token file " + file + " (gemini.accessTokenFile): "
          + e.getClass().getSimpleName(), "gemini.accessTokenFile", List.of());
    }
    if (token.isEmpty() || token.chars().anyMatch(Character::isWhitespace)) {
      throw new InvalidRequestException("the access token file " + file + " (gemini.accessTokenFile) must hold one"
          + " token, e.g. the output of 'gcloud auth print-access-token'", "gemini.accessTokenFile", List.of());
    }
    ctx.redactor().add(token);
    return token;
  }
}
