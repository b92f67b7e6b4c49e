package dev.darkroom.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** How to reach the provider: key, endpoint, deadline. */
final class ConnectionOptions {
  @Option(names = "--api-key", paramLabel = "KEY",
      description = "API key of the model's provider (default: $GEMINI_API_KEY, else $GOOGLE_API_KEY;"
          + " for OpenAI models $OPENAI_API_KEY).")
  @Nullable String apiKey;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "API root of the model's provider (default: $GOOGLE_GEMINI_BASE_URL, else Google's endpoint;"
          + " for OpenAI models $OPENAI_BASE_URL, else https://api.openai.com/v1, or any OpenAI-compatible gateway).")
  @Nullable String baseUrl;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
      description = "Deadline for each attempt, in seconds (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;
}
