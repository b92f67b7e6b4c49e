package dev.darkroom.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.Darkroom;
import dev.darkroom.ImageRequest;
import java.io.PrintWriter;
import java.util.List;

/** Prints what {@code generate --dry-run} would send: endpoint, body and estimated cost. */
final class DryRunReport {
  private DryRunReport() {}

  static void print(PrintWriter out, Darkroom.DryRun dryRun, ImageRequest request, boolean json, List<String> warnings) {
    if (json) {
      ObjectNode root = Json.object();
      root.put("dryRun", true);
      root.put("method", "POST");
      root.put("endpoint", dryRun.endpoint());
      try {
        root.set("body", Json.MAPPER.readTree(dryRun.body()));
      } catch (JsonProcessingException e) {
        root.put("body", dryRun.body());
      }
      root.put("model", request.model().id());
      root.put("count", request.count());
      root.put("estimatedCostUsd", Json.usd(dryRun.estimatedCostUsd()));
      root.put("estimateIsUpperBound", dryRun.upperBound());
      warnings.forEach(root.putArray("warnings")::add);
      Json.print(out, root);
      return;
    }
    out.println("POST " + dryRun.endpoint());
    out.println(dryRun.body());
    out.println("estimated cost: " + (dryRun.upperBound() ? "up to " : "") + Formats.usd(dryRun.estimatedCostUsd())
        + " for "
        + Formats.count(request.count(), "image") + " with " + request.model().id()
        + (dryRun.upperBound() ? " (the provider decides the quality or how long the model thinks)" : "")
        + " (nothing was sent)");
    out.flush();
  }
}
