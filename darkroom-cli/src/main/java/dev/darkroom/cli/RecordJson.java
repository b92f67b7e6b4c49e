package dev.darkroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.SafetySetting;
import dev.darkroom.history.GenerationRecord;
import dev.darkroom.history.OutputFile;
import dev.darkroom.history.StoredInput;
import dev.darkroom.history.StoredRequest;
import java.math.BigInteger;
import java.util.Locale;

/**
 * A history row as JSON, for {@code history --json} (one per row) and {@code history show --json}:
 * the request with every parameter and input, the outcome, usage, cost, timing and files. Times are
 * ISO-8601 instants, paths absolute, amounts in USD.
 */
final class RecordJson {
  private RecordJson() {}

  /** @param checkFiles whether to look at each output file on disk now (size, missing or changed) */
  static ObjectNode of(GenerationRecord r, boolean checkFiles) {
    ObjectNode n = Json.object();
    n.put("id", r.id());
    n.put("runId", r.runId().orElse(null));
    n.put("callIndex", r.callIndex());
    n.put("startedAt", r.startedAt().toString());
    n.put("finishedAt", r.finishedAt().map(Object::toString).orElse(null));
    n.put("status", StatusNames.of(r.status()));
    n.put("provider", r.provider());
    n.put("model", r.model());
    n.put("modelVersion", r.modelVersion().orElse(null));
    n.set("request", request(r.request()));
    n.put("reason", r.reason().orElse(null));
    n.put("errorKind", r.errorKind().map(Enum::name).orElse(null));
    n.put("errorMessage", r.errorMessage().orElse(null));
    n.put("httpStatus", r.httpStatus() == 0 ? null : r.httpStatus());
    n.put("vendorStatus", r.vendorStatus().orElse(null));
    n.put("modelText", r.modelText());
    n.put("responseId", r.responseId().orElse(null));
    n.set("usage", GenerationJson.usage(r.usage()));
    n.put("costUsd", Json.usd(r.costUsd()));
    n.put("latencyMs", r.latency().map(d -> d.toMillis()).orElse(null));
    n.put("engineMs", r.engineTime().map(d -> d.toMillis()).orElse(null));
    n.put("attempts", r.attempts());
    n.put("pid", r.pid());
    ArrayNode out = n.putArray("files");
    for (OutputFile f : r.outputs()) {
      ObjectNode o = out.addObject();
      o.put("kind", f.kind().name().toLowerCase(Locale.ROOT));
      o.put("path", f.path().map(Object::toString).orElse(null));
      o.put("sha256", f.sha256());
      o.put("mimeType", f.mimeType());
      o.put("width", f.width());
      o.put("height", f.height());
      if (f.gridRow() > 0) {
        o.put("row", f.gridRow());
        o.put("col", f.gridCol());
      }
      if (checkFiles) {
        FileCheck check = FileCheck.of(f);
        long bytes = check.recordedOrOnDisk(f);
        o.put("bytes", bytes < 0 ? null : bytes);
        o.put("onDisk", check.state());
      }
    }
    return n;
  }

  private static ObjectNode request(StoredRequest s) {
    ObjectNode n = Json.object();
    n.put("model", s.model());
    n.put("prompt", s.prompt());
    n.put("aspectRatio", s.aspectRatio().orElse(null));
    n.put("imageSize", s.imageSize().orElse(null));
    n.put("effectiveImageSize", s.effectiveImageSize());
    n.put("size", s.size().orElse(null));
    // A number, as before options moved and as the canonical form writes it; unsigned above 2^63.
    Long seed = s.seed().orElse(null);
    if (seed == null) {
      n.putNull("seed");
    } else if (seed >= 0) {
      n.put("seed", seed.longValue());
    } else {
      n.put("seed", new BigInteger(Long.toUnsignedString(seed)));
    }
    n.put("count", s.count());
    n.set("options", Json.MAPPER.valueToTree(s.options()));
    n.put("grid", s.grid().map(Object::toString).orElse(null));
    ArrayNode inputs = n.putArray("inputs");
    for (StoredInput in : s.inputs()) {
      inputs.addObject()
          .put("kind", in.kind().name().toLowerCase(Locale.ROOT))
          .put("source", in.source())
          .put("path", in.path().map(Object::toString).orElse(null))
          .put("sha256", in.sha256().isEmpty() ? null : in.sha256());
    }
    n.put("maxInputSide", s.maxInputSide().isPresent() ? s.maxInputSide().getAsInt() : null);
    return n;
  }
}
