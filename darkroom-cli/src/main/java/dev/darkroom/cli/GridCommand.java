package dev.darkroom.cli;

import dev.darkroom.Darkroom;
import dev.darkroom.GenerationRecorder;
import dev.darkroom.Grid;
import dev.darkroom.ModelCatalog;
import dev.darkroom.history.History;
import dev.darkroom.studio.GridComposer;
import dev.darkroom.studio.GridJob;
import dev.darkroom.studio.GridOutcome;
import dev.darkroom.studio.GridPlan;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code darkroom grid}: many small prompts in one grid generation, saved as separate captioned files. */
@Command(
    name = "grid",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Packs several prompts into one grid generation (2x2, 2x3, 3x3 ...) at the size that keeps each cell at"
          + " least --cell-size pixels, slices it, and saves each cell under its own name with its own prompt.",
      "Reports the cost per cell next to the cost of generating the cells one by one. Cells the layout has"
          + " beyond the prompts (the 6th of a 2x3 for five) are kept as <name>-unused-N.",
      "Example: darkroom grid --cell 'lemon=A lemon' --cell 'cherry=Two cherries' --cell 'A pear' --cell 'A plum'"
          + " --shared 'Flat vector icon, white background' -m gemini-3-pro-image",
      "Example: darkroom grid --cells-file icons.md --shared @style.md --dry-run",
      "A cells file holds one cell a line, as plain lines or a Markdown list:",
      "  # Fruit icons",
      "  - lemon=A lemon",
      "  - Two cherries on one stem",
      "  1. pear=A green pear",
    })
final class GridCommand implements Callable<Integer>, JsonReporting {
  private static final Pattern LABELLED = Pattern.compile("([A-Za-z0-9_-]{1,40})=(.+)", Pattern.DOTALL);
  private static final Pattern LIST_ITEM = Pattern.compile("^(?:[-*+]|\\d{1,3}[.)])\\s+");

  private final Environment env;

  @Spec CommandSpec spec;

  @Option(names = "--cell", paramLabel = "[LABEL=]PROMPT", description = "One cell; LABEL (letters, digits, - and _) names its file. Repeatable.")
  List<String> cells = new ArrayList<>();

  @Option(names = "--cells-file", paramLabel = "FILE",
      description = "More cells from a text or Markdown file ('-' reads standard input): one [LABEL=]PROMPT a line,"
          + " plain or as a Markdown list item (-, *, + or 1.); blank lines and lines starting with # (headings,"
          + " comments) are skipped; a prompt cannot span lines.")
  @Nullable String cellsFile;

  @Option(names = "--shared", paramLabel = "TEXT|@FILE", description = "Rules every cell follows (style, palette, framing).")
  @Nullable String shared;

  @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Model id (default: $DARKROOM_MODEL, else the table's default).")
  @Nullable String model;

  @Option(names = "--layout", paramLabel = "RxC", description = "Force a layout, e.g. 3x3 (default: the smallest that holds the cells).")
  @Nullable String layout;

  @Option(names = {"-s", "--image-size"}, paramLabel = "SIZE", description = "Force an image size (default: the smallest that keeps cells at --cell-size).")
  @Nullable String imageSize;

  @Option(names = "--cell-size", paramLabel = "PX", defaultValue = "512", description = "Smallest acceptable cell side in pixels (default: ${DEFAULT-VALUE}).")
  int cellSize;

  @Option(names = "--labels", description = "Ask the model to print each cell's label in the cell.")
  boolean labels;

  @Option(names = "--name", paramLabel = "NAME", defaultValue = "grid", description = "Base name of the whole grid image (default: ${DEFAULT-VALUE}).")
  String name = "grid";

  @Option(names = "--output-dir", paramLabel = "DIR", description = "Directory for the grid and its cells (default: the current directory).")
  @Nullable String outputDir;

  @Option(names = "--dry-run", description = "Print the layout, size, prompt and estimated costs; send nothing.")
  boolean dryRun;

  @Mixin ModelTableOptions modelTable;

  @Mixin ConnectionOptions connection;

  @Mixin HistoryOptions history;

  @Option(names = "--json", description = "Print one JSON object on standard output instead of text: the plan (layout,"
      + " size, aspect ratio, cell pixels), each cell's file and position, the costs and the run id.")
  boolean json;

  GridCommand(Environment env) {
    this.env = env;
  }

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() {
    List<String> stdinReaders = new ArrayList<>();
    if ("-".equals(cellsFile)) {
      stdinReaders.add("--cells-file -");
    }
    if ("@-".equals(shared)) {
      stdinReaders.add("--shared @-");
    }
    connection.refuseSharedStdin(stdinReaders);
    ModelCatalog catalog = CatalogLoader.load(env, modelTable);
    GridJob job = job();
    PrintWriter out = spec.commandLine().getOut();
    Path dir = outputDir == null ? env.workingDir() : env.resolve(outputDir);
    String modelId = model != null ? model : catalog.defaultModel();
    History store = dryRun ? null : history.openForRecording(env, connection.timeoutSeconds);
    try {
      String runId = store == null ? null : store.newRunId();
      GenerationRecorder recorder = store == null ? GenerationRecorder.NONE : store.withRun(runId);
      String what = Formats.count(job.cells().size(), "cell") + " in one grid with " + modelId;
      try (ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getErr(), env, what, json, false);
          Darkroom client = ClientFactory.create(env, connection, catalog, progress, 2048, recorder,
              catalog.require(modelId).provider())) {
        GridComposer composer = GridComposer.builder().client(client).history(store).build();
        if (dryRun) {
          GridPlan plan = composer.plan(job);
          if (json) {
            Json.print(out, StudioJson.gridDryRun(plan, job, progress.warnings()));
            return ExitCodes.OK;
          }
          printPlan(out, plan, job.cells().size());
          out.println();
          out.println(plan.prompt());
          out.flush();
          return ExitCodes.OK;
        }
        progress.start();
        GridOutcome o = composer.compose(job, dir);
        progress.close();
        if (json) {
          Json.print(out, StudioJson.grid(o, runId, progress.warnings()));
          return ExitCodes.OK;
        }
        printPlan(out, o.plan(), o.cells().size());
        out.println("grid:  " + env.display(o.gridImage()));
        for (GridOutcome.SavedCell c : o.cells()) {
          out.println("cell " + c.index() + " (r" + c.row() + "c" + c.col() + "): " + env.display(c.path()));
        }
        for (Path unused : o.unusedCells()) {
          out.println("unused: " + env.display(unused));
        }
        BigDecimal oneEach = o.oneByOneCostUsd().divide(BigDecimal.valueOf(o.cells().size()), 4, RoundingMode.HALF_UP);
        out.println("cost " + usd(o.costUsd()) + " for " + o.cells().size() + " cells = " + usd(o.costPerCellUsd())
            + " per cell; one by one at " + o.plan().oneByOneImageSize() + ": about " + usd(o.oneByOneCostUsd())
            + " (" + usd(oneEach) + " each)");
        out.flush();
        return ExitCodes.OK;
      }
    } finally {
      if (store != null) {
        store.close();
      }
    }
  }

  private void printPlan(PrintWriter out, GridPlan plan, int cells) {
    out.println("layout " + plan.grid() + " at " + plan.imageSize() + " " + plan.aspectRatio() + " (" + plan.width()
        + "x" + plan.height() + ", cells about " + plan.cellWidth() + "x" + plan.cellHeight() + " px) with "
        + plan.request().model().id() + "; estimated " + usd(plan.estimatedCostUsd()) + " = "
        + usd(plan.estimatedCostPerCellUsd(cells)) + " per cell vs " + usd(plan.oneByOneCostUsd()) + " one by one");
  }

  private GridJob job() {
    GridJob.Builder b = GridJob.builder().model(model).imageSize(imageSize).drawLabels(labels).name(name)
        .shared(shared == null ? null : TextFiles.textOrFile(env, shared, "shared rules file"));
    try {
      b.minCellSize(cellSize);
    } catch (RuntimeException e) {
      throw CliException.usage("invalid --cell-size " + cellSize + ": " + e.getMessage());
    }
    if (layout != null) {
      b.layout(Grid.parse(layout));
    }
    List<String> all = new ArrayList<>(cells);
    if (cellsFile != null) {
      all.addAll(cellLines(TextFiles.read(env, cellsFile, "cells file")));
    }
    for (String c : all) {
      Matcher m = LABELLED.matcher(c.strip());
      if (m.matches()) {
        b.addCell(m.group(1), m.group(2).strip());
      } else {
        b.addCell(c);
      }
    }
    return b.build();
  }

  /**
   * The cells of a cells file: one a line, a Markdown list marker ({@code - }, {@code * }, {@code + },
   * {@code 1. }, {@code 1) }) removed; blank lines and lines starting with {@code #} skipped.
   */
  static List<String> cellLines(String text) {
    List<String> cells = new ArrayList<>();
    for (String line : text.split("\\R")) {
      String s = line.strip();
      if (s.isEmpty() || s.startsWith("#")) {
        continue;
      }
      s = LIST_ITEM.matcher(s).replaceFirst("").strip();
      if (!s.isEmpty()) {
        cells.add(s);
      }
    }
    return cells;
  }

  private static String usd(BigDecimal v) {
    return "$" + v.setScale(4, RoundingMode.HALF_UP).toPlainString();
  }
}
