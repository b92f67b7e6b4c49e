package dev.darkroom.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.Grid;
import dev.darkroom.ImageInput;
import dev.darkroom.ImageRequest;
import dev.darkroom.SafetySetting;
import dev.darkroom.ThinkingLevel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code request_json} column: every parameter of a request, the inputs by path and digest.
 * Format 1; readers ignore fields they do not know, so later formats can add fields.
 */
final class RequestJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern IN_MEMORY = Pattern.compile("bytes \\(\\d+ B\\)|image \\d+x\\d+");

  private RequestJson() {}

  /** @param maxInputSide the client's longest side for reference images, null when unknown (then left out) */
  static String encode(ImageRequest r, List<String> inputSha256, @Nullable Integer maxInputSide) {
    ObjectNode o = JSON.createObjectNode();
    o.put("format", 1);
    o.put("model", r.model().id());
    o.put("prompt", r.prompt());
    r.systemPrompt().ifPresent(v -> o.put("systemPrompt", v));
    r.aspectRatio().ifPresent(v -> o.put("aspectRatio", v));
    r.imageSize().ifPresent(v -> o.put("imageSize", v));
    o.put("effectiveImageSize", r.effectiveImageSize());
    r.temperature().ifPresent(v -> o.put("temperature", v));
    r.seed().ifPresent(v -> o.put("seed", v));
    o.put("count", r.count());
    r.thinkingLevel().ifPresent(v -> o.put("thinkingLevel", v.name()));
    o.put("includeThoughts", r.includeThoughts());
    o.put("googleSearch", r.googleSearch());
    ArrayNode safety = o.putArray("safetySettings");
    for (SafetySetting s : r.safetySettings()) {
      safety.addObject().put("category", s.category().name()).put("threshold", s.threshold().name());
    }
    o.put("imageOnly", r.imageOnly());
    r.grid().ifPresent(g -> o.put("grid", g.toString()));
    r.size().ifPresent(v -> o.put("size", v));
    r.quality().ifPresent(v -> o.put("quality", v));
    r.background().ifPresent(v -> o.put("background", v));
    r.outputFormat().ifPresent(v -> o.put("outputFormat", v));
    r.outputCompression().ifPresent(v -> o.put("outputCompression", v));
    r.moderation().ifPresent(v -> o.put("moderation", v));
    r.safetyIdentifier().ifPresent(v -> o.put("safetyIdentifier", v));
    if (r.partialImages() > 0) {
      o.put("partialImages", r.partialImages());
    }
    r.mask().ifPresent(m -> {
      StoredInput in = describe(m, "");
      ObjectNode n = o.putObject("mask").put("kind", in.kind().name()).put("source", in.source());
      in.path().ifPresent(p -> n.put("path", p.toString()));
    });
    ArrayNode inputs = o.putArray("inputs");
    for (int i = 0; i < r.images().size(); i++) {
      StoredInput in = describe(r.images().get(i), i < inputSha256.size() ? inputSha256.get(i) : "");
      ObjectNode n = inputs.addObject().put("kind", in.kind().name()).put("source", in.source());
      in.path().ifPresent(p -> n.put("path", p.toString()));
      n.put("sha256", in.sha256());
    }
    if (maxInputSide != null) {
      o.put("maxInputSide", maxInputSide);
    }
    return o.toString();
  }

  /** Classifies an input by its description; file paths are made absolute against the current directory. */
  static StoredInput describe(ImageInput input, String sha256) {
    String d = input.description();
    String lower = d.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return new StoredInput(StoredInput.Kind.URL, d, null, sha256);
    }
    Path path;
    try {
      path = Path.of(d);
    } catch (InvalidPathException e) {
      return new StoredInput(StoredInput.Kind.IN_MEMORY, d, null, sha256);
    }
    if (IN_MEMORY.matcher(d).matches() && !Files.exists(path)) {
      return new StoredInput(StoredInput.Kind.IN_MEMORY, d, null, sha256);
    }
    return new StoredInput(StoredInput.Kind.FILE, d, path.toAbsolutePath().normalize(), sha256);
  }

  static StoredRequest decode(String json) {
    JsonNode o;
    try {
      o = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable request_json: " + e.getOriginalMessage(), e);
    }
    List<SafetySetting> safety = new ArrayList<>();
    for (JsonNode s : o.path("safetySettings")) {
      safety.add(new SafetySetting(SafetySetting.Category.valueOf(s.path("category").asText()),
          SafetySetting.Threshold.valueOf(s.path("threshold").asText())));
    }
    List<StoredInput> inputs = new ArrayList<>();
    for (JsonNode n : o.path("inputs")) {
      String path = text(n, "path");
      inputs.add(new StoredInput(StoredInput.Kind.valueOf(n.path("kind").asText()), n.path("source").asText(),
          path == null ? null : Path.of(path), n.path("sha256").asText("")));
    }
    StoredInput mask = null;
    if (o.hasNonNull("mask")) {
      JsonNode m = o.get("mask");
      String path = text(m, "path");
      mask = new StoredInput(StoredInput.Kind.valueOf(m.path("kind").asText()), m.path("source").asText(),
          path == null ? null : Path.of(path), "");
    }
    StoredRequest.Options options = new StoredRequest.Options(text(o, "size"), text(o, "quality"),
        text(o, "background"), text(o, "outputFormat"),
        o.hasNonNull("outputCompression") ? o.get("outputCompression").asInt() : null, text(o, "moderation"),
        text(o, "safetyIdentifier"), o.path("partialImages").asInt(0), mask);
    String thinking = text(o, "thinkingLevel");
    String grid = text(o, "grid");
    return new StoredRequest(
        o.path("model").asText(),
        o.path("prompt").asText(""),
        text(o, "systemPrompt"),
        text(o, "aspectRatio"),
        text(o, "imageSize"),
        o.path("effectiveImageSize").asText(""),
        o.hasNonNull("temperature") ? o.get("temperature").asDouble() : null,
        o.hasNonNull("seed") ? o.get("seed").asInt() : null,
        o.path("count").asInt(1),
        thinking == null ? null : ThinkingLevel.valueOf(thinking),
        o.path("includeThoughts").asBoolean(false),
        o.path("googleSearch").asBoolean(false),
        safety,
        o.path("imageOnly").asBoolean(false),
        grid == null ? null : Grid.parse(grid),
        inputs,
        options,
        o.hasNonNull("maxInputSide") ? o.get("maxInputSide").asInt() : null);
  }

  private static @Nullable String text(JsonNode o, String field) {
    JsonNode n = o.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }
}
