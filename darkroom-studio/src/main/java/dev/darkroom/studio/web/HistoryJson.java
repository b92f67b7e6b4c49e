package dev.darkroom.studio.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.history.GenerationRecord;
import dev.darkroom.history.OutputFile;
import dev.darkroom.history.OutputKind;
import dev.darkroom.history.StoredInput;
import dev.darkroom.history.StoredRequest;
import java.util.Optional;

/** History rows as the pages see them: summaries for lists, and the whole provenance of one row. */
final class HistoryJson {
  static final ObjectMapper JSON = new ObjectMapper();

  private HistoryJson() {}

  /** The URL a page loads an output file from; the server resolves it through the history only. */
  static String fileUrl(GenerationRecord r, OutputFile f) {
    return "/files/" + r.id() + "/" + f.id();
  }

  /** The first saved final image (or grid cell), the one a list shows. */
  static Optional<OutputFile> cover(GenerationRecord r) {
    return r.outputs().stream().filter(f -> f.kind() != OutputKind.THOUGHT && f.path().isPresent()).findFirst();
  }

  static ObjectNode summary(GenerationRecord r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", r.id());
    o.put("startedAt", r.startedAt().toString());
    o.put("status", r.status().name());
    o.put("model", r.model());
    o.put("provider", r.provider());
    o.put("prompt", r.prompt());
    o.put("costUsd", r.costUsd().toPlainString());
    o.put("runId", r.runId().orElse(null));
    Optional<OutputFile> cover = cover(r);
    o.put("thumb", cover.map(f -> fileUrl(r, f)).orElse(null));
    o.put("width", cover.map(OutputFile::width).orElse(0));
    o.put("height", cover.map(OutputFile::height).orElse(0));
    o.put("images", r.outputs().stream().filter(f -> f.kind() != OutputKind.THOUGHT && f.path().isPresent()).count());
    return o;
  }

  /** Everything the history knows about one row, file paths replaced by URLs the server serves. */
  static ObjectNode provenance(GenerationRecord r) {
    ObjectNode o = summary(r);
    o.put("finishedAt", r.finishedAt().map(Object::toString).orElse(null));
    o.put("modelVersion", r.modelVersion().orElse(null));
    o.put("callIndex", r.callIndex());
    o.put("errorKind", r.errorKind().map(Enum::name).orElse(null));
    o.put("errorMessage", r.errorMessage().orElse(null));
    o.put("reason", r.reason().orElse(null));
    o.put("modelText", r.modelText());
    o.put("responseId", r.responseId().orElse(null));
    o.put("latencyMs", r.latency().map(d -> d.toMillis()).orElse(null));
    o.put("attempts", r.attempts());
    ObjectNode usage = o.putObject("usage");
    usage.put("promptTokens", r.usage().promptTokens());
    usage.put("outputTokens", r.usage().outputTokens());
    usage.put("imageOutputTokens", r.usage().imageOutputTokens());
    usage.put("thoughtTokens", r.usage().thoughtTokens());
    o.set("request", request(r.request()));
    ArrayNode outputs = o.putArray("outputs");
    for (OutputFile f : r.outputs()) {
      ObjectNode x = outputs.addObject();
      x.put("id", f.id());
      x.put("kind", f.kind().name());
      x.put("url", f.path().isPresent() ? fileUrl(r, f) : null);
      x.put("name", f.path().map(p -> p.getFileName().toString()).orElse(null));
      x.put("mimeType", f.mimeType());
      x.put("width", f.width());
      x.put("height", f.height());
      x.put("sha256", f.sha256());
      if (f.gridRow() > 0) {
        x.put("gridRow", f.gridRow());
        x.put("gridCol", f.gridCol());
      }
    }
    return o;
  }

  /** The stored request in its canonical shape ({@code dev.darkroom.RequestCodec}), inputs described. */
  static ObjectNode request(StoredRequest q) {
    ObjectNode o = JSON.createObjectNode();
    o.put("model", q.model());
    o.put("prompt", q.prompt());
    o.put("aspectRatio", q.aspectRatio().orElse(null));
    o.put("imageSize", q.imageSize().orElse(null));
    o.put("effectiveImageSize", q.effectiveImageSize());
    q.size().ifPresent(s -> o.put("size", s));
    if (q.seed().isPresent()) {
      o.put("seed", Long.toUnsignedString(q.seed().get()));
    } else {
      o.putNull("seed");
    }
    o.put("count", q.count());
    o.put("grid", q.grid().map(Object::toString).orElse(null));
    o.set("options", JSON.valueToTree(q.options()));
    ArrayNode inputs = o.putArray("inputs");
    for (StoredInput in : q.inputs()) {
      inputs.addObject().put("kind", in.kind().name()).put("name", name(in)).put("sha256", in.sha256());
    }
    return o;
  }

  /** A file input's name only: the page has no business with the server's directory layout. */
  private static String name(StoredInput in) {
    return in.path().map(p -> p.getFileName().toString()).orElse(in.kind() == StoredInput.Kind.URL ? in.source() : "");
  }
}
