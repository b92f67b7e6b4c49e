package dev.darkroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.history.CostReport;
import dev.darkroom.history.CostReport.Line;
import dev.darkroom.history.CostReport.Tally;
import java.util.Locale;

/**
 * The {@code cost --json} document: the query, one entry per group with {@code count} and
 * {@code costUsd} for each outcome and in all, and the same for the total.
 */
final class CostJson {
  private CostJson() {}

  static ObjectNode of(CostReport report) {
    ObjectNode root = Json.object();
    root.put("since", report.query().since().map(Object::toString).orElse(null));
    root.put("until", report.query().until().map(Object::toString).orElse(null));
    root.put("by", report.query().groupBy().name().toLowerCase(Locale.ROOT));
    root.put("zone", report.query().zone().getId());
    ArrayNode lines = root.putArray("lines");
    report.lines().forEach(l -> lines.add(line(l)));
    root.set("total", line(report.total()));
    return root;
  }

  private static ObjectNode line(Line line) {
    ObjectNode n = Json.object();
    n.put("key", line.key());
    n.set("succeeded", tally(line.succeeded()));
    n.set("blocked", tally(line.blocked()));
    n.set("noImage", tally(line.noImage()));
    n.set("failed", tally(line.failed()));
    n.set("interrupted", tally(line.interrupted()));
    n.set("all", tally(line.all()));
    if (!line.engineTime().isZero()) {
      n.put("engineSeconds", line.engineTime().toMillis() / 1000.0); // local engines' GPU time
    }
    return n;
  }

  private static ObjectNode tally(Tally tally) {
    return Json.object().put("count", tally.count()).put("costUsd", Json.usd(tally.costUsd()));
  }
}
