package dev.darkroom.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * One node class as ComfyUI describes it in {@code /object_info}: inputs by section, output types,
 * whether it is an output node.
 *
 * @param name         class name used as {@code class_type}, e.g. {@code KSampler}
 * @param displayName  name shown in the UI, e.g. {@code KSampler (Advanced)}
 * @param category     menu category, e.g. {@code sampling}
 * @param pythonModule module the node comes from, e.g. {@code nodes}
 * @param description  one-line description, or empty
 * @param inputs       inputs in definition order ({@code required}, then {@code optional}, then {@code hidden})
 * @param outputs      output types by slot, e.g. {@code MODEL, CLIP, VAE}
 * @param outputNames  output names by slot
 * @param outputNode   whether ComfyUI executes the node as an output (SaveImage, PreviewImage)
 */
public record ComfyNodeDef(String name, String displayName, String category, String pythonModule,
    String description, List<Input> inputs, List<String> outputs, List<String> outputNames,
    boolean outputNode) {

  public ComfyNodeDef {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    outputNames = List.copyOf(outputNames);
  }

  /**
   * One input.
   *
   * @param name    input name, e.g. {@code steps}
   * @param section {@code required}, {@code optional} or {@code hidden}
   * @param type    a type name such as {@code INT} or {@code MODEL}, or an array of allowed values (a combo)
   * @param options widget options: {@code default}, {@code min}, {@code max}, {@code step} …
   */
  public record Input(String name, String section, JsonNode type, ObjectNode options) {
    /** Whether the input is a list of allowed values. */
    public boolean isCombo() {
      return type.isArray();
    }

    /** The type name, or {@code COMBO} for a list of allowed values. */
    public String typeName() {
      return type.isArray() ? "COMBO" : type.asText();
    }

    /** The input as {@code /object_info} shows it: {@code [type, options]}. */
    public ArrayNode config() {
      ArrayNode config = Json.NODES.arrayNode();
      config.add(type.deepCopy());
      config.add(options.deepCopy());
      return config;
    }
  }

  /** The input with this name, in any section. */
  public Optional<Input> input(String inputName) {
    return inputs.stream().filter(i -> i.name().equals(inputName)).findFirst();
  }

  /** The entry of {@code GET /object_info} for this node. */
  public ObjectNode objectInfo() {
    ObjectNode info = Json.object();
    ObjectNode input = info.putObject("input");
    ObjectNode order = Json.object();
    for (Input i : inputs) {
      ObjectNode section = input.has(i.section()) ? (ObjectNode) input.get(i.section())
          : input.putObject(i.section());
      if ("hidden".equals(i.section())) {
        section.put(i.name(), i.type().asText());
      } else {
        section.set(i.name(), i.config());
      }
      if (!order.has(i.section())) {
        order.putArray(i.section());
      }
      ((ArrayNode) order.get(i.section())).add(i.name());
    }
    info.set("input_order", order);
    info.put("is_input_list", false);
    ArrayNode out = info.putArray("output");
    outputs.forEach(out::add);
    ArrayNode outIsList = info.putArray("output_is_list");
    outputs.forEach(o -> outIsList.add(false));
    ArrayNode names = info.putArray("output_name");
    outputNames.forEach(names::add);
    info.put("name", name);
    info.put("display_name", displayName);
    info.put("description", description);
    info.put("python_module", pythonModule);
    info.put("category", category);
    info.put("output_node", outputNode);
    info.put("has_intermediate_output", false);
    info.putArray("search_aliases");
    return info;
  }
}
