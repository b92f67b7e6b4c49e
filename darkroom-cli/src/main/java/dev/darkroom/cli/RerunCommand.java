package dev.darkroom.cli;

import dev.darkroom.ImageRequest;
import dev.darkroom.ModelCatalog;
import dev.darkroom.SaveOptions;
import dev.darkroom.history.GenerationRecord;
import dev.darkroom.history.History;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code darkroom rerun ID}: sends a recorded generation's exact request again (same prompt,
 * parameters, seed, and reference images checked by SHA-256), optionally with a few changes.
 */
@Command(
    name = "rerun",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Repeats a recorded generation with exactly the same request: prompt, system prompt, parameters, seed and"
          + " reference images, which must still be the same files (checked by SHA-256).",
      "Reference images are downscaled to the recorded longest side, so the same bytes are sent again,"
          + " unless --max-input-side or --no-resize is given.",
      "The options change one thing, e.g. -m for a side-by-side comparison on another model."
          + " The new call is recorded too.",
      "Example: darkroom rerun 42 -m gemini-3.1-flash-image",
    })
final class RerunCommand implements Callable<Integer>, JsonReporting {
  private final Environment env;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "The generation's id, as 'darkroom history' lists it.")
  long id;

  @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Use this model instead.")
  @Nullable String model;

  @Option(names = "--seed", paramLabel = "SEED", description = "Use this seed instead.")
  @Nullable String seed;

  @Option(names = {"-a", "--aspect-ratio"}, paramLabel = "W:H", description = "Use this aspect ratio instead.")
  @Nullable String aspectRatio;

  @Option(names = {"-s", "--image-size"}, paramLabel = "SIZE", description = "Use this image size instead.")
  @Nullable String imageSize;

  @Mixin OutputOptions output;

  @Mixin InputSizeOptions inputSize;

  @Mixin ModelTableOptions modelTable;

  @Mixin ConnectionOptions connection;

  @Mixin HistoryOptions history;

  @Mixin TimingOptions timings;

  @Option(names = "--json", description = "Print one JSON object on standard output instead of text.")
  boolean json;

  @Option(names = "--dry-run", description = "Print the request and its estimated cost; send nothing.")
  boolean dryRun;

  RerunCommand(Environment env) {
    this.env = env;
  }

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() {
    PhaseTimer timer = timings.start();
    ModelCatalog catalog = CatalogLoader.load(env, modelTable);
    timer.mark(PhaseTimer.CATALOG);
    SaveOptions.Builder save = output.toSaveOptions(env);
    OptionalInt givenMaxSide = inputSize.given();
    try (History store = history.location.open(env, HistoryOptions.staleAfter(connection.timeoutSeconds))) {
      timer.mark(PhaseTimer.HISTORY_OPEN);
      GenerationRecord original = HistoryShowCommand.find(store, id);
      ImageRequest request = withOverrides(store.rebuildRequest(original, catalog), catalog);
      timer.mark(PhaseTimer.REQUEST);
      int maxInputSide = givenMaxSide.orElse(
          original.request().maxInputSide().orElse(InputSizeOptions.DEFAULT_MAX_SIDE));
      GenerationExecution execution = new GenerationExecution(env, spec.commandLine(), connection, catalog,
          maxInputSide, json).timed(timer);
      if (dryRun) {
        return execution.dryRun(request);
      }
      boolean thoughts = request.providerOptions().map(o -> Boolean.TRUE.equals(o.values().get("includeThoughts")))
          .orElse(false);
      return execution.generate(request, save.saveThoughtImages(thoughts).build(), thoughts,
          history.disabled ? null : store, id);
    }
  }

  private ImageRequest withOverrides(ImageRequest original, ModelCatalog catalog) {
    ImageRequest.Builder b = original.newBuilder(catalog);
    if (model != null) {
      b.model(model);
    }
    if (seed != null) {
      b.seed(Seeds.parse(seed));
    }
    if (aspectRatio != null) {
      b.aspectRatio(aspectRatio);
    }
    if (imageSize != null) {
      b.imageSize(imageSize);
    }
    return b.build();
  }
}
