package dev.darkroom.cli;

import dev.darkroom.history.GenerationStatus;
import dev.darkroom.history.History;
import dev.darkroom.history.HistoryQuery;
import dev.darkroom.studio.dataset.DatasetExport;
import dev.darkroom.studio.dataset.DatasetFormat;
import dev.darkroom.studio.dataset.DatasetItem;
import dev.darkroom.studio.dataset.DatasetSources;
import dev.darkroom.studio.dataset.DatasetSummary;
import dev.darkroom.studio.dataset.SkippedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code darkroom dataset export}: copies images from the history or a folder into a training folder. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Copies generated images into a LoRA / textual-inversion training folder with captions:"
          + " kohya (DIR/N_name/0001.png + 0001.txt) or diffusers (DIR/0001.png + metadata.jsonl).",
      "Images come from a run (--run), a history search (--search, --since, --until, -m) or a folder (--folder;"
          + " captions from the embedded provenance or a sidecar .txt). Captions are the prompts, or --template.",
      "Duplicates (same SHA-256), images under --min-size and unreadable files are skipped and counted;"
          + " sources are never changed, and nothing existing is overwritten.",
      "Example: darkroom dataset export --run RUN_ID --name wrong --repeats 10 --trigger wrong --min-size 512 -o train",
    })
final class DatasetExportCommand implements Callable<Integer>, JsonReporting, ReadsHistory {
  private final Environment env;

  @Spec CommandSpec spec;

  @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", required = true,
      description = "The training folder (created; kohya's --train_data_dir). Its image folder must be new or empty.")
  String directory = "";

  @Option(names = "--run", paramLabel = "RUN_ID", description = "The images of this run (a batch run or one darkroom invocation).")
  @Nullable String run;

  @Option(names = "--search", paramLabel = "TEXT", description = "The images whose prompts contain all these words.")
  @Nullable String search;

  @Option(names = "--since", paramLabel = "WHEN", description = "Only generations from then on: today, 2026-11-01, or an age such as 12h or 7d.")
  @Nullable String since;

  @Option(names = "--until", paramLabel = "WHEN", description = "Only generations before then (a date includes that day).")
  @Nullable String until;

  @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Only this model's generations.")
  @Nullable String model;

  @Option(names = "--folder", paramLabel = "DIR", description = "The images in this folder (.png, .jpg, .jpeg, .webp) instead of the history.")
  @Nullable String folder;

  @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "10000",
      description = "From the history, at most the N newest generations (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "kohya", description = "kohya or diffusers (default: ${DEFAULT-VALUE}).")
  String format = "kohya";

  @Option(names = "--name", paramLabel = "NAME", defaultValue = "dataset",
      description = "The concept: kohya's folder is REPEATS_NAME, and {name} in --template (default: ${DEFAULT-VALUE}).")
  String name = "dataset";

  @Option(names = "--repeats", paramLabel = "N", defaultValue = "1", description = "kohya repeats per epoch, the N of N_name (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--caption", paramLabel = "prompt|template", defaultValue = "prompt",
      description = "Captions from the recorded prompts (default) or from --template.")
  String caption = "prompt";

  @Option(names = "--template", paramLabel = "TEXT",
      description = "Caption template with {name} and {prompt}, e.g. \"a photo of {name}, {prompt}\"; implies --caption template.")
  @Nullable String template;

  @Option(names = "--trigger", paramLabel = "WORD", description = "A word put in front of every caption.")
  @Nullable String trigger;

  @Option(names = "--min-size", paramLabel = "PX", defaultValue = "0",
      description = "Skip images whose shorter side is under PX pixels (default: no minimum).")
  int minSize;

  @Mixin HomeOptions home;

  @Option(names = "--json", description = "Print the summary as one JSON object on standard output.")
  boolean json;

  private boolean noHistory;

  DatasetExportCommand(Environment env) {
    this.env = env;
  }

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() {
    DatasetExport export = export();
    List<DatasetItem> items = items();
    DatasetSummary summary;
    try {
      summary = export.export(items);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (json) {
      Json.print(out, DatasetJson.of(summary));
    } else {
      summary.skipped().forEach(s -> err.println("darkroom: skipped " + s.source() + ": " + s.detail()));
      printSummary(out, summary);
    }
    if (summary.images().isEmpty()) {
      String why = !items.isEmpty() ? "every image was skipped" : noHistory ? home.noHistoryYet(env) : "no images match";
      err.println("darkroom: nothing exported: " + why);
      err.flush();
      return ExitCodes.OTHER;
    }
    if (summary.withoutPrompt() > 0 && !json) {
      err.println("darkroom: warning: " + summary.withoutPrompt() + " images had no known prompt; their captions hold only"
          + " the trigger and template text");
    }
    err.flush();
    return ExitCodes.OK;
  }

  private DatasetExport export() {
    DatasetFormat f;
    try {
      f = DatasetFormat.parse(format);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--format: " + e.getMessage());
    }
    boolean templated = switch (caption.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "prompt" -> template != null;
      case "template" -> true;
      default -> throw CliException.usage("invalid --caption '" + caption + "'; allowed: prompt, template");
    };
    if (templated && (template == null || template.isBlank())) {
      throw CliException.usage("--caption template needs --template, e.g. --template \"a photo of {name}, {prompt}\"");
    }
    if (caption.strip().equalsIgnoreCase("prompt") && template != null && spec.commandLine().getParseResult()
        .hasMatchedOption("--caption")) {
      throw CliException.usage("--template is for --caption template, not --caption prompt");
    }
    try {
      return DatasetExport.builder().directory(env.resolve(directory)).format(f).name(name).repeats(repeats)
          .minSize(minSize).template(templated ? template : null).trigger(trigger).build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage("invalid option: " + e.getMessage());
    }
  }

  private List<DatasetItem> items() {
    boolean fromHistory = run != null || search != null || since != null || until != null || model != null;
    if (folder != null) {
      if (fromHistory) {
        throw CliException.usage("--folder reads images from a folder; it cannot be combined with --run, --search,"
            + " --since, --until or -m, which read the history");
      }
      try {
        return DatasetSources.fromFolder(env.resolve(folder));
      } catch (IllegalArgumentException e) {
        throw CliException.usage("--folder: " + e.getMessage());
      }
    }
    if (!fromHistory) {
      throw CliException.usage("choose the images: --run RUN_ID, a history search (--search TEXT, --since WHEN, -m MODEL)"
          + " or --folder DIR");
    }
    HistoryQuery query = query();
    Optional<History> existing = home.openExisting(env);
    if (existing.isEmpty()) {
      noHistory = true;
      return List.of();
    }
    try (History history = existing.get()) {
      return DatasetSources.fromHistory(history, query);
    }
  }

  private HistoryQuery query() {
    if (limit < 1 || limit > HistoryQuery.MAX_LIMIT) {
      throw CliException.usage("invalid --limit " + limit + "; allowed: 1 to " + HistoryQuery.MAX_LIMIT);
    }
    HistoryQuery.Builder b = HistoryQuery.builder()
        .since(since == null ? null : TimeArguments.since(since, "--since", env.clock()))
        .until(until == null ? null : TimeArguments.until(until, "--until", env.clock()))
        .model(model).search(search).runId(run).status(GenerationStatus.SUCCEEDED).limit(limit);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--since " + since + " is after --until " + until);
    }
  }

  private void printSummary(PrintWriter out, DatasetSummary s) {
    out.println("dataset: " + env.display(s.imageDirectory()) + " (" + s.format().id()
        + (s.format() == DatasetFormat.KOHYA ? ", " + repeats + (repeats == 1 ? " repeat" : " repeats") : "") + ")");
    out.println(s.images().size() + " of " + s.candidates() + " images exported; skipped: "
        + s.skipped(SkippedImage.Reason.DUPLICATE) + " duplicates, " + s.skipped(SkippedImage.Reason.TOO_SMALL)
        + " too small" + (minSize > 0 ? " (under " + minSize + " px)" : "") + ", "
        + s.skipped(SkippedImage.Reason.UNREADABLE) + " unreadable");
    if (!s.buckets().isEmpty()) {
      out.println("SDXL buckets: " + s.buckets().entrySet().stream().map(e -> e.getKey() + " \u00d7" + e.getValue())
          .collect(Collectors.joining(", ")));
    }
    s.metadataFile().ifPresent(m -> out.println("captions: " + env.display(m)));
    if (!s.images().isEmpty()) {
      Path dir = s.directory();
      out.println(s.format() == DatasetFormat.KOHYA
          ? "train with kohya sd-scripts: --train_data_dir " + env.display(dir) + " --caption_extension .txt"
          : "train with diffusers: --train_data_dir " + env.display(dir) + " --caption_column text");
    }
    out.flush();
  }
}
