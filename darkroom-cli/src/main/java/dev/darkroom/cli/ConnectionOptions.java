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
          + " project that selects Vertex AI for Gemini, default $GOOGLE_CLOUD_PROJECT once Vertex AI is chosen;"
          + " the OpenAI-Project header for OpenAI).")
  @Nullable String project;

  @Option(names = "--location", paramLabel = "LOCATION",
      description = "Region of the model's provider (setting <provider>.location; e.g. a Vertex AI region such as"
          + " us-central1 or global, default $GOOGLE_CLOUD_LOCATION, else global).")
  @Nullable String location;

  @Option(names = "--engine", paramLabel = "URL",
      description = "Local engines: an engine of a pool; repeat for several (default: the provider's variable, e.g."
          + " $DARKROOM_COMFYUI_URLS).")
  java.util.List<String> engines = new java.util.ArrayList<>();

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
      description = "Deadline for each attempt, in seconds (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;
}
