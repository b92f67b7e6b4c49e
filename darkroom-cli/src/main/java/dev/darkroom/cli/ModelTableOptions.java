package dev.darkroom.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Which model table to use. */
final class ModelTableOptions {
  @Option(names = "--models-file", paramLabel = "FILE",
      description = "Model table (JSON) laid over the built-in one (default: $DARKROOM_MODELS).")
  @Nullable String modelsFile;
}
