package dev.darkroom.cli;

import dev.darkroom.ImageInput;
import dev.darkroom.ImageRequest;
import dev.darkroom.ModelCatalog;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The first request of a session ({@code edit start}, {@code iterate}): model, size and provider options. */
final class EditRequestOptions {
  @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Model id (default: $DARKROOM_MODEL, else the table's default).")
  @Nullable String model;

  @Option(names = {"-a", "--aspect-ratio"}, paramLabel = "W:H", description = "Aspect ratio, e.g. 16:9.")
  @Nullable String aspectRatio;

  @Option(names = {"-s", "--image-size"}, paramLabel = "SIZE", description = "512, 1K, 2K or 4K, as the model allows.")
  @Nullable String imageSize;

  @Option(names = "--size", paramLabel = "WxH|auto", description = "Pixel size for OpenAI models, e.g. 1024x1024.")
  @Nullable String size;

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed, as the model allows.")
  @Nullable String seed;

  @Option(names = "--thinking", paramLabel = "LEVEL", description = "Thinking level, as the model allows.")
  @Nullable String thinking;

  @Option(names = {"-O", "--option"}, paramLabel = "NAME=VALUE", description = "Any option of the model's provider. Repeatable.")
  List<String> providerOptions = new ArrayList<>();

  @Option(names = "--output-dir", paramLabel = "DIR",
      description = "Directory the session's own directory is made in (default: the current directory).")
  @Nullable String outputDir;

  /** Whether any of these options was given. */
  boolean given() {
    return model != null || aspectRatio != null || imageSize != null || size != null || seed != null
        || thinking != null || !providerOptions.isEmpty() || outputDir != null;
  }

  ImageRequest build(ModelCatalog catalog, String prompt, List<ImageInput> images, @Nullable ImageInput mask) {
    ImageRequest.Builder b = ImageRequest.builder(catalog)
        .model(model)
        .prompt(prompt)
        .images(images)
        .aspectRatio(aspectRatio)
        .imageSize(imageSize)
        .size(size)
        .seed(Seeds.parse(seed))
        .mask(mask);
    new ProviderFlags().put("thinkingLevel", thinking).putAll(providerOptions).applyTo(b, catalog, model);
    return b.build();
  }

  java.nio.file.Path directory(Environment env) {
    return outputDir == null ? env.workingDir() : env.resolve(outputDir);
  }
}
