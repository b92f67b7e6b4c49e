package dev.darkroom.cli;

import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model table a command uses: the built-in one, overlaid by {@code --models-file} (else
 * {@code $DARKROOM_MODELS}), with the default model from {@code $DARKROOM_MODEL} when set.
 */
final class CatalogLoader {
  private CatalogLoader() {}

  static ModelCatalog load(Environment env, ModelTableOptions options) {
    ModelCatalog catalog = ModelCatalog.builtIn();
    String file = options.modelsFile != null ? options.modelsFile : env.get("DARKROOM_MODELS");
    if (file != null) {
      Path path = env.resolve(file);
      if (!Files.isRegularFile(path)) {
        throw CliException.usage("model table " + file + " does not exist"
            + (options.modelsFile != null ? " (--models-file)" : " (DARKROOM_MODELS)"));
      }
      catalog = catalog.withOverrides(path);
    }
    String model = env.get("DARKROOM_MODEL");
    if (model != null) {
      try {
        catalog = catalog.withDefaultModel(model);
      } catch (InvalidRequestException e) {
        throw CliException.usage("DARKROOM_MODEL: " + e.getMessage());
      }
    }
    return catalog;
  }
}
