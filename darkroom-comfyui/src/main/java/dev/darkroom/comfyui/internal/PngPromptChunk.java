package dev.darkroom.comfyui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.internal.image.PngText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code prompt} PNG text chunk ComfyUI's SaveImage writes: the API-format graph the server ran, as Python's
 * {@code json.dumps} prints it, in a {@code tEXt} chunk before the image data. ComfyUI loads a dropped PNG's graph
 * from it, so a Darkroom image dragged into ComfyUI opens the graph that made it.
 *
 * <p>The server stores the graph after validation has converted literal inputs to their declared types
 * ({@code int()} for INT, {@code float()} for FLOAT, {@code str()} for STRING, {@code bool()} for BOOLEAN, and a
 * {@code {"__value__": v}} wrapper unwrapped), so a FLOAT sent as {@code 8} is written as {@code 8.0}. Given the
 * node definitions, {@link #promptText(ObjectNode, ObjectInfo)} applies the same conversions; without them the
 * graph is written as given (graphs from {@link GraphBuilder} already use the declared types).
 */
public final class PngPromptChunk {
  /** The chunk keyword. */
  public static final String KEYWORD = "prompt";

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private PngPromptChunk() {}

  /** The chunk text for a graph, as given. */
  public static String promptText(ObjectNode graph) {
    return PythonJson.dumps(graph);
  }

  /** The chunk text for a graph after ComfyUI's input type conversions, when {@code info} is known. */
  public static String promptText(ObjectNode graph, @Nullable ObjectInfo info) {
    return PythonJson.dumps(info == null ? graph : coerce(graph, info));
  }

  /** The {@code prompt} chunk's text, when the PNG has one. */
  public static Optional<String> read(byte[] png) {
    return Optional.ofNullable(PngText.read(png).get(KEYWORD));
  }

  /**
   * Returns {@code png} unchanged when it already has a {@code prompt} chunk (ComfyUI wrote it; it is kept as the
   * engine wrote it), else a copy with one holding {@code graph}.
   *
   * @param info node definitions for ComfyUI's type conversions, or null to write the graph as given
   * @throws IllegalArgumentException when {@code png} is not a well-formed PNG
   */
  public static byte[] ensure(byte[] png, ObjectNode graph, @Nullable ObjectInfo info) {
    if (read(png).isPresent()) {
      return png;
    }
    return PngText.withText(png, List.of(PngText.Entry.of(KEYWORD, promptText(graph, info))));
  }

  /** A copy of the graph with literal inputs converted as ComfyUI's validation converts them. */
  static ObjectNode coerce(ObjectNode graph, ObjectInfo info) {
    ObjectNode copy = graph.deepCopy();
    for (Map.Entry<String, JsonNode> node : copy.properties()) {
      ObjectInfo.NodeDef def = info.nodes().get(node.getValue().path("class_type").asText());
      JsonNode inputsNode = node.getValue().get("inputs");
      if (def == null || !(inputsNode instanceof ObjectNode inputs)) {
        continue;
      }
      for (ObjectInfo.InputDef in : def.inputs().values()) {
        JsonNode v = inputs.get(in.name());
        if (v == null || v.isArray()) {
          continue;
        }
        if (v.isObject() && v.has("__value__")) {
          v = v.get("__value__");
          inputs.set(in.name(), v);
        }
        JsonNode converted = convert(v, in.type());
        if (converted != null) {
          inputs.set(in.name(), converted);
        }
      }
    }
    return copy;
  }

  private static @Nullable JsonNode convert(JsonNode v, @Nullable String type) {
    if (type == null) {
      return null;
    }
    switch (type) {
      case "INT" -> {
        if (v.isNumber()) {
          return F.numberNode(v.decimalValue().setScale(0, RoundingMode.DOWN).toBigIntegerExact());
        }
        if (v.isBoolean()) {
          return F.numberNode(v.asBoolean() ? 1 : 0);
        }
        if (v.isTextual()) {
          try {
            return F.numberNode(new BigInteger(v.asText().trim()));
          } catch (NumberFormatException e) {
            return null;
          }
        }
        return null;
      }
      case "FLOAT" -> {
        if (v.isNumber() || v.isBoolean()) {
          return F.numberNode(v.isBoolean() ? (v.asBoolean() ? 1.0 : 0.0) : v.doubleValue());
        }
        if (v.isTextual()) {
          try {
            return F.numberNode(new BigDecimal(v.asText().trim()).doubleValue());
          } catch (NumberFormatException e) {
            return null;
          }
        }
        return null;
      }
      case "STRING" -> {
        if (v.isTextual()) {
          return null;
        }
        if (v.isBoolean()) {
          return F.textNode(v.asBoolean() ? "True" : "False");
        }
        if (v.isNumber()) {
          return F.textNode(v.isIntegralNumber() ? v.bigIntegerValue().toString() : PythonJson.floatRepr(v.doubleValue()));
        }
        return null;
      }
      case "BOOLEAN" -> {
        if (v.isBoolean()) {
          return null;
        }
        if (v.isTextual()) {
          return F.booleanNode(!v.asText().isEmpty());
        }
        if (v.isNumber()) {
          return F.booleanNode(v.decimalValue().signum() != 0);
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }
}
