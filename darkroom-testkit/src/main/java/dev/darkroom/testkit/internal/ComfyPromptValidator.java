package dev.darkroom.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks an API-format graph the way ComfyUI's {@code execution.validate_prompt} does: every node
 * needs a known {@code class_type}; at least one output node; then, from each output node back
 * through its links, required inputs present, links of length two to an existing node and output
 * slot of a matching type, widget values converted to their type (the graph is updated in place,
 * as ComfyUI does), within {@code min}/{@code max} and among the allowed values, no cycles. Errors
 * use ComfyUI's {@code type}, {@code message}, {@code details}, {@code extra_info} shape; Python
 * exceptions ComfyUI would raise (a link to a missing node) become {@code exception_during_*} errors.
 */
public final class ComfyPromptValidator {
  private final JsonNode prompt;
  private final Map<String, ComfyNodeDef> defs;
  private final Map<String, Outcome> validated = new LinkedHashMap<>();

  private record Outcome(boolean valid, List<ObjectNode> reasons) {}

  /** A Python exception ComfyUI would raise while validating, e.g. {@code KeyError: '99'}. */
  private static final class PyError extends Exception {
    private static final long serialVersionUID = 1L;
    final String type;

    PyError(String type, String message) {
      super(message, null, false, false);
      this.type = type;
    }
  }

  /**
   * The result.
   *
   * @param valid       true if at least one output validated
   * @param error       the top-level {@code error} object when invalid, else null
   * @param goodOutputs ids of the output nodes that validated, to execute
   * @param nodeErrors  {@code node_errors} by node id (may be non-empty even when valid)
   */
  public record Result(boolean valid, ObjectNode error, List<String> goodOutputs, ObjectNode nodeErrors) {}

  private ComfyPromptValidator(JsonNode prompt, Map<String, ComfyNodeDef> defs) {
    this.prompt = prompt;
    this.defs = defs;
  }

  /**
   * Validates {@code prompt} (an object of node id to node) against {@code defs}.
   *
   * @param partialTargets output node ids to restrict execution to, or null for all
   */
  public static Result validate(ObjectNode prompt, Map<String, ComfyNodeDef> defs,
      List<String> partialTargets) {
    return new ComfyPromptValidator(prompt, defs).run(partialTargets);
  }

  private Result run(List<String> partialTargets) {
    Set<String> outputs = new LinkedHashSet<>();
    Iterator<Map.Entry<String, JsonNode>> fields = prompt.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String id = field.getKey();
      JsonNode node = field.getValue();
      String title = node.path("_meta").path("title").isTextual()
          ? node.path("_meta").path("title").asText() : null;
      if (!node.has("class_type")) {
        ObjectNode error = error("missing_node_type", "Node '" + (title != null ? title : "ID #" + id)
            + "' has no class_type. The workflow may be corrupted or a custom node is missing.",
            "Node ID '#" + id + "'");
        ObjectNode extra = (ObjectNode) error.get("extra_info");
        extra.put("node_id", id);
        extra.putNull("class_type");
        extra.put("node_title", title);
        return new Result(false, error, List.of(), Json.object());
      }
      String classType = node.get("class_type").asText();
      ComfyNodeDef def = defs.get(classType);
      if (def == null) {
        String shown = title != null ? title : classType;
        ObjectNode error = error("missing_node_type", "Node '" + shown
            + "' not found. The custom node may not be installed.", "Node ID '#" + id + "'");
        ObjectNode extra = (ObjectNode) error.get("extra_info");
        extra.put("node_id", id);
        extra.put("class_type", classType);
        extra.put("node_title", shown);
        return new Result(false, error, List.of(), Json.object());
      }
      if (def.outputNode() && (partialTargets == null || partialTargets.contains(id))) {
        outputs.add(id);
      }
    }
    if (outputs.isEmpty()) {
      return new Result(false, error("prompt_no_outputs", "Prompt has no outputs", ""), List.of(),
          Json.object());
    }
    List<String> good = new ArrayList<>();
    List<String> failureLines = new ArrayList<>();
    ObjectNode nodeErrors = Json.object();
    for (String output : outputs) {
      Outcome outcome;
      try {
        outcome = validateInputs(output, new ArrayList<>());
      } catch (PyError ex) {
        ObjectNode reason = error("exception_during_validation", "Exception when validating node",
            ex.getMessage());
        ((ObjectNode) reason.get("extra_info")).put("exception_type", ex.type)
            .set("traceback", Json.NODES.arrayNode());
        outcome = new Outcome(false, List.of(reason));
        validated.put(output, outcome);
      }
      if (outcome.valid()) {
        good.add(output);
        continue;
      }
      for (ObjectNode reason : outcome.reasons()) {
        failureLines.add(reason.get("message").asText() + ": " + reason.get("details").asText());
      }
      for (Map.Entry<String, Outcome> entry : validated.entrySet()) {
        Outcome result = entry.getValue();
        if (result.valid() || result.reasons().isEmpty()) {
          continue;
        }
        String nodeId = entry.getKey();
        if (!nodeErrors.has(nodeId)) {
          ObjectNode nodeError = nodeErrors.putObject(nodeId);
          ArrayNode errors = nodeError.putArray("errors");
          result.reasons().forEach(errors::add);
          nodeError.putArray("dependent_outputs");
          nodeError.put("class_type", prompt.get(nodeId).get("class_type").asText());
        }
        ((ArrayNode) nodeErrors.get(nodeId).get("dependent_outputs")).add(output);
      }
    }
    if (good.isEmpty()) {
      ObjectNode error = error("prompt_outputs_failed_validation", "Prompt outputs failed validation",
          String.join("\n", failureLines));
      return new Result(false, error, List.of(), nodeErrors);
    }
    return new Result(true, null, List.copyOf(good), nodeErrors);
  }

  private Outcome validateInputs(String id, List<String> visiting) throws PyError {
    if (validated.containsKey(id)) {
      return validated.get(id);
    }
    if (visiting.contains(id)) {
      List<String> path = new ArrayList<>(visiting.subList(visiting.indexOf(id), visiting.size()));
      path.add(id);
      List<String> cycleNodes = new ArrayList<>(new LinkedHashSet<>(path));
      String details = path.stream()
          .map(n -> n + " (" + prompt.get(n).get("class_type").asText() + ")")
          .collect(Collectors.joining(" -> "));
      for (String nodeId : cycleNodes) {
        ObjectNode reason = error("dependency_cycle", "Dependency cycle detected", details);
        ObjectNode extra = (ObjectNode) reason.get("extra_info");
        extra.put("node_id", nodeId);
        ArrayNode nodes = extra.putArray("cycle_nodes");
        cycleNodes.forEach(nodes::add);
        validated.put(nodeId, new Outcome(false, List.of(reason)));
      }
      return validated.get(id);
    }
    JsonNode node = prompt.get(id);
    if (!node.has("inputs") || !node.get("inputs").isObject()) {
      throw new PyError("KeyError", "'inputs'");
    }
    ObjectNode inputs = (ObjectNode) node.get("inputs");
    ComfyNodeDef def = defs.get(node.get("class_type").asText());
    List<ObjectNode> errors = new ArrayList<>();
    boolean valid = true;
    for (ComfyNodeDef.Input input : def.inputs()) {
      if ("hidden".equals(input.section())) {
        continue;
      }
      String name = input.name();
      if (!inputs.has(name)) {
        if ("required".equals(input.section())) {
          errors.add(inputError("required_input_missing", "Required input is missing", name, name));
        }
        continue;
      }
      JsonNode value = inputs.get(name);
      ArrayNode info = input.config();
      if (value.isArray()) {
        if (value.size() != 2) {
          ObjectNode error = inputError("bad_linked_input",
              "Bad linked input, must be a length-2 list of [node_id, slot_index]", name, name);
          extra(error).set("input_config", info);
          extra(error).set("received_value", value);
          errors.add(error);
          continue;
        }
        String sourceId = linkedNode(value.get(0));
        String receivedType = outputType(sourceId, value.get(1));
        if (!typesMatch(receivedType, input)) {
          String shownType = input.isCombo() ? PyText.repr(input.type()) : input.typeName();
          ObjectNode error = inputError("return_type_mismatch",
              "Return type mismatch between linked nodes",
              name + ", received_type(" + receivedType + ") mismatch input_type(" + shownType + ")", name);
          extra(error).set("input_config", info);
          extra(error).put("received_type", receivedType);
          extra(error).set("linked_node", value);
          errors.add(error);
          continue;
        }
        try {
          visiting.add(id);
          Outcome upstream;
          try {
            upstream = validateInputs(sourceId, visiting);
          } finally {
            visiting.remove(visiting.size() - 1);
          }
          if (!upstream.valid()) {
            valid = false;
          }
        } catch (PyError ex) {
          ObjectNode reason = error("exception_during_inner_validation",
              "Exception when validating inner node", ex.getMessage());
          ObjectNode extra = extra(reason);
          extra.put("input_name", name);
          extra.set("input_config", info);
          extra.put("exception_message", ex.getMessage());
          extra.put("exception_type", ex.type);
          extra.set("traceback", Json.NODES.arrayNode());
          extra.set("linked_node", value);
          validated.put(sourceId, new Outcome(false, List.of(reason)));
          valid = false;
        }
        continue;
      }
      if (value.isObject() && value.has("__value__")) {
        value = value.get("__value__");
        inputs.set(name, value);
      }
      JsonNode converted;
      try {
        converted = convert(value, input.typeName());
      } catch (PyError ex) {
        ObjectNode error = inputError("invalid_input_type",
            "Failed to convert an input value to a " + input.typeName() + " value",
            name + ", " + PyText.str(value) + ", " + ex.getMessage(), name);
        extra(error).set("input_config", info);
        extra(error).set("received_value", value);
        extra(error).put("exception_message", ex.getMessage());
        errors.add(error);
        continue;
      }
      inputs.set(name, converted);
      JsonNode min = input.options().get("min");
      if (min != null && compare(converted, min) < 0) {
        errors.add(rangeError("value_smaller_than_min", "smaller than min", converted, min, name, info));
        continue;
      }
      JsonNode max = input.options().get("max");
      if (max != null && compare(converted, max) > 0) {
        errors.add(rangeError("value_bigger_than_max", "bigger than max", converted, max, name, info));
        continue;
      }
      if (input.isCombo() && !contains(input.type(), converted)) {
        int size = input.type().size();
        String listInfo = size > 20 ? "(list of length " + size + ")" : PyText.repr(input.type());
        ObjectNode error = inputError("value_not_in_list", "Value not in list",
            name + ": " + PyText.repr(converted) + " not in " + listInfo, name);
        extra(error).set("input_config", size > 20 ? NullNode.getInstance() : info);
        extra(error).set("received_value", converted);
        errors.add(error);
      }
    }
    Outcome before = validated.getOrDefault(id, new Outcome(true, List.of()));
    List<ObjectNode> reasons = new ArrayList<>(before.reasons());
    for (ObjectNode error : errors) {
      if (!reasons.contains(error)) {
        reasons.add(error);
      }
    }
    Outcome outcome = new Outcome(before.valid() && valid && errors.isEmpty(), List.copyOf(reasons));
    validated.put(id, outcome);
    return outcome;
  }

  /** The node id a link points at; a KeyError as ComfyUI raises it when there is no such node. */
  private String linkedNode(JsonNode ref) throws PyError {
    if (ref.isTextual() && prompt.has(ref.asText())) {
      return ref.asText();
    }
    throw new PyError("KeyError", PyText.repr(ref));
  }

  private String outputType(String sourceId, JsonNode slot) throws PyError {
    List<String> types = defs.get(prompt.get(sourceId).get("class_type").asText()).outputs();
    if (!slot.isIntegralNumber() && !slot.isBoolean()) {
      throw new PyError("TypeError", "tuple indices must be integers or slices, not " + pyType(slot));
    }
    long index = slot.isBoolean() ? (slot.booleanValue() ? 1 : 0) : slot.asLong();
    if (index < 0) {
      index += types.size();
    }
    if (index < 0 || index >= types.size()) {
      throw new PyError("IndexError", "tuple index out of range");
    }
    return types.get((int) index);
  }

  private static boolean typesMatch(String received, ComfyNodeDef.Input input) {
    if (input.isCombo()) {
      return "*".equals(received);
    }
    String expected = input.typeName();
    if (received.equals(expected) || "*".equals(received) || "*".equals(expected)) {
      return true;
    }
    Set<String> got = split(received);
    Set<String> want = split(expected);
    if (got.contains("*") || want.contains("*")) {
      return true;
    }
    got.retainAll(want);
    return !got.isEmpty();
  }

  private static Set<String> split(String types) {
    return Arrays.stream(types.split(",")).map(String::trim).collect(Collectors.toCollection(HashSet::new));
  }

  /** Python's {@code int(v)}, {@code float(v)}, {@code str(v)} or {@code bool(v)} as ComfyUI applies it. */
  private static JsonNode convert(JsonNode value, String type) throws PyError {
    switch (type) {
      case "INT" -> {
        if (value.isBoolean()) {
          return Json.NODES.numberNode(value.booleanValue() ? 1 : 0);
        }
        if (value.isIntegralNumber()) {
          return Json.NODES.numberNode(value.bigIntegerValue());
        }
        if (value.isNumber()) {
          double d = value.doubleValue();
          if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new PyError("OverflowError", Double.isNaN(d) ? "cannot convert float NaN to integer"
                : "cannot convert float infinity to integer");
          }
          return Json.NODES.numberNode(new BigDecimal(d).setScale(0, RoundingMode.DOWN).toBigInteger());
        }
        if (value.isTextual()) {
          String text = value.asText().strip().replace("_", "");
          try {
            return Json.NODES.numberNode(new BigInteger(text.startsWith("+") ? text.substring(1) : text));
          } catch (NumberFormatException e) {
            throw new PyError("ValueError", "invalid literal for int() with base 10: " + PyText.repr(value));
          }
        }
        throw new PyError("TypeError", "int() argument must be a string, a bytes-like object or a real "
            + "number, not '" + pyType(value) + "'");
      }
      case "FLOAT" -> {
        if (value.isBoolean()) {
          return Json.NODES.numberNode(value.booleanValue() ? 1.0 : 0.0);
        }
        if (value.isNumber()) {
          return Json.NODES.numberNode(value.doubleValue());
        }
        if (value.isTextual()) {
          String text = value.asText().strip();
          try {
            String lower = text.toLowerCase(java.util.Locale.ROOT);
            if (lower.matches("[+-]?(inf|infinity|nan)")) {
              double special = lower.contains("nan") ? Double.NaN
                  : lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
              return Json.NODES.numberNode(special);
            }
            if (!text.matches("[+-]?(\\d[\\d_]*)?(\\.\\d*)?([eE][+-]?\\d+)?") || text.matches("[+-]?\\.?")) {
              throw new NumberFormatException(text);
            }
            return Json.NODES.numberNode(Double.parseDouble(text.replace("_", "")));
          } catch (NumberFormatException e) {
            throw new PyError("ValueError", "could not convert string to float: " + PyText.repr(value));
          }
        }
        throw new PyError("TypeError", "float() argument must be a string or a real number, not '"
            + pyType(value) + "'");
      }
      case "STRING" -> {
        return Json.NODES.textNode(PyText.str(value));
      }
      case "BOOLEAN" -> {
        return Json.NODES.booleanNode(truthy(value));
      }
      default -> {
        return value;
      }
    }
  }

  private static boolean truthy(JsonNode value) {
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isNumber()) {
      return value.doubleValue() != 0;
    }
    if (value.isTextual()) {
      return !value.asText().isEmpty();
    }
    if (value.isContainerNode()) {
      return value.size() > 0;
    }
    return false;
  }

  private static int compare(JsonNode value, JsonNode bound) {
    if (!value.isNumber()) {
      return 0;
    }
    double d = value.doubleValue();
    if (Double.isNaN(d)) {
      return 0;
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? 1 : -1;
    }
    return value.decimalValue().compareTo(bound.decimalValue());
  }

  private static boolean contains(JsonNode choices, JsonNode value) {
    for (JsonNode choice : choices) {
      if (choice.isTextual() && value.isTextual() && choice.asText().equals(value.asText())) {
        return true;
      }
    }
    return false;
  }

  private static String pyType(JsonNode value) {
    if (value.isTextual()) {
      return "str";
    }
    if (value.isNull()) {
      return "NoneType";
    }
    if (value.isObject()) {
      return "dict";
    }
    if (value.isArray()) {
      return "list";
    }
    if (value.isBoolean()) {
      return "bool";
    }
    return value.isIntegralNumber() ? "int" : "float";
  }

  private static ObjectNode rangeError(String type, String words, JsonNode value, JsonNode bound,
      String name, ArrayNode info) {
    ObjectNode error = inputError(type, "Value " + PyText.repr(value) + " " + words + " of "
        + PyText.repr(bound), name, name);
    extra(error).set("input_config", info);
    extra(error).set("received_value", value);
    return error;
  }

  private static ObjectNode inputError(String type, String message, String details, String inputName) {
    ObjectNode error = error(type, message, details);
    extra(error).put("input_name", inputName);
    return error;
  }

  private static ObjectNode extra(ObjectNode error) {
    return (ObjectNode) error.get("extra_info");
  }

  /** An error object {@code {type, message, details, extra_info}}. */
  public static ObjectNode error(String type, String message, String details) {
    ObjectNode error = Json.object();
    error.put("type", type);
    error.put("message", message);
    error.put("details", details);
    error.putObject("extra_info");
    return error;
  }
}
