package dev.darkroom.cli;

import dev.darkroom.SafetySetting;
import dev.darkroom.Usage;
import dev.darkroom.history.GenerationRecord;
import dev.darkroom.history.OutputFile;
import dev.darkroom.history.OutputKind;
import dev.darkroom.history.StoredInput;
import dev.darkroom.history.StoredRequest;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The human view of one history row for {@code history show}: one labelled line per field. */
final class RecordText {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

  private RecordText() {}

  static void print(PrintWriter out, GenerationRecord r, ZoneId zone) {
    StoredRequest s = r.request();
    ProvenanceText.line(out, "id", "#" + r.id() + r.runId().map(run -> "  run " + run).orElse("")
        + "  call " + (r.callIndex() + 1) + " of " + s.count());
    ProvenanceText.line(out, "started", time(r.startedAt(), zone)
        + r.finishedAt().map(t -> ", finished " + time(t, zone)).orElse(""));
    ProvenanceText.line(out, "status", StatusNames.of(r.status()) + r.reason().map(x -> " (" + x + ")").orElse(""));
    if (r.errorKind().isPresent() || r.errorMessage().isPresent()) {
      ProvenanceText.line(out, "error", r.errorKind().map(k -> k.name() + ": ").orElse("")
          + r.errorMessage().orElse("")
          + (r.httpStatus() > 0 ? "  (HTTP " + r.httpStatus() + r.vendorStatus().map(v -> " " + v).orElse("") + ")" : ""));
    }
    ProvenanceText.line(out, "model", r.model() + r.modelVersion().map(v -> ", version " + v).orElse("")
        + " (" + r.provider() + ")");
    ProvenanceText.line(out, "prompt", s.prompt());
    s.option("systemPrompt").ifPresent(p -> ProvenanceText.line(out, "system prompt", p));
    ProvenanceText.line(out, "parameters", parameters(s));
    ProvenanceText.line(out, "seed", s.seed().map(Long::toUnsignedString).orElse("(none: random)"));
    for (StoredInput in : s.inputs()) {
      ProvenanceText.line(out, "input", in.path().map(Object::toString).orElse(in.source())
          + "  sha256 " + (in.sha256().isEmpty() ? "(unknown)" : in.sha256()));
    }
    r.responseId().ifPresent(id -> ProvenanceText.line(out, "response id", id));
    if (!r.modelText().isBlank()) {
      ProvenanceText.line(out, "model text", r.modelText());
    }
    Usage u = r.usage();
    ProvenanceText.line(out, "usage", u.promptTokens() + " prompt, " + u.outputTokens() + " output ("
        + u.imageOutputTokens() + " image), " + u.thoughtTokens() + " thought, " + u.totalTokens() + " total tokens");
    ProvenanceText.line(out, "cost", RecordText.cost(r));
    r.engineTime().ifPresent(d -> ProvenanceText.line(out, "engine time",
        String.format(Locale.ROOT, "%.1f s (the engine's own time: GPU seconds on a local engine; no money)",
            d.toMillis() / 1000.0)));
    ProvenanceText.line(out, "latency", r.latency().map(d -> String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0))
        .orElse("(unknown)") + ", " + (r.attempts() > 0 ? Formats.count(r.attempts(), "attempt") : "attempts unknown"));
    for (OutputFile f : r.outputs()) {
      ProvenanceText.line(out, "file", file(f));
    }
    out.flush();
  }

  private static String file(OutputFile f) {
    FileCheck check = FileCheck.of(f);
    String what = f.kind() == OutputKind.CELL ? "cell row " + f.gridRow() + ", column " + f.gridCol()
        : f.kind().name().toLowerCase(Locale.ROOT);
    return f.path().map(Object::toString).orElse("(not saved)") + "\n"
        + "sha256 " + f.sha256() + "\n"
        + (check.recordedOrOnDisk(f) >= 0 ? Formats.bytes(check.recordedOrOnDisk(f)) + ", " : "") + f.width() + "x" + f.height() + " "
        + f.mimeType() + ", " + what + (check.state().equals("unchanged") ? "" : " (" + check.state() + ")");
  }

  private static String parameters(StoredRequest s) {
    List<String> parts = new ArrayList<>();
    s.aspectRatio().ifPresent(a -> parts.add("aspectRatio=" + a));
    parts.add("imageSize=" + s.imageSize().orElse(s.effectiveImageSize() + " (model default)"));
    s.size().ifPresent(v -> parts.add("size=" + v));
    s.options().forEach((name, value) -> {
      if (!name.equals("systemPrompt")) {
        parts.add(name + "=" + value);
      }
    });
    s.grid().ifPresent(g -> parts.add("grid=" + g));
    if (!s.inputs().isEmpty()) {
      s.maxInputSide().ifPresent(m -> parts.add("maxInputSide=" + (m == 0 ? "unchanged" : m)));
    }
    parts.add("count=" + s.count());
    return String.join(" ", parts);
  }

  static String time(Instant t, ZoneId zone) {
    return TIME.format(t.atZone(zone));
  }

  /**
   * The recorded cost, or {@code not charged} for a blocked call recorded at zero (the provider said it
   * bills nothing for it).
   */
  static String cost(dev.darkroom.history.GenerationRecord r) {
    return r.status() == dev.darkroom.history.GenerationStatus.BLOCKED && r.costUsd().signum() == 0 ? "not charged"
        : Formats.usd4(r.costUsd());
  }
}
