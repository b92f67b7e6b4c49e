package dev.darkroom.comfyui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.InvalidRequestException;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Fills Darkroom's values into a user's API-format workflow.
 *
 * <p><b>Named inputs.</b> Give a node the title {@code darkroom:<name>} in ComfyUI (several names separated by
 * commas, e.g. {@code darkroom:width,height}; {@code darkroom:size} means both) and export with File → Export
 * (API); the title travels in {@code _meta.title}. Names and the node inputs they set:
 *
 * <table>
 *   <caption>names</caption>
 *   <tr><td>prompt, negative</td><td>{@code text}, {@code text_g}, {@code text_l}, {@code prompt}, {@code string}</td></tr>
 *   <tr><td>seed</td><td>{@code seed}, {@code noise_seed}</td></tr>
 *   <tr><td>width, height, batch_size</td><td>{@code width}, {@code height}, {@code batch_size} or {@code amount}</td></tr>
 *   <tr><td>steps, cfg, sampler, scheduler, denoise</td><td>{@code steps}, {@code cfg}, {@code sampler_name},
 *       {@code scheduler}, {@code denoise}</td></tr>
 *   <tr><td>checkpoint, image</td><td>{@code ckpt_name}, {@code image}; the checkpoint (the model id) is left to
 *       the graph when no node is titled for it and the graph has no single CheckpointLoaderSimple</td></tr>
 *   <tr><td>any other name (from {@link GraphSettings#workflowInputs()})</td><td>the input of that name</td></tr>
 * </table>
 *
 * <p>A node that has none of those inputs but has a {@code value} input (a primitive node) gets the value there.
 * A titled node whose input is missing, or is a link, is an error.
 *
 * <p><b>Conventions</b>, used for a name no node is titled with: the prompt goes into every text encoder linked
 * directly to some node's {@code positive} input, the negative prompt likewise for {@code negative}; the seed into
 * every literal {@code seed}/{@code noise_seed}; size and batch size into {@code Empty…Latent…} nodes; steps, cfg,
 * sampler, scheduler and denoise into KSampler/KSamplerAdvanced nodes; the checkpoint into the only
 * CheckpointLoaderSimple; the input image into the only LoadImage.
 *
 * <p>The prompt and the seed are always filled (a workflow with no place for the prompt is refused; one with no
 * seed is run as it is). The others are filled only when set explicitly in the options, and then must land
 * somewhere.
 */
public final class WorkflowFiller {
  /** The title prefix that names an input. */
  public static final String TITLE_PREFIX = "darkroom:";

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Map<String, List<String>> TARGETS = Map.ofEntries(
      Map.entry("prompt", List.of("text", "text_g", "text_l", "prompt", "string")),
      Map.entry("negative", List.of("text", "text_g", "text_l", "prompt", "string")),
      Map.entry("seed", List.of("seed", "noise_seed")),
      Map.entry("width", List.of("width")),
      Map.entry("height", List.of("height")),
      Map.entry("batch_size", List.of("batch_size", "amount")),
      Map.entry("steps", List.of("steps")),
      Map.entry("cfg", List.of("cfg")),
      Map.entry("sampler", List.of("sampler_name")),
      Map.entry("scheduler", List.of("scheduler")),
      Map.entry("denoise", List.of("denoise")),
      Map.entry("checkpoint", List.of("ckpt_name")),
      Map.entry("image", List.of("image")));

  /**
   * Returns a filled copy of the options' workflow.
   *
   * @throws InvalidRequestException when a value has nowhere to go, or a titled node cannot take it
   */
  public ObjectNode fill(GraphSettings options, String prompt, BigInteger seed, @Nullable String inputImage) {
    ObjectNode source = options.workflow();
    if (source == null) {
      throw new IllegalArgumentException("options carry no workflow");
    }
    String where = options.workflowFile() != null ? options.workflowFile() : "(inline)";
    ObjectNode graph = ApiGraphs.requireApiFormat(source, where);
    Map<String, List<String>> titled = titledNodes(graph);

    Map<String, JsonNode> values = new LinkedHashMap<>();
    values.put("prompt", F.textNode(prompt));
    if (options.isExplicit("negative")) {
      values.put("negative", F.textNode(options.negative()));
    }
    values.put("seed", GraphBuilder.seedNode(seed));
    if (options.isExplicit("width")) {
      values.put("width", F.numberNode(options.width()));
    }
    if (options.isExplicit("height")) {
      values.put("height", F.numberNode(options.height()));
    }
    if (options.isExplicit("batch_size")) {
      values.put("batch_size", F.numberNode(options.batchSize()));
    }
    if (options.isExplicit("steps")) {
      values.put("steps", F.numberNode(options.steps()));
    }
    if (options.isExplicit("cfg")) {
      values.put("cfg", F.numberNode(options.cfg()));
    }
    if (options.isExplicit("sampler")) {
      values.put("sampler", F.textNode(options.sampler()));
    }
    if (options.isExplicit("scheduler")) {
      values.put("scheduler", F.textNode(options.scheduler()));
    }
    if (options.isExplicit("denoise")) {
      values.put("denoise", F.numberNode(options.denoise(inputImage != null)));
    }
    if (options.checkpoint() != null) {
      values.put("checkpoint", F.textNode(options.checkpoint()));
    }
    if (inputImage != null) {
      values.put("image", F.textNode(inputImage));
    }
    options.workflowInputs().forEach((name, value) -> values.put(name.toLowerCase(Locale.ROOT), toNode(value)));

    for (Map.Entry<String, JsonNode> e : values.entrySet()) {
      String name = e.getKey();
      List<String> ids = titled.get(name);
      if (ids != null) {
        for (String id : ids) {
          fillTitled(graph, id, name, e.getValue());
        }
      } else if (!fillByConvention(graph, name, e.getValue()) && !name.equals("seed") && !name.equals("checkpoint")) {
        throw new InvalidRequestException("workflow " + where + " has no place for " + name + ": title the node"
            + " that should receive it " + TITLE_PREFIX + name + " in ComfyUI and export it again with File →"
            + " Export (API)" + conventionHint(name));
      }
    }
    return graph;
  }

  private static Map<String, List<String>> titledNodes(ObjectNode graph) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    graph.properties().forEach(e -> {
      String title = ApiGraphs.title(e.getValue()).trim();
      if (title.regionMatches(true, 0, TITLE_PREFIX, 0, TITLE_PREFIX.length())) {
        for (String raw : title.substring(TITLE_PREFIX.length()).split("[,\\s]+")) {
          String name = raw.trim().toLowerCase(Locale.ROOT);
          if (name.isEmpty()) {
            continue;
          }
          List<String> names = name.equals("size") ? List.of("width", "height") : List.of(name);
          for (String n : names) {
            out.computeIfAbsent(n, k -> new ArrayList<>()).add(e.getKey());
          }
        }
      }
    });
    return out;
  }

  private static void fillTitled(ObjectNode graph, String id, String name, JsonNode value) {
    ObjectNode node = (ObjectNode) graph.get(id);
    ObjectNode inputs = (ObjectNode) node.get("inputs");
    List<String> candidates = TARGETS.getOrDefault(name, List.of(name));
    boolean filled = false;
    for (String input : candidates) {
      filled |= setLiteral(graph, id, input, value);
    }
    if (!filled && !hasAny(inputs, candidates)) {
      filled = setLiteral(graph, id, "value", value);
    }
    if (!filled) {
      throw new InvalidRequestException("workflow node " + id + " (" + node.path("class_type").asText() + ") is titled "
          + TITLE_PREFIX + name + " but has no literal input " + String.join(" or ", candidates)
          + " to receive it (its inputs: " + fieldNames(inputs) + "); an input fed by a link cannot be filled");
    }
  }

  /** Sets {@code inputs[input]} when present and not a link; returns whether it did. */
  private static boolean setLiteral(ObjectNode graph, String id, String input, JsonNode value) {
    ObjectNode inputs = (ObjectNode) graph.get(id).get("inputs");
    JsonNode current = inputs.get(input);
    if (current == null || ApiGraphs.isLink(current)) {
      return false;
    }
    inputs.set(input, value.deepCopy());
    return true;
  }

  private static boolean fillByConvention(ObjectNode graph, String name, JsonNode value) {
    List<String> targets = new ArrayList<>();
    switch (name) {
      case "prompt", "negative" -> {
        String role = name.equals("prompt") ? "positive" : "negative";
        Set<String> sources = new LinkedHashSet<>();
        graph.properties().forEach(e -> {
          JsonNode link = e.getValue().path("inputs").get(role);
          if (link != null && ApiGraphs.isLink(link) && graph.has(link.get(0).asText())) {
            sources.add(link.get(0).asText());
          }
        });
        boolean any = false;
        for (String id : sources) {
          boolean here = false;
          for (String input : List.of("text", "text_g", "text_l")) {
            here |= setLiteral(graph, id, input, value);
          }
          any |= here;
        }
        return any;
      }
      case "seed" -> {
        boolean any = false;
        for (String id : ids(graph)) {
          any |= setLiteral(graph, id, "seed", value);
          any |= setLiteral(graph, id, "noise_seed", value);
        }
        return any;
      }
      case "width", "height", "batch_size" -> {
        for (String id : ids(graph)) {
          String type = classType(graph, id);
          if (type.startsWith("Empty") && type.contains("Latent")) {
            targets.add(id);
          }
        }
        return setAll(graph, targets, name, value);
      }
      case "steps", "cfg", "sampler", "scheduler", "denoise" -> {
        for (String id : ids(graph)) {
          String type = classType(graph, id);
          if (type.equals("KSampler") || type.equals("KSamplerAdvanced")) {
            targets.add(id);
          }
        }
        return setAll(graph, targets, TARGETS.get(name).get(0), value);
      }
      case "checkpoint", "image" -> {
        String type = name.equals("checkpoint") ? "CheckpointLoaderSimple" : "LoadImage";
        for (String id : ids(graph)) {
          if (classType(graph, id).equals(type)) {
            targets.add(id);
          }
        }
        if (targets.size() > 1 && name.equals("checkpoint")) {
          return false; // base and refiner loaders: the graph decides unless one is titled darkroom:checkpoint
        }
        if (targets.size() > 1) {
          throw new InvalidRequestException("workflow has " + targets.size() + " " + type + " nodes (" + targets
              + "); title the one that should receive the " + name + " " + TITLE_PREFIX + name);
        }
        return setAll(graph, targets, TARGETS.get(name).get(0), value);
      }
      default -> {
        return false;
      }
    }
  }

  private static boolean setAll(ObjectNode graph, List<String> ids, String input, JsonNode value) {
    boolean any = false;
    for (String id : ids) {
      any |= setLiteral(graph, id, input, value);
    }
    return any;
  }

  private static String conventionHint(String name) {
    return switch (name) {
      case "prompt" -> " (by convention it goes into a CLIPTextEncode linked to a sampler's positive input)";
      case "negative" -> " (by convention it goes into a CLIPTextEncode linked to a sampler's negative input)";
      case "width", "height", "batch_size" -> " (by convention it goes into an EmptyLatentImage node)";
      case "image" -> " (by convention it goes into the workflow's only LoadImage node)";
      case "checkpoint" -> " (by convention it goes into the workflow's only CheckpointLoaderSimple node)";
      default -> "";
    };
  }

  private static List<String> ids(ObjectNode graph) {
    List<String> ids = new ArrayList<>();
    graph.fieldNames().forEachRemaining(ids::add);
    return ids;
  }

  private static String classType(ObjectNode graph, String id) {
    return graph.get(id).path("class_type").asText();
  }

  private static boolean hasAny(ObjectNode inputs, List<String> names) {
    return names.stream().anyMatch(inputs::has);
  }

  private static List<String> fieldNames(ObjectNode inputs) {
    List<String> names = new ArrayList<>();
    inputs.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode toNode(Object value) {
    Objects.requireNonNull(value, "value");
    if (value instanceof String s) {
      return F.textNode(s);
    }
    if (value instanceof Boolean b) {
      return F.booleanNode(b);
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return F.numberNode(((Number) value).longValue());
    }
    if (value instanceof BigInteger b) {
      return F.numberNode(b);
    }
    if (value instanceof Number n) {
      return F.numberNode(n.doubleValue());
    }
    throw new InvalidRequestException("workflow input value " + value + " is invalid: expected a string, number or boolean");
  }
}
