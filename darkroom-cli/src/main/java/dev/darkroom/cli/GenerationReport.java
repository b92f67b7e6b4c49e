package dev.darkroom.cli;

import dev.darkroom.GeneratedImage;
import dev.darkroom.Generation;
import dev.darkroom.GridCell;
import dev.darkroom.GroundingSource;
import dev.darkroom.ImageResult;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The short human summary of a generation: one line per saved file, a total line when there are
 * several, then the model's text indented (each distinct text once) and any web sources it used.
 */
final class GenerationReport {
  private final Environment env;
  private final PrintWriter out;
  private int lines;

  GenerationReport(Environment env, PrintWriter out) {
    this.env = env;
    this.out = out;
  }

  void print(ImageResult result) {
    int images = 0;
    int cells = 0;
    for (Generation g : result.generations()) {
      BigDecimal each = g.images().isEmpty() ? g.costUsd()
          : g.costUsd().divide(BigDecimal.valueOf(g.images().size()), MathContext.DECIMAL64);
      for (GeneratedImage image : g.images()) {
        images++;
        image.path().ifPresent(p -> saved(p.toString(), image, Formats.usd(each)));
        for (GridCell cell : image.cells()) {
          cells++;
          cell.savedPath().ifPresent(p -> saved(p.toString(), cell.image(), "cell " + cell.row() + "," + cell.col()));
        }
      }
      for (GeneratedImage thought : g.thoughtImages()) {
        thought.path().ifPresent(p -> saved(p.toString(), thought, "thought"));
      }
    }
    if (lines > 1) {
      out.println(Formats.count(images, "image") + (cells > 0 ? ", " + Formats.count(cells, "cell") : "")
          + ", total " + Formats.usd(result.costUsd()));
    }
    printText(result);
    out.flush();
  }

  private void saved(String path, GeneratedImage image, String detail) {
    out.println("saved " + env.display(java.nio.file.Path.of(path)) + "  (" + image.width() + "x" + image.height()
        + ", " + Formats.bytes(image.byteCount()) + ", " + detail + ")");
    lines++;
  }

  private void printText(ImageResult result) {
    Set<GroundingSource> sources = new LinkedHashSet<>();
    Set<String> texts = new LinkedHashSet<>();
    for (Generation g : result.generations()) {
      if (!g.text().isBlank()) {
        texts.add(g.text().strip());
      }
      sources.addAll(g.groundingSources());
    }
    // -n 4 often gets the same sentence four times: each distinct text is shown once.
    texts.forEach(text -> text.lines().forEach(line -> out.println("  " + line)));
    for (GroundingSource s : sources) {
      out.println("  source: " + (s.title().isBlank() ? "" : s.title() + " ") + "<" + s.uri() + ">");
    }
  }
}
