package dev.darkroom.cli;

import dev.darkroom.history.CostGrouping;
import dev.darkroom.history.CostReport;
import dev.darkroom.history.CostReport.Line;
import dev.darkroom.history.CostReport.Tally;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The human table of {@code darkroom cost}: calls and spend per outcome for each group, and a total row. */
final class CostTable {
  private CostTable() {}

  static void print(PrintWriter out, CostReport report, Path file, int maxWidth) {
    if (report.lines().isEmpty()) {
      out.println("no generations recorded in this period in " + file);
      out.flush();
      return;
    }
    List<String[]> rows = new ArrayList<>();
    boolean engines = !report.total().engineTime().isZero();
    rows.add(engines
        ? new String[] {key(report.query().groupBy()), "SUCCEEDED", "BLOCKED", "NO IMAGE", "FAILED", "INTERRUPTED", "TOTAL", "GPU S"}
        : new String[] {key(report.query().groupBy()), "SUCCEEDED", "BLOCKED", "NO IMAGE", "FAILED", "INTERRUPTED", "TOTAL"});
    report.lines().forEach(line -> rows.add(row(line, line.key().isEmpty() ? "(no run)" : line.key(), engines)));
    rows.add(row(report.total(), "total", engines));
    TextTable.print(out, rows, maxWidth, 0);
    Line t = report.total();
    if (t.blocked().count() + t.noImage().count() + t.failed().count() + t.interrupted().count() > 0) {
      out.println();
      out.println("Blocked, no-image and failed calls are listed apart: providers may bill them (costs shown are");
      out.println("what their reported tokens cost). Interrupted calls have an unknown cost, counted as $0.");
    }
    out.flush();
  }

  private static String key(CostGrouping grouping) {
    return switch (grouping) {
      case DAY -> "DAY";
      case MODEL -> "MODEL";
      case RUN -> "RUN";
    };
  }

  /** @param engines whether to add the local engines' GPU seconds (local runs cost time, not money) */
  private static String[] row(Line line, String key, boolean engines) {
    String[] cells = {key, cell(line.succeeded()), cell(line.blocked()), cell(line.noImage()), cell(line.failed()),
      cell(line.interrupted()), cell(line.all())};
    if (!engines) {
      return cells;
    }
    String[] more = java.util.Arrays.copyOf(cells, cells.length + 1);
    more[cells.length] = line.engineTime().isZero() ? "-"
        : String.format(java.util.Locale.ROOT, "%.1f", line.engineTime().toMillis() / 1000.0);
    return more;
  }

  /** {@code 3 $0.4021}, or {@code -} for no calls. */
  private static String cell(Tally tally) {
    return tally.count() == 0 ? "-" : tally.count() + " " + Formats.usd4(tally.costUsd());
  }
}
