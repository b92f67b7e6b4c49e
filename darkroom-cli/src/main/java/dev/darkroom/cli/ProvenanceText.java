package dev.darkroom.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The human view of an image's embedded provenance, one labelled line per field. */
final class ProvenanceText {
  private ProvenanceText() {}

  static void print(PrintWriter out, String file, JsonNode p) {
    line(out, "file", file);
    line(out, "prompt", p.path("prompt").asText());
    // Top-level in records written before provider options, an option since.
    JsonNode system = p.hasNonNull("systemPrompt") ? p.get("systemPrompt") : p.path("parameters").path("options").get("systemPrompt");
    if (system != null && !system.isNull()) {
      line(out, "system prompt", system.asText());
    }
    line(out, "model", p.path("model").asText() + optional(" (", p, "modelName", ")")
        + optional(", version ", p, "modelVersion", ""));
    line(out, "parameters", parameters(p.path("parameters")));
    line(out, "seed", p.path("parameters").hasNonNull("seed") ? p.path("parameters").get("seed").asText() : "(none: random)");
    for (JsonNode in : p.path("inputs")) {
      line(out, "input", in.path("source").asText() + "  sha256 " + in.path("sha256").asText()
          + "  " + in.path("width").asInt() + "x" + in.path("height").asInt()
          + (in.path("resized").asBoolean() ? " (resized)" : ""));
    }
    if (p.hasNonNull("responseId")) {
      line(out, "response id", p.get("responseId").asText());
    }
    line(out, "finish reason", p.path("finishReason").asText());
    JsonNode u = p.path("usage");
    line(out, "usage", u.path("promptTokens").asLong() + " prompt, " + u.path("outputTokens").asLong() + " output ("
        + u.path("imageTokens").asLong() + " image), " + u.path("thoughtTokens").asLong() + " thought, "
        + u.path("totalTokens").asLong() + " total tokens");
    if (p.hasNonNull("costUsd")) {
      line(out, "cost", Formats.usd(new BigDecimal(p.get("costUsd").asText())) + " (whole call)");
    }
    JsonNode image = p.path("image");
    line(out, "image", image.path("index").asInt() + " of " + image.path("of").asInt() + ", "
        + image.path("width").asInt() + "x" + image.path("height").asInt() + " " + image.path("mimeType").asText()
        + (image.path("thought").asBoolean() ? " (interim thought image)" : ""));
    if (p.has("cell")) {
      JsonNode c = p.get("cell");
      line(out, "cell", "row " + c.path("row").asInt() + ", column " + c.path("col").asInt() + " at "
          + c.path("x").asInt() + "," + c.path("y").asInt() + ", " + c.path("width").asInt() + "x" + c.path("height").asInt());
    }
    if (p.hasNonNull("text")) {
      line(out, "model text", p.get("text").asText());
    }
    line(out, "created", p.path("createdAt").asText());
    line(out, "darkroom", p.path("darkroom").asText());
  }

  private static String parameters(JsonNode params) {
    List<String> parts = new ArrayList<>();
    addParameters(parts, params);
    return String.join(" ", parts);
  }

  /** key=value for each set parameter; the provider's options inline, the system prompt left to its own line. */
  private static void addParameters(List<String> parts, JsonNode params) {
    for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (e.getKey().equals("options") && v.isObject()) {
        ObjectNode options = v.deepCopy();
        options.remove("systemPrompt");
        addParameters(parts, options);
        continue;
      }
      boolean empty = v.isNull() || (v.isArray() && v.isEmpty()) || (v.isBoolean() && !v.asBoolean())
          || e.getKey().equals("seed");
      if (!empty) {
        parts.add(e.getKey() + "=" + (v.isValueNode() ? v.asText() : v.toString()));
      }
    }
  }

  private static String optional(String before, JsonNode p, String field, String after) {
    return p.hasNonNull(field) ? before + p.get(field).asText() + after : "";
  }

  /** One {@code label:       value} line, continuation lines indented under the value. */
  static void line(PrintWriter out, String label, String value) {
    String indent = " ".repeat(15);
    String text = value.strip().replace("\n", "\n" + indent);
    out.println(String.format("%-15s", label + ":") + text);
  }
}
