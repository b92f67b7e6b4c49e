package dev.darkroom.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** How to reach the provider: key, endpoint, deadline. */
final class ConnectionOptions {
  @Option(names = "--api-key", paramLabel = "KEY",
      description = "API key (default: $GEMINI_API_KEY, else $GOOGLE_API_KEY).")
  @Nullable String apiKey;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "API root (default: $GOOGLE_GEMINI_BASE_URL, else Google's endpoint).")
  @Nullable String baseUrl;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
      description = "Deadline for each attempt, in seconds (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;
}
