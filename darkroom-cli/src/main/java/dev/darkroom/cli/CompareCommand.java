package dev.darkroom.cli;

import dev.darkroom.Darkroom;
import dev.darkroom.ErrorKind;
import dev.darkroom.GenerationRecorder;
import dev.darkroom.ImageRequest;
import dev.darkroom.ModelCatalog;
import dev.darkroom.history.History;
import dev.darkroom.studio.Comparison;
import dev.darkroom.studio.ComparisonRunner;
import dev.darkroom.studio.ComparisonSheet;
import dev.darkroom.studio.Panel;
import dev.darkroom.studio.Variant;
import java.io.PrintWriter;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code darkroom compare}: one prompt, several variants, one captioned sheet (PNG + HTML). */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Runs variants of one prompt (models, system prompts, parameters) with the same seed per column and"
          + " composes one captioned comparison sheet: PNG (every panel's provenance in its metadata) and HTML.",
      "Example: darkroom compare \"a lighthouse at dusk\" -m gemini-2.5-flash-image -m gemini-3-pro-image",
      "Example: darkroom compare \"a fox\" --variant base=\"\" --variant styled=\"--system-prompt @style.md\" --repeat 3",
      "Example: darkroom compare --prompt-file brief.md -m gemini-2.5-flash-image -m gemini-3-pro-image --json",
      "Example: darkroom compare \"a fox\" -m gemini-2.5-flash-image -m gemini-3-pro-image -a 3:2 --seed 7",
      "Example: darkroom compare --from-history 41 42 43",
      "Blocked or failed variants get a panel saying what happened.",
    })
final class CompareCommand implements Callable<Integer>, JsonReporting, ReadsHistory {
  private final Environment env;

  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "PROMPT", description = "The shared prompt (or use --prompt-file).")
  @Nullable String prompt;

  @Option(names = "--prompt-file", paramLabel = "FILE", description = "Read the shared prompt from a (Markdown) file; '-' reads standard input.")
  @Nullable String promptFile;

  @Option(names = "--variant", paramLabel = "LABEL=FLAGS",
      description = "A row: a label and 'generate' flags that change the shared request, e.g."
          + " pro=\"-m gemini-3-pro-image --thinking high\". Allowed: -m, -a, -s, --seed, --temperature,"
          + " --system-prompt, --thinking, --search, -i, --image-only, --safety, or a prompt. Repeatable.")
  List<String> variants = new ArrayList<>();

  @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Shorthand for a variant on this model. Repeatable.")
  List<String> models = new ArrayList<>();

  @Option(names = {"-k", "--repeat"}, paramLabel = "K", defaultValue = "1",
      description = "Run each variant K times (columns), one seed per column (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--from-history", paramLabel = "ID", arity = "1..*",
      description = "Lay out these recorded generations instead of making new ones.")
  List<Long> fromHistory = new ArrayList<>();

  @Option(names = "--shared", paramLabel = "FLAGS",
      description = "'generate' flags for every variant, e.g. \"-a 16:9 --seed 7 -i ref.png\"; -a, -s, --seed,"
          + " --temperature, --system-prompt, --thinking, --search, -i, --image-only and --safety may also be"
          + " given directly.")
  @Nullable String shared;

  @Mixin CompareSharedOptions sharedOptions;

  @Option(names = "--output-dir", paramLabel = "DIR", description = "Directory for the sheet and the panel images (default: the current directory).")
  @Nullable String outputDir;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE.png", description = "The sheet's file name (default: compare-<prompt>.png).")
  @Nullable String output;

  @Option(names = "--panel-width", paramLabel = "PX", defaultValue = "320", description = "Panel width in pixels (default: ${DEFAULT-VALUE}).")
  int panelWidth;

  @Option(names = "--prompt-lines", paramLabel = "N", defaultValue = "8", description = "Lines of prompt under the sheet before it is cut (default: ${DEFAULT-VALUE}).")
  int promptLines;

  @Mixin ModelTableOptions modelTable;

  @Mixin ConnectionOptions connection;

  @Mixin HistoryOptions history;

  @Option(names = "--json", description = "Print one JSON object on standard output instead of text: the sheet and page,"
      + " every panel (row, col, label, model, status, path, seed, costUsd, latencyMs, reason), the total and the run id.")
  boolean json;

  CompareCommand(Environment env) {
    this.env = env;
  }

  @Override
  public boolean jsonRequested() {
    return json;
  }

  /** A comparison with the run its calls were recorded under (null when none) and the warnings seen. */
  private record Outcome(Comparison comparison, @Nullable String runId, List<String> warnings) {}

  @Override
  public boolean readsHistoryOnly() {
    return !fromHistory.isEmpty();
  }

  @Override
  public Integer call() {
    ModelCatalog catalog = CatalogLoader.load(env, modelTable);
    ComparisonSheet sheet = sheet();
    Path dir = outputDir == null ? env.workingDir() : env.resolve(outputDir);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Outcome outcome;
    String stem;
    if (!fromHistory.isEmpty()) {
      if (prompt != null || promptFile != null || !variants.isEmpty() || !models.isEmpty() || shared != null
          || !sharedOptions.asArguments().isEmpty()) {
        throw CliException.usage("--from-history lays out recorded generations; it takes no prompt, --prompt-file,"
            + " --variant, -m, --shared or generate flags");
      }
      try (History store = history.location.openExisting(env)
          .orElseThrow(() -> CliException.usage(history.location.noHistoryYet(env)))) {
        outcome = new Outcome(ComparisonRunner.fromHistory(store, fromHistory, catalog), null, List.of());
      }
      stem = "compare-history-" + fromHistory.get(0);
    } else {
      String text = TextFiles.prompt(env, prompt, promptFile);
      if (text == null || text.isBlank()) {
        throw CliException.usage("give the prompt to compare (or --prompt-file FILE), or --from-history ID ...");
      }
      List<Variant> rows = variants(catalog);
      ImageRequest.Builder base = ImageRequest.builder(catalog).prompt(text);
      List<String> sharedArgs = new ArrayList<>(sharedOptions.asArguments());
      if (shared != null) {
        sharedArgs.addAll(ArgSplitter.split(shared, "--shared"));
      }
      if (!sharedArgs.isEmpty()) {
        GenerateCommand.variant(env, catalog, "--shared", sharedArgs).accept(base);
      }
      ImageRequest request = base.build();
      stem = "compare-" + slug(text);
      outcome = run(request, rows, catalog, dir, stem, err);
    }
    Comparison comparison = outcome.comparison();
    Path png = dir.resolve(output != null ? output : stem + ".png");
    if (!png.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
      png = png.resolveSibling(png.getFileName() + ".png");
    }
    ComparisonSheet.Written written = sheet.write(comparison, png, false);
    if (json) {
      Json.print(out, StudioJson.comparison(comparison, written, outcome.runId(), outcome.warnings()));
    } else {
      out.println("sheet: " + env.display(written.png()));
      out.println("page:  " + env.display(written.html()));
      out.println(comparison.rows() + " x " + comparison.columns() + " panels, total $"
          + comparison.totalCostUsd().setScale(4, RoundingMode.HALF_UP).toPlainString()
          + (comparison.failures() == 0 ? "" : ", " + comparison.failures() + " without image"));
      out.flush();
      if (comparison.failures() > 0 && fromHistory.isEmpty()) {
        err.println("darkroom: " + comparison.failures() + " of " + comparison.panels().size()
            + " panels without image");
        for (Panel p : comparison.panels()) {
          p.failure().ifPresent(f -> err.println("darkroom: " + p.label() + " #" + (p.column() + 1) + ": "
              + f.kind().toLowerCase(Locale.ROOT) + ": " + Failure.oneLine(f.reason())));
        }
        err.flush();
      }
    }
    if (comparison.failures() == comparison.panels().size() && fromHistory.isEmpty()) {
      return exitCode(comparison.panels().get(0));
    }
    return ExitCodes.OK;
  }

  /** Runs the variants with progress on standard error (a spinner on a terminal, retry lines elsewhere, quiet with --json). */
  private Outcome run(ImageRequest request, List<Variant> rows, ModelCatalog catalog, Path dir, String stem,
      PrintWriter err) {
    History store = history.openForRecording(env, connection.timeoutSeconds);
    try {
      String runId = store == null ? null : store.newRunId();
      GenerationRecorder recorder = store == null ? GenerationRecorder.NONE : store.withRun(runId);
      int total = rows.size() * repeat;
      String what = Formats.count(total, "image") + " for " + Formats.count(rows.size(), "variant")
          + (repeat > 1 ? " x " + repeat : "");
      try (ConsoleProgress progress = new ConsoleProgress(err, env, what, json, false);
          Darkroom client = ClientFactory.create(env, connection, catalog, progress, 2048, recorder,
              request.model().provider())) {
        AtomicInteger done = new AtomicInteger();
        ComparisonRunner runner = ComparisonRunner.builder().client(client).outputDirectory(dir).baseName(stem)
            .listener(new ComparisonRunner.Listener() {
              @Override
              public void onPanel(Panel p) {
                progress.status(done.incrementAndGet() + "/" + total + " done");
              }
            }).build();
        progress.start();
        Comparison comparison = runner.run(request, rows, repeat);
        progress.close();
        return new Outcome(comparison, runId, progress.warnings());
      }
    } finally {
      if (store != null) {
        store.close();
      }
    }
  }

  private List<Variant> variants(ModelCatalog catalog) {
    if (repeat < 1 || repeat > 16) {
      throw CliException.usage("invalid --repeat " + repeat + "; allowed: 1 to 16");
    }
    List<Variant> rows = new ArrayList<>();
    for (String m : models) {
      String label = catalog.find(m).map(dev.darkroom.ModelInfo::name).orElse(m);
      rows.add(Variant.of(label, b -> b.model(m)));
    }
    for (String v : variants) {
      int eq = v.indexOf('=');
      if (eq <= 0 || v.substring(0, eq).isBlank()) {
        throw CliException.usage("invalid --variant '" + v + "'; expected LABEL=FLAGS, e.g. pro=\"-m gemini-3-pro-image\"");
      }
      String label = v.substring(0, eq).strip();
      rows.add(Variant.of(label, GenerateCommand.variant(env, catalog, label, ArgSplitter.split(v.substring(eq + 1), "--variant " + label))));
    }
    if (rows.isEmpty()) {
      throw CliException.usage("give at least one --variant or -m to compare");
    }
    if (rows.size() * repeat > 64) {
      throw CliException.usage(rows.size() + " variants x " + repeat + " repeats is " + rows.size() * repeat
          + " generations; at most 64 per comparison");
    }
    return rows;
  }

  private ComparisonSheet sheet() {
    try {
      return ComparisonSheet.builder().panelWidth(panelWidth).maxPromptLines(promptLines).build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  private static int exitCode(Panel p) {
    String kind = p.failure().map(Panel.Failure::kind).orElse("");
    for (ErrorKind k : ErrorKind.values()) {
      if (k.name().equals(kind)) {
        return ExitCodes.of(k);
      }
    }
    return ExitCodes.OTHER;
  }

  private static String slug(String text) {
    String s = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-").replaceAll("(^-+|-+$)", "");
    s = s.length() > 40 ? s.substring(0, 40).replaceAll("-+$", "") : s;
    return s.isEmpty() ? "sheet" : s;
  }
}
