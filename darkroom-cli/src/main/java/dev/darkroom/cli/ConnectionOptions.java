package dev.darkroom.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** How to reach the provider: key, endpoint, project and region, deadline. */
final class ConnectionOptions {
  @Option(names = "--api-key", paramLabel = "KEY",
      description = "API key of the model's provider (default: the provider's variable, e.g. $GEMINI_API_KEY"
          + " or $OPENAI_API_KEY).")
  @Nullable String apiKey;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "API root or engine URL of the model's provider (default: the provider's variable, e.g."
          + " $GOOGLE_GEMINI_BASE_URL or $OPENAI_BASE_URL, else its public endpoint).")
  @Nullable String baseUrl;

  @Option(names = "--project", paramLabel = "PROJECT",
      description = "Cloud project of the model's provider (setting <provider>.project; e.g. the Google Cloud"
          + " project that selects Vertex AI for Gemini, default $GOOGLE_CLOUD_PROJECT once Vertex AI is chosen,"
          + " else the credential's, else gcloud's ($CLOUDSDK_CORE_PROJECT, the active gcloud configuration);"
          + " the OpenAI-Project header for OpenAI).")
  @Nullable String project;

  @Option(names = "--location", paramLabel = "LOCATION",
      description = "Region of the model's provider (setting <provider>.location; e.g. a Vertex AI region such as"
          + " us-central1 or global, default $GOOGLE_CLOUD_LOCATION, else global).")
  @Nullable String location;

  @Option(names = "--credentials-file", paramLabel = "FILE",
      description = "Gemini on Vertex AI: a service account key (or gcloud user credentials) JSON file (setting"
          + " <provider>.credentialsFile; default $GOOGLE_APPLICATION_CREDENTIALS, else gcloud's"
          + " application default credentials, else the metadata server on Google Cloud).")
  @Nullable String credentialsFile;

  @Option(names = "--access-token-file", paramLabel = "FILE",
      description = "Gemini on Vertex AI: read an OAuth2 access token (e.g. from 'gcloud auth print-access-token')"
          + " from FILE, or from standard input with -, so that it never appears on the command line (default"
          + " $GOOGLE_OAUTH_ACCESS_TOKEN). Used as is, never written anywhere; a FILE is read again once if"
          + " Vertex AI rejects the token, so another process may refresh it (gcloud auth print-access-token > FILE);"
          + " - cannot be combined with a prompt or other input from standard input.")
  @Nullable String accessTokenFile;

  /** The token read from standard input ({@code --access-token-file -}), once per command: it can be read only once. */
  private @Nullable String accessToken;

  @Option(names = "--engine", paramLabel = "URL",
      description = "Local engines: an engine of a pool; repeat for several (default: the provider's variable, e.g."
          + " $DARKROOM_COMFYUI_URLS).")
  java.util.List<String> engines = new java.util.ArrayList<>();

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
      description = "Deadline for each attempt, in seconds (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  /**
   * The access token piped in with {@code --access-token-file -}, read on first use and trimmed; null
   * otherwise (a file is read by the provider, setting {@code <provider>.accessTokenFile}).
   *
   * @throws CliException (usage) when standard input is empty or holds more than one word
   */
  @Nullable String accessToken(Environment env) {
    if (!"-".equals(accessTokenFile)) {
      return null;
    }
    if (accessToken == null) {
      String token = TextFiles.read(env, "-", "access token").strip();
      if (token.isEmpty() || token.chars().anyMatch(Character::isWhitespace)) {
        throw CliException.usage("--access-token-file -: standard input must hold one access token, e.g. the"
            + " output of 'gcloud auth print-access-token'");
      }
      accessToken = token;
    }
    return accessToken;
  }

  /** Whether the access token is read from standard input ({@code --access-token-file -}), which nothing else may then read. */
  boolean tokenOnStdin() {
    return "-".equals(accessTokenFile);
  }

  /**
   * Refuses, before anything is read, a command whose other inputs read standard input too when the
   * token does: it can be read only once, and the second reader would silently find nothing.
   *
   * @param stdinReaders the command's other inputs that read standard input, as written on the command
   *     line (e.g. {@code --prompt-file -}); empty when none does
   * @throws CliException (usage) naming {@code --access-token-file -} and the first such input
   */
  void refuseSharedStdin(java.util.List<String> stdinReaders) {
    if (tokenOnStdin() && !stdinReaders.isEmpty()) {
      throw CliException.usage("--access-token-file - and " + stdinReaders.get(0) + " both read standard input,"
          + " which can be read only once; put the token in a file (--access-token-file FILE) or in"
          + " $GOOGLE_OAUTH_ACCESS_TOKEN, or the other input in a file");
    }
  }

  /** Whether a flag that applies to one provider only is given. */
  boolean providerSpecific() {
    return apiKey != null || baseUrl != null || project != null || location != null || credentialsFile != null
        || accessTokenFile != null;
  }
}
