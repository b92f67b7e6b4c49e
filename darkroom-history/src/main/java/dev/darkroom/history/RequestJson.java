package dev.darkroom.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.Grid;
import dev.darkroom.ImageInput;
import dev.darkroom.ImageRequest;
import dev.darkroom.RequestCodec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code request_json} column: every parameter of a request, the inputs by path and digest.
 * Format 2 is the request's canonical form with its options in {@code options}; format 1 (before
 * provider options) kept them as top-level fields and is still read.
 */
final class RequestJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern IN_MEMORY = Pattern.compile("bytes \\(\\d+ B\\)|image \\d+x\\d+");

  private RequestJson() {}

  /**
   * The row's JSON: the request's canonical form ({@link RequestCodec}, format 2) plus its inputs
   * by path and digest, its mask and the client's longest input side.
   *
   * @param maxInputSide the client's longest side for reference images, null when unknown (then left out)
   */
  static String encode(ImageRequest r, List<String> inputSha256, @Nullable Integer maxInputSide) {
    ObjectNode o = JSON.createObjectNode();
    o.put("format", 2);
    o.setAll(RequestCodec.write(r));
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

  /** Reads a row's JSON, current (format 2) or older (format 1, options as top-level fields). */
  static StoredRequest decode(String json, String provider) {
    JsonNode o;
    try {
      o = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable request_json: " + e.getOriginalMessage(), e);
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
    Map<String, Object> options = new LinkedHashMap<>();
    try {
      RequestCodec.readOptions(provider, o).ifPresent(p -> options.putAll(p.values()));
    } catch (RuntimeException e) {
      // An option this version no longer accepts: show the row anyway; a rerun reports the problem.
    }
    String grid = text(o, "grid");
    JsonNode seed = o.get("seed");
    Long seedValue = seed == null || seed.isNull() ? null
        : seed.isBigInteger() ? Long.parseUnsignedLong(seed.asText()) : seed.asLong();
    return new StoredRequest(
        o,
        o.path("model").asText(),
        o.path("prompt").asText(""),
        text(o, "aspectRatio"),
        text(o, "imageSize"),
        o.path("effectiveImageSize").asText(""),
        text(o, "size"),
        seedValue,
        o.path("count").asInt(1),
        grid == null ? null : Grid.parse(grid),
        options,
        inputs,
        mask,
        o.hasNonNull("maxInputSide") ? o.get("maxInputSide").asInt() : null);
  }

  private static @Nullable String text(JsonNode o, String field) {
    JsonNode n = o.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }
}
