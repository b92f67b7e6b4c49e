package dev.darkroom.cli;

import dev.darkroom.Darkroom;
import dev.darkroom.ErrorKind;
import dev.darkroom.GenerationRecorder;
import dev.darkroom.ImageRequest;
import dev.darkroom.ModelCatalog;
import dev.darkroom.history.History;
import dev.darkroom.studio.Comparison;
import dev.darkroom.studio.ComparisonPlan;
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
      "Example: darkroom compare \"a fox\" -m gemini-3-pro-image --x seed=1,2 --y aspect=1:1,16:9",
      "Example: darkroom compare \"a fox\" --shared \"-m comfyui:sd_xl_base_1.0.safetensors --seed 7\" --variant \"--negative wrong\""
          + " --variant \"--lora wrong:0.8 --negative wrong\"",
      "Example: darkroom compare --from-history 41 42 43",
      "The whole comparison is checked before anything is sent: a bad model, flag, option or axis value refuses it"
          + " (exit 2) with one message listing every bad panel. --dry-run prints the plan and its estimated cost.",
      "Variants blocked or failed at the provider get a panel saying what happened; the exit code is 0 when a panel"
          + " has an image, else that of the first failure.",
    })
final class CompareCommand implements Callable<Integer>, JsonReporting, ReadsHistory {
  private final Environment env;

  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "PROMPT", description = "The shared prompt (or use --prompt-file).")
  @Nullable String prompt;

  @Option(names = "--prompt-file", paramLabel = "FILE", description = "Read the shared prompt from a (Markdown) file; '-' reads standard input.")
  @Nullable String promptFile;

  @Option(names = "--variant", paramLabel = "[LABEL=]FLAGS",
      description = "A row: a label and 'generate' flags that change the shared request, e.g."
          + " pro=\"-m gemini-3-pro-image --thinking high\"; without a label (\"--negative wrong\") the flags are the"
          + " label. Allowed: -m, -a, -s, --seed, --temperature, --system-prompt, --thinking, --search, -i,"
          + " --image-only, --safety, -O, --negative, --lora, --refiner, --refiner-switch, --steps, --cfg, --sampler,"
          + " --scheduler, --denoise, or a prompt. Repeatable.")
  List<String> variants = new ArrayList<>();

  @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Shorthand for a variant on this model. Repeatable.")
  List<String> models = new ArrayList<>();

  @Option(names = {"-k", "--repeat"}, paramLabel = "K", defaultValue = "1",
      description = "Run each variant K times (columns), one seed per column (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--from-history", paramLabel = "ID", arity = "1..*",
      description = "Lay out these recorded generations instead of making new ones.")
  List<Long> fromHistory = new ArrayList<>();

  @Option(names = "--x", paramLabel = "NAME=V1,V2", description = "An X/Y/Z plot: one column per value of any"
      + " setting, e.g. --x steps=20,30,40, --x seed=1,2, --x thinkingLevel=low,high, --x lora=none,wrong:0.8."
      + " NAME is model, seed, aspect, size, prompt, a flag's name (negative, lora, refiner, sampler, steps, cfg,"
      + " thinking ...) or any provider option; 'none' leaves the setting unset; separate values with | when they"
      + " hold commas. Every panel uses one seed.")
  @Nullable String xAxis;

  @Option(names = "--y", paramLabel = "NAME=V1,V2", description = "With --x: one row per value, e.g. --y cfg=5,7,13.")
  @Nullable String yAxis;

  @Option(names = "--z", paramLabel = "NAME=V1,V2", description = "With --x: one sheet (PNG and HTML page) per value,"
      + " named after it, e.g. --z sampler=euler,dpmpp_2m.")
  @Nullable String zAxis;

  @Option(names = "--dry-run", description = "Validate the whole plan and print every panel's request and the estimated"
      + " cost; send nothing (no API key needed).")
  boolean dryRun;

  @Option(names = "--shared", paramLabel = "FLAGS",
      description = "'generate' flags for every variant, e.g. \"-a 16:9 --seed 7 -i ref.png\"; -a, -s, --seed,"
          + " --temperature, --system-prompt, --thinking, --search, -i, --image-only and --safety may also be"
          + " given directly.")
  @Nullable String shared;

  @Mixin CompareSharedOptions sharedOptions;

  /** Applies to every panel's prompt (a variant's own too), for the panel's engine and steps. */
  @Mixin PromptSyntaxOptions promptSyntax;

  @Option(names = "--output-dir", paramLabel = "DIR", description = "Directory for the sheet and the panel images (default: the current directory).")
  @Nullable String outputDir;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE.png", description = "The sheet's file name (default: compare-<prompt>.png);"
      + " with --z, each sheet is FILE-<z value>.png.")
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

  @Override
  public boolean readsHistoryOnly() {
    return !fromHistory.isEmpty();
  }

  @Override
  public Integer call() {
    List<String> stdinReaders = new java.util.ArrayList<>();
    if ("-".equals(prompt)) {
      stdinReaders.add("the prompt -");
    }
    if ("-".equals(promptFile)) {
      stdinReaders.add("--prompt-file -");
    }
    if ("@-".equals(sharedOptions.systemPrompt)) {
      stdinReaders.add("--system-prompt @-");
    }
    connection.refuseSharedStdin(stdinReaders);
    ModelCatalog catalog = CatalogLoader.load(env, modelTable);
    ComparisonSheet sheet = sheet();
    Path dir = outputDir == null ? env.workingDir() : env.resolve(outputDir);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!fromHistory.isEmpty()) {
      if (prompt != null || promptFile != null || !variants.isEmpty() || !models.isEmpty() || shared != null
          || !sharedOptions.asArguments().isEmpty() || xAxis != null || yAxis != null || zAxis != null || dryRun
          || promptSyntax.given()) {
        throw CliException.usage("--from-history lays out recorded generations; it takes no prompt, --prompt-file,"
            + " --variant, -m, --shared, --x/--y/--z, --dry-run, --prompt-syntax or generate flags");
      }
      Comparison comparison;
      try (History store = history.location.openExisting(env)
          .orElseThrow(() -> CliException.usage(history.location.noHistoryYet(env)))) {
        comparison = ComparisonRunner.fromHistory(store, fromHistory, catalog);
      }
      report(List.of(new Outcome(comparison, sheet.write(comparison, sheetFile(dir, "compare-history-"
          + fromHistory.get(0)), false))), null, List.of(), out, err, false);
      return ExitCodes.OK;
    }
    String text = TextFiles.prompt(env, prompt, promptFile);
    if (text == null || text.isBlank()) {
      throw CliException.usage("give the prompt to compare (or --prompt-file FILE), or --from-history ID ...");
    }
    List<ComparisonPlan> plans = convertPrompts(plan(catalog, text), catalog, err);
    String stem = "compare-" + slug(text);
    if (dryRun) {
      printPlans(out, plans);
      return ExitCodes.OK;
    }
    History store = history.openForRecording(env, connection.timeoutSeconds);
    try {
      String runId = store == null ? null : store.newRunId();
      GenerationRecorder recorder = store == null ? GenerationRecorder.NONE : store.withRun(runId);
      int total = plans.stream().mapToInt(p -> p.cells().size()).sum();
      String what = Formats.count(total, "image") + (xAxis != null
          ? " in a " + plans.get(0).columns() + " x " + plans.get(0).rows() + " plot"
              + (plans.size() > 1 ? " on " + plans.size() + " sheets" : "")
          : " for " + Formats.count(total / repeat, "variant") + (repeat > 1 ? " x " + repeat : ""));
      List<Outcome> outcomes = new ArrayList<>();
      List<String> warnings;
      try (ConsoleProgress progress = new ConsoleProgress(err, env, what, json, false);
          Darkroom client = ClientFactory.create(env, connection, catalog, progress, 2048, recorder,
              plans.get(0).cells().get(0).request().model().provider())) {
        AtomicInteger done = new AtomicInteger();
        int parallelism = parallelism(plans, client);
        progress.start();
        for (ComparisonPlan plan : plans) {
          String sheetStem = output == null || plans.size() == 1 ? stem
              : Path.of(output).getFileName().toString().replaceFirst("(?i)\\.png$", "");
          String name = plan.title().isEmpty() ? stem : sheetStem + "-" + slug(plan.title());
          ComparisonRunner runner = ComparisonRunner.builder().client(client).outputDirectory(dir).baseName(name)
              .parallelism(parallelism)
              .listener(new ComparisonRunner.Listener() {
                @Override
                public void onPanel(Panel p) {
                  progress.status(done.incrementAndGet() + "/" + total + " done");
                }
              }).build();
          Comparison comparison = runner.run(plan);
          Path png = plans.size() == 1 ? sheetFile(dir, stem)
              : (output == null ? dir : sheetFile(dir, stem).getParent()).resolve(name + ".png");
          outcomes.add(new Outcome(comparison, sheet.write(comparison, png, false)));
        }
        progress.close();
        warnings = progress.warnings();
      }
      return report(outcomes, runId, warnings, out, err, true);
    } finally {
      if (store != null) {
        store.close();
      }
    }
  }

  /**
   * With {@code --prompt-syntax}, every panel's prompt converted for its own engine and read for its own steps
   * (as {@code generate} does); each warning is printed once, however many panels share it.
   */
  private List<ComparisonPlan> convertPrompts(List<ComparisonPlan> plans, ModelCatalog catalog, PrintWriter err) {
    if (!promptSyntax.given()) {
      return plans;
    }
    java.util.Set<String> warnings = new java.util.LinkedHashSet<>();
    List<ComparisonPlan> out = new ArrayList<>();
    for (ComparisonPlan plan : plans) {
      out.add(plan.withRequests(r -> promptSyntax.convert(r, catalog, warnings)));
    }
    warnings.forEach(w -> err.println("darkroom: warning: " + w));
    err.flush();
    return out;
  }

  /** A sheet as written. */
  private record Outcome(Comparison comparison, ComparisonSheet.Written written) {}

  /**
   * The whole comparison, planned and validated before anything is sent: one plan, or one per Z value.
   *
   * @throws dev.darkroom.InvalidRequestException listing every bad variant, model, flag or axis value
   */
  private List<ComparisonPlan> plan(ModelCatalog catalog, String text) {
    if (repeat < 1 || repeat > 16) {
      throw CliException.usage("invalid --repeat " + repeat + "; allowed: 1 to 16");
    }
    List<String> sharedArgs = new ArrayList<>(sharedOptions.asArguments());
    if (shared != null) {
      sharedArgs.addAll(ArgSplitter.split(shared, "--shared"));
    }
    ImageRequest base = base(catalog, text, sharedArgs);
    ComparisonRunner planner = ComparisonRunner.builder().catalog(catalog).build();
    if (xAxis == null) {
      if (yAxis != null || zAxis != null) {
        throw CliException.usage("--y and --z need --x (the columns)");
      }
      List<Variant> rows = variants(catalog);
      return List.of(planner.plan(base, flags(catalog, "--shared", sharedArgs), rows, repeat));
    }
    if (!variants.isEmpty() || repeat != 1 || models.size() > 1) {
      throw CliException.usage("--x/--y/--z make the panels themselves; they take no --variant, --repeat or several -m"
          + " (use --y model=A,B to compare models)");
    }
    if (models.size() == 1) {
      sharedArgs.add(0, "--model");
      sharedArgs.add(1, models.get(0));
    }
    List<Variant> x = CompareAxes.parse(env, catalog, "--x", xAxis);
    List<Variant> y = CompareAxes.parse(env, catalog, "--y", yAxis);
    List<Variant> z = CompareAxes.parse(env, catalog, "--z", zAxis);
    if (x.size() * Math.max(1, y.size()) > 64) {
      throw CliException.usage("--x by --y is " + x.size() * y.size() + " panels; at most 64 per sheet");
    }
    return planner.planAxes(base, flags(catalog, "--shared", sharedArgs), x, y, z);
  }

  /**
   * The shared request: the prompt, and the shared seed, which (like the column seeds) goes only to
   * models that take seeds, so OpenAI models can sit in a comparison with {@code --seed}. The seed is
   * taken out of {@code sharedArgs}.
   */
  private static ImageRequest base(ModelCatalog catalog, String text, List<String> sharedArgs) {
    Long seed = null;
    for (int i = 0; i < sharedArgs.size(); i++) {
      String a = sharedArgs.get(i);
      if (a.equals("--seed") && i + 1 < sharedArgs.size()) {
        seed = Seeds.parse(sharedArgs.get(i + 1));
        sharedArgs.remove(i + 1);
        sharedArgs.remove(i--);
      } else if (a.startsWith("--seed=")) {
        seed = Seeds.parse(a.substring(7));
        sharedArgs.remove(i--);
      }
    }
    ImageRequest.Builder b = ImageRequest.builder(catalog).prompt(text).seed(seed);
    if (seed != null && !catalog.require(catalog.defaultModel()).supportsSampling()) {
      catalog.models().stream().filter(m -> m.supportsSampling() && m.status() != dev.darkroom.ModelStatus.SHUTDOWN)
          .findFirst().ifPresent(m -> b.model(m.id()));
    }
    return b.build();
  }

  /** Flags as a change to a request; flags that cannot be read refuse every panel, so the plan lists them. */
  private Variant flags(ModelCatalog catalog, String label, List<String> args) {
    if (args.isEmpty()) {
      return Variant.of(label, b -> {});
    }
    try {
      return Variant.of(label, GenerateCommand.variant(env, catalog, label, args));
    } catch (CliException | dev.darkroom.InvalidRequestException e) {
      String message = String.valueOf(e.getMessage()).replaceFirst("^--variant \\Q" + label + "\\E: ", "");
      return refusing(label, label.equals("--shared") ? "--shared: " + message : message);
    }
  }

  private static Variant refusing(String label, String message) {
    java.util.function.Consumer<ImageRequest.Builder> refuse = b -> {
      throw new dev.darkroom.InvalidRequestException(message);
    };
    return Variant.of(label, refuse);
  }

  /** Prints the sheets and failures; the exit code: 0 when a panel has an image, else the first failure's. */
  private int report(List<Outcome> outcomes, @Nullable String runId, List<String> warnings, PrintWriter out,
      PrintWriter err, boolean generated) {
    if (json) {
      if (outcomes.size() == 1) {
        Json.print(out, StudioJson.comparison(outcomes.get(0).comparison(), outcomes.get(0).written(), runId, warnings));
      } else {
        com.fasterxml.jackson.databind.node.ObjectNode root = Json.object();
        com.fasterxml.jackson.databind.node.ArrayNode sheets = root.putArray("sheets");
        for (Outcome o : outcomes) {
          sheets.add(StudioJson.comparison(o.comparison(), o.written(), runId, warnings));
        }
        root.put("runId", runId);
        Json.print(out, root);
      }
    } else {
      for (Outcome o : outcomes) {
        Comparison comparison = o.comparison();
        out.println("sheet: " + env.display(o.written().png()));
        out.println("page:  " + env.display(o.written().html()));
        out.println(comparison.rows() + " x " + comparison.columns() + " panels, total $"
            + comparison.totalCostUsd().setScale(4, RoundingMode.HALF_UP).toPlainString()
            + (comparison.failures() == 0 ? "" : ", " + comparison.failures() + " without image"));
      }
      out.flush();
      long failures = outcomes.stream().mapToLong(o -> o.comparison().failures()).sum();
      if (failures > 0 && generated) {
        int panels = outcomes.stream().mapToInt(o -> o.comparison().panels().size()).sum();
        err.println("darkroom: " + failures + " of " + panels + " panels without image");
        for (Outcome o : outcomes) {
          for (Panel p : o.comparison().panels()) {
            p.failure().ifPresent(f -> err.println("darkroom: " + p.label() + " #" + (p.column() + 1) + ": "
                + f.kind().toLowerCase(Locale.ROOT) + ": " + Failure.oneLine(f.reason())));
          }
        }
        err.flush();
      }
    }
    if (!generated) {
      return ExitCodes.OK;
    }
    List<Panel> all = outcomes.stream().flatMap(o -> o.comparison().panels().stream()).toList();
    if (all.stream().noneMatch(Panel::succeeded)) {
      return exitCode(all.get(0));
    }
    return ExitCodes.OK;
  }

  /** {@code --dry-run}: every planned panel and the estimated cost. */
  private void printPlans(PrintWriter out, List<ComparisonPlan> plans) {
    java.math.BigDecimal total = plans.stream().map(ComparisonPlan::estimatedCostUsd)
        .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
    int panels = plans.stream().mapToInt(p -> p.cells().size()).sum();
    if (json) {
      com.fasterxml.jackson.databind.node.ObjectNode root = Json.object();
      root.put("dryRun", true);
      com.fasterxml.jackson.databind.node.ArrayNode sheets = root.putArray("sheets");
      for (ComparisonPlan plan : plans) {
        com.fasterxml.jackson.databind.node.ObjectNode s = sheets.addObject();
        s.put("title", plan.title()).put("rows", plan.rows()).put("columns", plan.columns());
        com.fasterxml.jackson.databind.node.ArrayNode cells = s.putArray("panels");
        for (ComparisonPlan.Cell c : plan.cells()) {
          ImageRequest r = c.request();
          com.fasterxml.jackson.databind.node.ObjectNode n = cells.addObject();
          n.put("row", c.row() + 1).put("col", c.column() + 1).put("label", c.label()).put("model", r.model().id());
          n.put("seed", r.seed().map(Long::toUnsignedString).orElse(null));
          n.put("aspectRatio", r.aspectRatio().orElse(null)).put("imageSize", r.effectiveImageSize());
          n.set("options", Json.MAPPER.valueToTree(r.providerOptions().map(o -> o.values()).orElse(java.util.Map.of())));
          n.put("estimatedCostUsd", Json.usd(dev.darkroom.Darkroom.estimateCost(r)));
        }
      }
      root.put("panels", panels);
      root.put("estimatedCostUsd", Json.usd(total));
      Json.print(out, root);
      return;
    }
    for (ComparisonPlan plan : plans) {
      out.println((plan.title().isEmpty() ? "sheet" : "sheet " + plan.title()) + ": " + plan.rows() + " x "
          + plan.columns() + " panels, estimated " + Formats.usd4(plan.estimatedCostUsd()));
      for (ComparisonPlan.Cell c : plan.cells()) {
        out.println("  " + c.label() + (plan.columns() > 1 && repeat > 1 ? " #" + (c.column() + 1) : "") + ": "
            + describe(c.request()));
      }
    }
    out.println(Formats.count(panels, "panel") + ", estimated " + Formats.usd4(total) + "; nothing sent (dry run)");
    out.flush();
  }

  private static String describe(ImageRequest r) {
    StringBuilder sb = new StringBuilder(r.model().id());
    r.seed().ifPresent(s -> sb.append(", seed ").append(Long.toUnsignedString(s)));
    r.aspectRatio().ifPresent(a -> sb.append(", ").append(a));
    sb.append(", ").append(r.effectiveImageSize());
    r.providerOptions().ifPresent(o -> o.values().forEach((k, v) -> sb.append(", ").append(k).append(' ')
        .append(Formats.firstLine(String.valueOf(v), 40))));
    if (!r.images().isEmpty()) {
      sb.append(", ").append(Formats.count(r.images().size(), "reference image"));
    }
    sb.append(", ").append(Formats.usd4(dev.darkroom.Darkroom.estimateCost(r)));
    return sb.toString();
  }

  private Path sheetFile(Path dir, String stem) {
    Path png = dir.resolve(output != null ? output : stem + ".png");
    if (!png.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
      png = png.resolveSibling(png.getFileName() + ".png");
    }
    return png;
  }

  private List<Variant> variants(ModelCatalog catalog) {
    List<Variant> rows = new ArrayList<>();
    for (String m : models) {
      String label = catalog.find(m).map(dev.darkroom.ModelInfo::name).orElse(m);
      rows.add(Variant.of(label, b -> b.model(m)));
    }
    for (String v : variants) {
      int eq = v.indexOf('=');
      if (v.strip().startsWith("-")) {
        // Flags without a label: the panel is labelled with exactly what it changes.
        rows.add(flags(catalog, v.strip(), ArgSplitter.split(v, "--variant")));
        continue;
      }
      if (eq <= 0 || v.substring(0, eq).isBlank()) {
        throw CliException.usage("invalid --variant '" + v + "'; expected LABEL=FLAGS or FLAGS, e.g."
            + " pro=\"-m gemini-3-pro-image\" or \"--negative wrong\"");
      }
      String label = v.substring(0, eq).strip();
      rows.add(flags(catalog, label, ArgSplitter.split(v.substring(eq + 1), "--variant " + label)));
    }
    if (rows.isEmpty()) {
      throw CliException.usage("give at least one --variant or -m to compare, or --x NAME=V1,V2");
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

  /**
   * Panels run at once: 4, or for a comparison on one provider whose engine says how many it runs in parallel
   * (SwarmUI's backends), that many (at most 32).
   */
  private static int parallelism(List<ComparisonPlan> plans, Darkroom client) {
    java.util.Set<String> providers = new java.util.TreeSet<>();
    int cells = 0;
    for (ComparisonPlan plan : plans) {
      cells += plan.cells().size();
      plan.cells().forEach(c -> providers.add(c.request().model().provider()));
    }
    if (providers.size() != 1 || cells < 2) {
      return BatchOptions.DEFAULT_CONCURRENCY;
    }
    return Math.min(32, client.suggestedConcurrency(providers.iterator().next())
        .orElse(BatchOptions.DEFAULT_CONCURRENCY));
  }
}
