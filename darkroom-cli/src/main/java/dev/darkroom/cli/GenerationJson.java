package dev.darkroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.DarkroomException;
import dev.darkroom.GeneratedImage;
import dev.darkroom.Generation;
import dev.darkroom.GridCell;
import dev.darkroom.GroundingSource;
import dev.darkroom.ImageResult;
import dev.darkroom.Usage;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code generate --json} document: images, grid cells, thought images, text, usage, cost, one
 * entry per provider call, partial failures and warnings. Paths are absolute; a grid original that
 * was not saved has a null path.
 */
final class GenerationJson {
  private GenerationJson() {}

  static ObjectNode of(ImageResult result, List<String> warnings) {
    ObjectNode root = Json.object();
    ArrayNode images = root.putArray("images");
    ArrayNode cells = root.putArray("cells");
    ArrayNode thoughtImages = root.putArray("thoughtImages");
    int index = 0;
    for (Generation g : result.generations()) {
      for (GeneratedImage image : g.images()) {
        index++;
        images.add(image(image));
        for (GridCell cell : image.cells()) {
          cells.add(cell(cell, index));
        }
      }
      g.thoughtImages().forEach(t -> thoughtImages.add(image(t)));
    }
    List<Generation> gens = result.generations();
    Generation first = gens.get(0);
    root.put("text", gens.stream().map(Generation::text).filter(t -> !t.isBlank()).collect(Collectors.joining("\n")));
    root.put("thoughts", gens.stream().map(Generation::thoughts).filter(t -> !t.isBlank()).collect(Collectors.joining("\n")));
    root.put("finishReason", first.finishReason());
    root.put("model", first.model());
    root.put("modelVersion", first.modelVersion().orElse(null));
    root.put("responseId", first.responseId().orElse(null));
    ArrayNode responses = root.putArray("responses");
    for (Generation g : gens) {
      ObjectNode r = responses.addObject();
      r.put("responseId", g.responseId().orElse(null));
      r.put("modelVersion", g.modelVersion().orElse(null));
      r.put("finishReason", g.finishReason());
      r.set("usage", usage(g.usage()));
      r.put("costUsd", Json.usd(g.costUsd()));
      r.put("latencyMs", g.latency().toMillis());
      r.put("attempts", g.attempts());
    }
    root.set("usage", usage(result.usage()));
    root.put("costUsd", Json.usd(result.costUsd()));
    Set<GroundingSource> sources = new LinkedHashSet<>();
    gens.forEach(g -> sources.addAll(g.groundingSources()));
    ArrayNode grounding = root.putArray("groundingSources");
    sources.forEach(s -> grounding.addObject().put("uri", s.uri()).put("title", s.title()));
    ArrayNode failures = root.putArray("failures");
    for (DarkroomException f : result.failures()) {
      failures.addObject().put("kind", f.kind().name()).put("message", f.getMessage())
          .put("exitCode", ExitCodes.of(f.kind()));
    }
    ArrayNode warningArray = root.putArray("warnings");
    warnings.forEach(warningArray::add);
    return root;
  }

  private static ObjectNode image(GeneratedImage image) {
    ObjectNode n = Json.object();
    n.put("path", image.path().map(p -> p.toAbsolutePath().toString()).orElse(null));
    n.put("mimeType", image.mimeType());
    n.put("width", image.width());
    n.put("height", image.height());
    n.put("sha256", image.sha256());
    n.put("bytes", image.byteCount());
    return n;
  }

  private static ObjectNode cell(GridCell cell, int imageIndex) {
    ObjectNode n = Json.object();
    n.put("path", cell.savedPath().map(p -> p.toAbsolutePath().toString()).orElse(null));
    n.put("image", imageIndex);
    n.put("row", cell.row());
    n.put("col", cell.col());
    n.put("x", cell.x());
    n.put("y", cell.y());
    n.put("width", cell.width());
    n.put("height", cell.height());
    n.put("sha256", cell.image().sha256());
    n.put("bytes", cell.image().byteCount());
    return n;
  }

  static ObjectNode usage(Usage u) {
    ObjectNode n = Json.object();
    n.put("promptTokens", u.promptTokens());
    n.put("outputTokens", u.outputTokens());
    n.put("imageTokens", u.imageOutputTokens());
    n.put("thoughtTokens", u.thoughtTokens());
    n.put("totalTokens", u.totalTokens());
    return n;
  }
}
