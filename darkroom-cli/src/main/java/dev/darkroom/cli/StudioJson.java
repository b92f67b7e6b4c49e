package dev.darkroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.studio.Comparison;
import dev.darkroom.studio.ComparisonSheet;
import dev.darkroom.studio.Gallery;
import dev.darkroom.studio.GridJob;
import dev.darkroom.studio.GridOutcome;
import dev.darkroom.studio.GridPlan;
import dev.darkroom.studio.Panel;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code --json} documents of {@code compare}, {@code gallery} and {@code grid}: absolute paths,
 * amounts in USD as plain numbers, rows and columns 1-based, and the run id the calls were recorded
 * under (null without a history).
 */
final class StudioJson {
  private StudioJson() {}

  /**
   * {@code sheetPng}, {@code sheetHtml}, {@code rows}, {@code columns}, {@code panels[]} (row, col,
   * label, model, status, errorKind, reason, path, seed, costUsd, latencyMs, historyId),
   * {@code failures}, {@code totalCostUsd}, {@code runId}, {@code warnings}.
   */
  static ObjectNode comparison(Comparison c, ComparisonSheet.Written written, @Nullable String runId,
      List<String> warnings) {
    ObjectNode root = Json.object();
    root.put("sheetPng", absolute(written.png()));
    root.put("sheetHtml", absolute(written.html()));
    root.put("rows", c.rows());
    root.put("columns", c.columns());
    ArrayNode panels = root.putArray("panels");
    for (Panel p : c.panels()) {
      ObjectNode n = panels.addObject();
      n.put("row", p.row() + 1);
      n.put("col", p.column() + 1);
      n.put("label", p.label());
      n.put("model", p.model());
      n.put("status", status(p));
      n.put("errorKind", p.failure().map(Panel.Failure::kind).orElse(null));
      n.put("reason", p.failure().map(Panel.Failure::reason).orElse(null));
      n.put("path", p.path().map(StudioJson::absolute).orElse(null));
      Long seed = seed(p.parameters().get("seed"));
      if (seed == null) {
        n.putNull("seed");
      } else {
        n.put("seed", seed);
      }
      n.put("costUsd", Json.usd(p.costUsd()));
      if (p.latency().isPresent()) {
        n.put("latencyMs", p.latency().get().toMillis());
      } else {
        n.putNull("latencyMs");
      }
      if (p.historyId().isPresent()) {
        n.put("historyId", p.historyId().getAsLong());
      } else {
        n.putNull("historyId");
      }
    }
    root.put("failures", c.failures());
    root.put("totalCostUsd", Json.usd(c.totalCostUsd()));
    root.put("runId", runId);
    strings(root.putArray("warnings"), warnings);
    return root;
  }

  /** {@code index}, {@code directory}, {@code generations}, {@code images}, {@code totalCostUsd}, {@code warnings}. */
  static ObjectNode gallery(Gallery.Result r) {
    ObjectNode root = Json.object();
    root.put("index", absolute(r.index()));
    root.put("directory", absolute(r.index().getParent()));
    root.put("generations", r.generations());
    root.put("images", r.images());
    root.put("totalCostUsd", Json.usd(r.totalCostUsd()));
    strings(root.putArray("warnings"), r.warnings());
    return root;
  }

  /** {@code dryRun: true}, the plan, the grid prompt and the cells as they would be sent. */
  static ObjectNode gridDryRun(GridPlan plan, GridJob job, List<String> warnings) {
    ObjectNode root = Json.object();
    root.put("dryRun", true);
    root.set("plan", plan(plan, job.cells().size()));
    root.put("prompt", plan.prompt());
    ArrayNode cells = root.putArray("cells");
    for (int i = 0; i < job.cells().size(); i++) {
      GridJob.Cell c = job.cells().get(i);
      cells.addObject().put("index", i + 1).put("label", c.label()).put("prompt", c.prompt())
          .put("row", i / plan.grid().cols() + 1).put("col", i % plan.grid().cols() + 1);
    }
    strings(root.putArray("warnings"), warnings);
    return root;
  }

  /**
   * {@code plan}, {@code grid} (the whole image), {@code cells[]} (index, label, prompt, path, row,
   * col, x, y, width, height), {@code unusedCells[]}, {@code costUsd}, {@code costPerCellUsd},
   * {@code oneByOneCostUsd}, {@code runId}, {@code warnings}.
   */
  static ObjectNode grid(GridOutcome o, @Nullable String runId, List<String> warnings) {
    ObjectNode root = Json.object();
    root.set("plan", plan(o.plan(), o.cells().size()));
    root.put("grid", absolute(o.gridImage()));
    ArrayNode cells = root.putArray("cells");
    for (GridOutcome.SavedCell c : o.cells()) {
      cells.addObject().put("index", c.index()).put("label", c.label()).put("prompt", c.prompt())
          .put("path", absolute(c.path())).put("row", c.row()).put("col", c.col()).put("x", c.x()).put("y", c.y())
          .put("width", c.width()).put("height", c.height());
    }
    ArrayNode unused = root.putArray("unusedCells");
    o.unusedCells().forEach(p -> unused.add(absolute(p)));
    root.put("costUsd", Json.usd(o.costUsd()));
    root.put("costPerCellUsd", Json.usd(o.costPerCellUsd()));
    root.put("oneByOneCostUsd", Json.usd(o.oneByOneCostUsd()));
    root.put("runId", runId);
    strings(root.putArray("warnings"), warnings);
    return root;
  }

  private static ObjectNode plan(GridPlan plan, int cells) {
    ObjectNode n = Json.object();
    n.put("layout", plan.grid().toString());
    n.put("rows", plan.grid().rows());
    n.put("cols", plan.grid().cols());
    n.put("model", plan.request().model().id());
    n.put("imageSize", plan.imageSize());
    n.put("aspectRatio", plan.aspectRatio());
    n.putObject("imagePixels").put("width", plan.width()).put("height", plan.height());
    n.putObject("cellPixels").put("width", plan.cellWidth()).put("height", plan.cellHeight());
    n.put("estimatedCostUsd", Json.usd(plan.estimatedCostUsd()));
    n.put("estimatedCostPerCellUsd", Json.usd(plan.estimatedCostPerCellUsd(cells)));
    n.put("oneByOneImageSize", plan.oneByOneImageSize());
    n.put("oneByOneCostUsd", Json.usd(plan.oneByOneCostUsd()));
    return n;
  }

  /** {@code succeeded}, {@code blocked}, {@code no_image}, {@code interrupted} or {@code failed}, as history statuses read. */
  static String status(Panel p) {
    if (p.succeeded()) {
      return "succeeded";
    }
    String kind = p.failure().map(Panel.Failure::kind).orElse("");
    return switch (kind) {
      case "CONTENT_BLOCKED", "BLOCKED" -> "blocked";
      case "NO_IMAGE" -> "no_image";
      case "INTERRUPTED" -> "interrupted";
      default -> "failed";
    };
  }

  private static @Nullable Long seed(@Nullable String value) {
    try {
      return value == null ? null : Long.valueOf(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static String absolute(Path p) {
    return p.toAbsolutePath().normalize().toString();
  }
}
