package dev.darkroom.comfyui.internal;

import dev.darkroom.spi.Closest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.InvalidRequestException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What one ComfyUI engine offers, read from {@code GET /object_info} (node definitions, whose combo inputs list
 * the checkpoints, LoRAs, VAEs, samplers and schedulers) plus, when fetched, {@code GET /models/{folder}} and
 * {@code GET /embeddings}. Immutable.
 *
 * <p>Two checks run before anything is queued: {@link #check(GraphSettings, String)} refuses a model, LoRA,
 * embedding, sampler or scheduler the engine lacks, naming the allowed values closest first; and
 * {@link #validate(ObjectNode)} checks a graph the way ComfyUI's {@code execution.validate_prompt} does (known
 * class types, required inputs, links to existing outputs of a matching type, INT/FLOAT conversion, min/max,
 * combo membership), returning the problems in ComfyUI's own words.
 *
 * <p>Both the classic node format (a combo input is {@code [["a","b"], {...}]}) and the V3 format
 * ({@code ["COMBO", {"options": ["a","b"]}]}) are read.
 */
public final class ObjectInfo {
  private static final Pattern EMBEDDING = Pattern.compile("embedding:([^\\s,()]+)");
  private static final Pattern WEIGHT_SUFFIX = Pattern.compile(":[-+]?[0-9]*\\.?[0-9]+$");
  private static final Pattern EMBEDDING_EXT = Pattern.compile("\\.(safetensors|pt|bin|pth)$");

  private final Map<String, NodeDef> nodes;
  private final Map<String, List<String>> models;
  private final @Nullable List<String> embeddings;

  private ObjectInfo(Map<String, NodeDef> nodes, Map<String, List<String>> models, @Nullable List<String> embeddings) {
    this.nodes = Collections.unmodifiableMap(nodes);
    this.models = Collections.unmodifiableMap(models);
    this.embeddings = embeddings == null ? null : List.copyOf(embeddings);
  }

  /**
   * Parses the body of {@code GET /object_info} (or of {@code /object_info/{class}}, which has the same shape).
   *
   * @throws IllegalArgumentException when the body is not a JSON object of node definitions
   */
  public static ObjectInfo parse(JsonNode objectInfo) {
    if (!objectInfo.isObject()) {
      throw new IllegalArgumentException("object_info is not a JSON object");
    }
    Map<String, NodeDef> nodes = new LinkedHashMap<>();
    objectInfo.properties().forEach(e -> nodes.put(e.getKey(), NodeDef.parse(e.getKey(), e.getValue())));
    return new ObjectInfo(nodes, new LinkedHashMap<>(), null);
  }

  /** A copy that also knows the file list of {@code GET /models/{folder}} (e.g. {@code checkpoints}). */
  public ObjectInfo withModels(String folder, List<String> files) {
    Map<String, List<String>> m = new LinkedHashMap<>(models);
    m.put(folder, List.copyOf(files));
    return new ObjectInfo(new LinkedHashMap<>(nodes), m, embeddings);
  }

  /** A copy that also knows {@code GET /embeddings} (names without extension). */
  public ObjectInfo withEmbeddings(List<String> names) {
    return new ObjectInfo(new LinkedHashMap<>(nodes), new LinkedHashMap<>(models), names);
  }

  /** Every node definition by class type. */
  public Map<String, NodeDef> nodes() {
    return nodes;
  }

  public Optional<NodeDef> node(String classType) {
    return Optional.ofNullable(nodes.get(classType));
  }

  /** Checkpoint files: {@code CheckpointLoaderSimple.ckpt_name} plus {@code /models/checkpoints}. */
  public List<String> checkpoints() {
    return union(options("CheckpointLoaderSimple", "ckpt_name"), models.get("checkpoints"));
  }

  /** LoRA files: {@code LoraLoader.lora_name} plus {@code /models/loras}. */
  public List<String> loras() {
    return union(options("LoraLoader", "lora_name"), models.get("loras"));
  }

  /** VAE files: {@code VAELoader.vae_name} (which also lists approximate and pixel-space VAEs). */
  public List<String> vaes() {
    List<String> fromNode = options("VAELoader", "vae_name");
    return fromNode != null ? fromNode : union(null, models.get("vae"));
  }

  /** Textual-inversion embeddings as {@code /embeddings} lists them (without extension); empty when not fetched. */
  public List<String> embeddings() {
    return embeddings != null ? embeddings : List.of();
  }

  /** Sampler names from {@code KSampler.sampler_name}. */
  public List<String> samplers() {
    List<String> l = options("KSampler", "sampler_name");
    return l != null ? l : List.of();
  }

  /** Scheduler names from {@code KSampler.scheduler}. */
  public List<String> schedulers() {
    List<String> l = options("KSampler", "scheduler");
    return l != null ? l : List.of();
  }

  /**
   * Refuses a checkpoint, refiner, LoRA, VAE, sampler, scheduler or {@code embedding:name} (in the prompt, the
   * negative prompt or any of their stages) this engine lacks. Lists that the engine did not report (a node missing from
   * {@code /object_info}, embeddings not fetched) are not checked.
   *
   * @param prompt the positive prompt, scanned for {@code embedding:name}
   * @throws InvalidRequestException naming the value and the engine's values, closest first
   */
  public void check(GraphSettings options, String prompt) {
    String where = "on this ComfyUI engine";
    List<String> ckpts = knownOrNull(options("CheckpointLoaderSimple", "ckpt_name"), models.get("checkpoints"));
    if (ckpts != null) {
      requireIn("checkpoint", options.checkpoint(), ckpts, where);
      requireIn("refiner", options.refiner(), ckpts, where);
    }
    List<String> loraList = knownOrNull(options("LoraLoader", "lora_name"), models.get("loras"));
    if (loraList != null) {
      for (GraphSettings.Lora l : options.loras()) {
        requireIn("LoRA", l.name(), loraList, where);
      }
    }
    if (options.vae() != null && (options("VAELoader", "vae_name") != null || models.containsKey("vae"))) {
      requireIn("VAE", options.vae(), vaes(), where);
    }
    boolean builtGraph = options.workflow() == null;
    if (options("KSampler", "sampler_name") != null && (builtGraph || options.isExplicit("sampler"))) {
      requireIn("sampler", options.sampler(), samplers(), where);
    }
    if (options("KSampler", "scheduler") != null && (builtGraph || options.isExplicit("scheduler"))) {
      requireIn("scheduler", options.scheduler(), schedulers(), where);
    }
    if (embeddings != null) {
      Set<String> stems = new HashSet<>();
      for (String e : embeddings) {
        stems.add(stem(e));
      }
      List<String> texts = new ArrayList<>(List.of(prompt, options.negative()));
      options.promptStages().forEach(st -> texts.add(st.text()));
      options.negativeStages().forEach(st -> texts.add(st.text()));
      for (String text : texts) {
        for (String ref : embeddingRefs(text)) {
          if (!stems.contains(stem(ref))) {
            throw new InvalidRequestException(Closest.notAvailable("embedding", ref, embeddings, where));
          }
        }
      }
    }
  }

  /** The {@code embedding:name} references in a prompt, without weight suffixes ({@code (embedding:x:1.2)}). */
  public static List<String> embeddingRefs(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = EMBEDDING.matcher(text);
    while (m.find()) {
      String name = WEIGHT_SUFFIX.matcher(m.group(1)).replaceFirst("");
      if (!name.isEmpty()) {
        out.add(name);
      }
    }
    return out;
  }

  /**
   * Checks a graph against these node definitions, as ComfyUI does on {@code POST /prompt}: every node's class
   * type must exist and the graph must have an output node; each node reachable from an output must have its
   * required inputs, links {@code ["id", index]} to an existing node's output of a compatible type, INT and FLOAT
   * values that convert and respect min/max, and combo values from the list. Inputs ComfyUI checks with a custom
   * validator (uploaded images) are skipped.
   *
   * @return the problems found, empty when the graph is valid
   */
  public List<Problem> validate(ObjectNode graph) {
    List<Problem> problems = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    Iterable<Map.Entry<String, JsonNode>> entries = graph.properties();
    for (Map.Entry<String, JsonNode> e : entries) {
      String classType = e.getValue().path("class_type").asText(null);
      if (classType == null) {
        problems.add(new Problem(e.getKey(), "", "missing_node_type",
            "Node 'ID #" + e.getKey() + "' has no class_type", "Node ID '#" + e.getKey() + "'"));
        return problems;
      }
      NodeDef def = nodes.get(classType);
      if (def == null) {
        String title = ApiGraphs.title(e.getValue());
        problems.add(new Problem(e.getKey(), classType, "missing_node_type",
            "Node '" + (title.isEmpty() ? classType : title) + "' not found. The custom node may not be installed.",
            "Node ID '#" + e.getKey() + "'"));
        return problems;
      }
      if (def.outputNode()) {
        outputs.add(e.getKey());
      }
    }
    if (outputs.isEmpty()) {
      problems.add(new Problem("", "", "prompt_no_outputs", "Prompt has no outputs", ""));
      return problems;
    }
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(outputs);
    while (!todo.isEmpty()) {
      String id = todo.pop();
      if (!seen.add(id)) {
        continue;
      }
      validateNode(graph, id, problems, todo);
    }
    return problems;
  }

  /**
   * {@link #validate(ObjectNode)}, throwing when there is any problem.
   *
   * @throws InvalidRequestException listing each problem as {@code node 3 (KSampler): Value not in list: ...}
   */
  public void requireValid(ObjectNode graph) {
    List<Problem> problems = validate(graph);
    if (!problems.isEmpty()) {
      StringBuilder sb = new StringBuilder("the graph would be rejected by ComfyUI:");
      for (Problem p : problems) {
        sb.append("\n  ").append(p);
      }
      throw new InvalidRequestException(sb.toString());
    }
  }

  private void validateNode(ObjectNode graph, String id, List<Problem> problems, Deque<String> todo) {
    JsonNode node = graph.get(id);
    String classType = node.path("class_type").asText();
    NodeDef def = nodes.get(classType);
    JsonNode inputs = node.path("inputs");
    for (InputDef in : def.inputs().values()) {
      JsonNode v = inputs.get(in.name());
      if (v == null) {
        if (in.required()) {
          problems.add(new Problem(id, classType, "required_input_missing", "Required input is missing", in.name()));
        }
        continue;
      }
      if (v.isArray()) {
        if (v.size() != 2) {
          problems.add(new Problem(id, classType, "bad_linked_input",
              "Bad linked input, must be a length-2 list of [node_id, slot_index]", in.name()));
          continue;
        }
        String from = v.get(0).asText();
        JsonNode source = graph.get(from);
        NodeDef sourceDef = source == null ? null : nodes.get(source.path("class_type").asText());
        int slot = v.get(1).asInt(-1);
        if (source == null || sourceDef == null || !v.get(1).isIntegralNumber() || slot < 0
            || slot >= sourceDef.outputs().size()) {
          problems.add(new Problem(id, classType, "bad_linked_input", "Linked output does not exist",
              in.name() + ": " + v + (source == null ? " (no node " + from + ")" : "")));
          continue;
        }
        String received = sourceDef.outputs().get(slot);
        if (in.options() == null && !typesMatch(received, in.type())) {
          problems.add(new Problem(id, classType, "return_type_mismatch", "Return type mismatch between linked nodes",
              in.name() + ", received_type(" + received + ") mismatch input_type(" + in.type() + ")"));
          continue;
        }
        todo.push(from);
        continue;
      }
      checkLiteral(id, classType, in, v, problems);
    }
  }

  private static void checkLiteral(String id, String classType, InputDef in, JsonNode v, List<Problem> problems) {
    BigDecimal number = null;
    if ("INT".equals(in.type()) || "FLOAT".equals(in.type())) {
      number = toNumber(v, "INT".equals(in.type()));
      if (number == null) {
        problems.add(new Problem(id, classType, "invalid_input_type",
            "Failed to convert an input value to a " + in.type() + " value", in.name() + ", " + v));
        return;
      }
    }
    if (in.customValidated()) {
      return;
    }
    if (number != null && in.min() != null && number.compareTo(in.min()) < 0) {
      problems.add(new Problem(id, classType, "value_smaller_than_min",
          "Value " + v + " smaller than min of " + plain(in.min()), in.name()));
      return;
    }
    if (number != null && in.max() != null && number.compareTo(in.max()) > 0) {
      problems.add(new Problem(id, classType, "value_bigger_than_max",
          "Value " + v + " bigger than max of " + plain(in.max()), in.name()));
      return;
    }
    List<String> options = in.options();
    if (options != null && !(v.isTextual() && options.contains(v.asText()))
        && !(v.isNumber() && options.contains(v.asText()))) {
      String list = options.size() > 20 ? "(list of length " + options.size() + ")" : options.toString();
      problems.add(new Problem(id, classType, "value_not_in_list", "Value not in list",
          in.name() + ": '" + v.asText() + "' not in " + list + "; closest: "
              + String.join(", ", Closest.ranked(v.asText(), options).subList(0, Math.min(5, options.size())))));
    }
  }

  /** Python's int()/float() on a JSON value: numbers and numeric strings convert, int() refuses "7.5". */
  private static @Nullable BigDecimal toNumber(JsonNode v, boolean integer) {
    if (v.isNumber()) {
      BigDecimal d = v.decimalValue();
      return integer ? d.setScale(0, RoundingMode.DOWN) : d;
    }
    if (v.isBoolean()) {
      return v.asBoolean() ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    if (v.isTextual()) {
      String s = v.asText().trim();
      try {
        return integer ? new BigDecimal(new BigInteger(s.replace("_", ""))) : new BigDecimal(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static boolean typesMatch(String received, @Nullable String expected) {
    if (expected == null || received.equals(expected) || "*".equals(received) || "*".equals(expected)) {
      return true;
    }
    Set<String> a = new HashSet<>();
    for (String s : received.split(",")) {
      a.add(s.trim());
    }
    for (String s : expected.split(",")) {
      String t = s.trim();
      if (t.equals("*") || a.contains(t) || a.contains("*")) {
        return true;
      }
    }
    return false;
  }

  private @Nullable List<String> options(String classType, String input) {
    NodeDef def = nodes.get(classType);
    if (def == null) {
      return null;
    }
    InputDef in = def.inputs().get(input);
    return in == null ? null : in.options();
  }

  private static @Nullable List<String> knownOrNull(@Nullable List<String> a, @Nullable List<String> b) {
    return a == null && b == null ? null : union(a, b);
  }

  private static List<String> union(@Nullable List<String> a, @Nullable List<String> b) {
    Set<String> s = new LinkedHashSet<>();
    if (a != null) {
      s.addAll(a);
    }
    if (b != null) {
      s.addAll(b);
    }
    return List.copyOf(s);
  }

  private static void requireIn(String what, @Nullable String value, List<String> allowed, String where) {
    if (value != null && !allowed.contains(value)) {
      throw new InvalidRequestException(Closest.notAvailable(what, value, allowed, where));
    }
  }

  private static String stem(String name) {
    return EMBEDDING_EXT.matcher(name.replace('\\', '/')).replaceFirst("");
  }

  private static String plain(BigDecimal d) {
    return d.stripTrailingZeros().toPlainString();
  }

  /** One node type: its inputs (required first, in ComfyUI's order), output types, and whether it is an output. */
  public record NodeDef(String classType, Map<String, InputDef> inputs, List<String> outputs, boolean outputNode) {
    static NodeDef parse(String classType, JsonNode def) {
      Map<String, InputDef> inputs = new LinkedHashMap<>();
      for (String category : List.of("required", "optional")) {
        def.path("input").path(category).properties().forEach(
            e -> inputs.put(e.getKey(), InputDef.parse(e.getKey(), category.equals("required"), e.getValue())));
      }
      List<String> outputs = new ArrayList<>();
      def.path("output").forEach(o -> outputs.add(o.isTextual() ? o.asText() : "COMBO"));
      return new NodeDef(classType, Collections.unmodifiableMap(inputs), List.copyOf(outputs),
          def.path("output_node").asBoolean(false));
    }
  }

  /**
   * One input: its type ({@code INT}, {@code FLOAT}, {@code STRING}, {@code MODEL}…, or {@code COMBO} with
   * {@link #options()}), bounds, and whether ComfyUI validates it with a custom function instead of the list
   * (image uploads).
   */
  public record InputDef(String name, boolean required, @Nullable String type, @Nullable List<String> options,
      @Nullable BigDecimal min, @Nullable BigDecimal max, boolean customValidated) {
    static InputDef parse(String name, boolean required, JsonNode spec) {
      JsonNode typeNode = spec.isArray() ? spec.path(0) : spec;
      JsonNode config = spec.isArray() && spec.size() > 1 ? spec.get(1) : null;
      String type = null;
      List<String> options = null;
      if (typeNode.isArray()) {
        type = "COMBO";
        options = texts(typeNode);
      } else if (typeNode.isTextual()) {
        type = typeNode.asText();
        if (type.equals("COMBO") && config != null && config.path("options").isArray()) {
          options = texts(config.get("options"));
        }
      }
      BigDecimal min = config != null && config.path("min").isNumber() ? config.get("min").decimalValue() : null;
      BigDecimal max = config != null && config.path("max").isNumber() ? config.get("max").decimalValue() : null;
      boolean custom = config != null && (config.path("image_upload").asBoolean(false)
          || config.path("upload").isTextual());
      return new InputDef(name, required, type, options, min, max, custom);
    }

    private static List<String> texts(JsonNode array) {
      List<String> out = new ArrayList<>();
      array.forEach(n -> out.add(n.asText()));
      return Collections.unmodifiableList(out);
    }
  }

  /**
   * One validation problem in ComfyUI's terms: the node, ComfyUI's error {@code type} (e.g.
   * {@code value_not_in_list}), its message and details.
   */
  public record Problem(String nodeId, String classType, String type, String message, String details) {
    @Override
    public String toString() {
      String where = nodeId.isEmpty() ? "" : "node " + nodeId + " (" + classType + "): ";
      return where + message + (details.isEmpty() ? "" : ": " + details);
    }
  }
}
