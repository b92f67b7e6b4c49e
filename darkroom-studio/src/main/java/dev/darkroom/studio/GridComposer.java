package dev.darkroom.studio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.Darkroom;
import dev.darkroom.GeneratedImage;
import dev.darkroom.Grid;
import dev.darkroom.GridCell;
import dev.darkroom.ImageRequest;
import dev.darkroom.ImageResult;
import dev.darkroom.ImageSizeOption;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelInfo;
import dev.darkroom.OutputException;
import dev.darkroom.Provenance;
import dev.darkroom.SaveOptions;
import dev.darkroom.history.History;
import dev.darkroom.internal.image.Digests;
import dev.darkroom.internal.image.ImageFormat;
import dev.darkroom.internal.image.ProvenanceCodec;
import dev.darkroom.internal.io.AtomicFiles;
import dev.darkroom.internal.io.OutputNames;
import dev.darkroom.studio.internal.Names;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Packs several prompts into one grid generation to cut the cost per image, then saves each cell as
 * if it had been generated alone.
 *
 * <p>The grid prompt uses the phrasing that works with Nano Banana Pro: a contiguous rows × columns
 * grid of distinct images of equal size separated by thin solid black borders, the shared rules, then
 * one line per cell by position ("Cell 1 (top left): …"). The layout is the smallest of 2x2, 2x3, 3x3,
 * 3x4, 4x4 … that holds the cells, with an aspect ratio that keeps cells square where the model offers
 * one; the image size is the model's smallest that keeps every cell, inside its borders, at least
 * the job's minimum (512 px by default). Layouts the model cannot render at a useful size (8x8 at 1K: 128 px cells) are
 * refused with the reason before anything is sent.
 *
 * <p>After the one call, the core slicer cuts the image along its borders. Each job cell is saved
 * under its own name (its label, or {@code <name>-cell-N}) with its own prompt, the shared rules, the
 * grid prompt and its position in its provenance; the whole grid image is kept. Cells of the layout
 * beyond the job's (the sixth of a 2x3 for five prompts) hold only the plain square the prompt asked
 * for; they are kept, untouched, as {@code <name>-unused-N} (N the cell's position, row-major) so no
 * file suggests it answers a prompt. When a {@link History}
 * is given (the same one the client records into), the cell rows of the grid generation, unused ones
 * included, are pointed at the renamed files, so they stay children of the grid generation.
 */
public final class GridComposer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Darkroom client;
  private final @Nullable History history;

  private GridComposer(Builder b) {
    this.client = Objects.requireNonNull(b.client, "client: call Builder.client(Darkroom)");
    this.history = b.history;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Chooses layout and size and estimates costs, without sending anything.
   *
   * @throws InvalidRequestException with the reason when no layout and size of the model keep the
   *     cells at the minimum size, or the model is unknown
   */
  public GridPlan plan(GridJob job) {
    ModelInfo model = job.model().map(id -> client.catalog().require(id))
        .orElseGet(() -> client.request().prompt("default model").build().model());
    int n = job.cells().size();
    Grid grid = job.layout().orElseGet(() -> smallestLayout(n));
    String aspect = aspectFor(model, grid);
    List<ImageSizeOption> sizes = job.imageSize()
        .map(s -> List.of(model.imageSize(s).orElseThrow(() -> new InvalidRequestException("image size '" + s
            + "' is not offered by " + model.id() + "; allowed: " + model.imageSizeNames()))))
        .orElse(model.imageSizes());
    if (sizes.isEmpty()) {
      throw new InvalidRequestException(model.id() + " lists no image sizes, so cell sizes cannot be checked");
    }
    ImageSizeOption chosen = null;
    int[] px = null;
    for (ImageSizeOption s : sizes) {
      int[] p = model.pixelSize(aspect, s.name()).orElseThrow(() -> new InvalidRequestException(
          model.id() + " has no pixel size for aspect ratio " + aspect + " at " + s.name()));
      px = p;
      if (Math.min(cellSide(p[0], grid.cols()), cellSide(p[1], grid.rows())) >= job.minCellSize()) {
        chosen = s;
        break;
      }
    }
    if (chosen == null) {
      ImageSizeOption largest = sizes.get(sizes.size() - 1);
      throw new InvalidRequestException("cannot render a " + grid + " grid with cells of at least "
          + job.minCellSize() + " px on " + model.id() + ": at " + largest.name() + " (" + px[0] + "x" + px[1]
          + ") each cell would be about " + cellSide(px[0], grid.cols()) + "x" + cellSide(px[1], grid.rows())
          + " px inside its borders; use fewer cells, a smaller cell size, or a model with larger image sizes");
    }
    ImageRequest.Builder rb = client.request().model(model.id()).prompt(gridPrompt(job, grid))
        .aspectRatio(aspect).grid(grid);
    if (model.imageSizeParameter()) {
      rb.imageSize(chosen.name());
    }
    ImageRequest request = rb.build();
    String single = singleCellSize(model, job.minCellSize());
    BigDecimal oneByOne = BigDecimal.ZERO;
    for (GridJob.Cell cell : job.cells()) {
      ImageRequest.Builder one = client.request().model(model.id())
          .prompt(cellPrompt(cell, job.shared())).aspectRatio("1:1");
      if (model.imageSizeParameter()) {
        one.imageSize(single);
      }
      oneByOne = oneByOne.add(Darkroom.estimateCost(one.build()));
    }
    return new GridPlan(grid, aspect, chosen.name(), px[0], px[1], cellSide(px[0], grid.cols()),
        cellSide(px[1], grid.rows()), request,
        Darkroom.estimateCost(request), single, oneByOne);
  }

  /** The share of a side each border line (outer border and gutters) is allowed to take: 1.5%. */
  private static final double BORDER_SHARE = 0.015;

  /**
   * The side of one cell once the borders are cut away: {@code n + 1} border lines of about 1.5% of
   * the image side each (the outer border and the gutters the prompt asks for), the rest shared by
   * {@code n} cells. Planning with the bare {@code side / n} gave 499 px cells for a 512 px minimum.
   */
  static int cellSide(int side, int n) {
    int border = (int) Math.ceil(side * BORDER_SHARE);
    return Math.max(0, (side - (n + 1) * border) / n);
  }

  /**
   * Plans, generates once, slices, and saves every cell into {@code directory}.
   *
   * @throws InvalidRequestException when the plan is refused (nothing is sent)
   * @throws dev.darkroom.DarkroomException when the generation fails (blocked, quota …)
   * @throws OutputException when a cell cannot be saved
   */
  public GridOutcome compose(GridJob job, Path directory) {
    GridPlan plan = plan(job);
    SaveOptions save = SaveOptions.builder().directory(directory).baseName(Names.slug(job.name(), 60, "grid"))
        .saveGridOriginal(true).build();
    ImageResult result = client.generate(plan.request(), save);
    GeneratedImage original = result.image();
    List<GridCell> cells = original.cells();
    List<GridOutcome.SavedCell> saved = new ArrayList<>();
    List<Path> unused = new ArrayList<>();
    int relocated = 0;
    String gridStem = Names.slug(job.name(), 40, "grid");
    for (int i = 0; i < cells.size(); i++) {
      GridCell cell = cells.get(i);
      boolean used = i < job.cells().size();
      GridJob.Cell jobCell = used ? job.cells().get(i) : null;
      byte[] bytes = jobCell != null ? withCellProvenance(cell, jobCell, i + 1, job, plan, original)
          : cell.image().bytes();
      String ext = ImageFormat.fromMimeType(cell.image().mimeType()).map(ImageFormat::extension).orElse("bin");
      String stem = jobCell == null ? gridStem + "-unused-" + (i + 1)
          : jobCell.label() != null ? Names.slug(jobCell.label(), 60, "cell-" + (i + 1))
          : gridStem + "-cell-" + (i + 1);
      Path target = OutputNames.resolveInside(directory, stem + "." + ext);
      Path written;
      try {
        written = AtomicFiles.writeNew(target, bytes, false);
        Optional<Path> sliced = cell.savedPath();
        if (sliced.isPresent() && !sliced.get().equals(written)) {
          Files.deleteIfExists(sliced.get());
          if (history != null) {
            relocated += history.relocateOutput(sliced.get(), written, Digests.sha256Hex(bytes));
          }
        }
      } catch (IOException e) {
        throw new OutputException("cannot save grid cell " + (i + 1) + " to " + target + ": " + e.getMessage(), e);
      }
      if (jobCell == null) {
        unused.add(written);
      } else {
        saved.add(new GridOutcome.SavedCell(i + 1, jobCell.label(), jobCell.prompt(), cell.row(), cell.col(), written,
            cell.x(), cell.y(), cell.width(), cell.height()));
      }
    }
    return new GridOutcome(plan, original.path().orElseThrow(), List.copyOf(saved), List.copyOf(unused),
        result.costUsd(), relocated);
  }

  private static byte[] withCellProvenance(GridCell cell, GridJob.Cell jobCell, int index, GridJob job, GridPlan plan,
      GeneratedImage original) {
    byte[] bytes = cell.image().bytes();
    ImageFormat format = ImageFormat.fromMimeType(cell.image().mimeType()).orElse(null);
    if (format == null) {
      return bytes;
    }
    try {
      ObjectNode n = Provenance.read(bytes).map(p -> {
        try {
          return (ObjectNode) JSON.readTree(p.compactJson());
        } catch (IOException e) {
          return JSON.createObjectNode();
        }
      }).orElseGet(JSON::createObjectNode);
      String prompt = cellPrompt(jobCell, job.shared());
      n.put("prompt", prompt);
      ObjectNode g = n.putObject("gridCell");
      g.put("index", index);
      if (jobCell.label() != null) {
        g.put("label", jobCell.label());
      }
      g.put("cellPrompt", jobCell.prompt());
      g.put("shared", job.shared());
      g.put("grid", plan.grid().toString());
      g.put("row", cell.row());
      g.put("col", cell.col());
      g.put("gridPrompt", plan.prompt());
      original.path().ifPresent(p -> g.put("gridImage", p.getFileName().toString()));
      String a1111 = prompt + "\nGrid cell: " + cell.row() + "," + cell.col() + " of " + plan.grid() + ", Model: "
          + n.path("model").asText() + ", Version: Darkroom " + Darkroom.VERSION;
      return ProvenanceCodec.embed(bytes, format, n.toString(), a1111, prompt, "Darkroom " + Darkroom.VERSION);
    } catch (IllegalArgumentException e) {
      return bytes;
    }
  }

  /** The cell's prompt as it would be sent alone: its own text, then the shared rules. */
  static String cellPrompt(GridJob.Cell cell, String shared) {
    return shared.isEmpty() ? cell.prompt().strip() : cell.prompt().strip() + "\n\n" + shared;
  }

  /** The one prompt for the whole grid. */
  static String gridPrompt(GridJob job, Grid grid) {
    int n = job.cells().size();
    StringBuilder b = new StringBuilder();
    b.append("A contiguous ").append(grid.rows()).append('x').append(grid.cols()).append(" grid of ")
        .append(grid.cells()).append(" distinct images, ").append(grid.rows()).append(grid.rows() == 1 ? " row" : " rows")
        .append(" by ").append(grid.cols()).append(grid.cols() == 1 ? " column" : " columns")
        .append(", all cells the same size, separated by thin solid black borders of equal width. ")
        .append("Each cell is a complete, separate image; nothing crosses from one cell into another. ");
    b.append(job.drawLabels()
        ? "Each cell shows its label in small plain black text on a white strip at its bottom edge, and no other text."
        : "No text, captions, numbers or labels in any cell.");
    if (!job.shared().isEmpty()) {
      b.append("\n\nRules for every cell:\n").append(job.shared());
    }
    b.append("\n");
    for (int i = 0; i < grid.cells(); i++) {
      int row = i / grid.cols() + 1;
      int col = i % grid.cols() + 1;
      b.append("\nCell ").append(i + 1).append(" (").append(position(row, col, grid)).append(")");
      if (i < n) {
        GridJob.Cell c = job.cells().get(i);
        if (job.drawLabels() && c.label() != null) {
          b.append(", labelled \"").append(c.label().replace('"', '\'')).append('"');
        }
        b.append(": ").append(c.prompt().strip().replaceAll("\\s*\\R\\s*", " "));
      } else {
        b.append(": an empty plain light grey square.");
      }
    }
    return b.toString();
  }

  private static String position(int row, int col, Grid grid) {
    if (grid.rows() > 3 || grid.cols() > 3) {
      return "row " + row + ", column " + col;
    }
    String v = grid.rows() == 1 ? "" : row == 1 ? "top" : row == grid.rows() ? "bottom" : "middle";
    String h = grid.cols() == 1 ? "" : col == 1 ? "left" : col == grid.cols() ? "right" : "center";
    return (v + " " + h).strip();
  }

  /** 2x2, 2x3, 3x3, 3x4, 4x4 …: the first that holds {@code n} cells. */
  static Grid smallestLayout(int n) {
    for (int rows = 2; rows <= 16; rows++) {
      if (rows * rows >= n) {
        return new Grid(rows, rows);
      }
      if (rows < 16 && rows * (rows + 1) >= n) {
        return new Grid(rows, rows + 1);
      }
    }
    throw new InvalidRequestException("no layout up to 16x16 holds " + n + " cells");
  }

  /** The model's aspect ratio closest to columns:rows, so cells come out square. */
  private static String aspectFor(ModelInfo model, Grid grid) {
    double want = Math.log((double) grid.cols() / grid.rows());
    String best = null;
    double bestDistance = Double.MAX_VALUE;
    for (String a : model.aspectRatios()) {
      String[] wh = a.split(":");
      double d = Math.abs(Math.log(Double.parseDouble(wh[0]) / Double.parseDouble(wh[1])) - want);
      if (d < bestDistance - 1e-9) {
        best = a;
        bestDistance = d;
      }
    }
    if (best == null) {
      throw new InvalidRequestException(model.id() + " lists no aspect ratios");
    }
    return best;
  }

  /** The smallest size whose square image is at least {@code minCell} on a side, else the largest. */
  private static String singleCellSize(ModelInfo model, int minCell) {
    List<ImageSizeOption> sizes = model.imageSizes();
    for (ImageSizeOption s : sizes) {
      Optional<int[]> p = model.pixelSize("1:1", s.name());
      if (p.isPresent() && Math.min(p.get()[0], p.get()[1]) >= minCell) {
        return s.name();
      }
    }
    return sizes.isEmpty() ? model.defaultImageSize() : sizes.get(sizes.size() - 1).name();
  }

  /** Configures a {@link GridComposer}; {@link #client} is required. */
  public static final class Builder {
    private @Nullable Darkroom client;
    private @Nullable History history;

    private Builder() {}

    public Builder client(Darkroom client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The history the client records into, so cell rows follow the renamed files; default none. */
    public Builder history(@Nullable History history) {
      this.history = history;
      return this;
    }

    public GridComposer build() {
      return new GridComposer(this);
    }
  }
}
