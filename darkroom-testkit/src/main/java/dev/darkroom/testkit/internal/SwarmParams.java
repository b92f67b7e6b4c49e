package dev.darkroom.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The T2I parameters a fake SwarmUI knows, as {@code ListT2IParams} lists them, and how it reads a
 * raw value. Ids are the display name lower-cased with everything but letters removed, as
 * {@code T2IParamTypes.CleanTypeName} makes them ({@code CFG Scale} is {@code cfgscale}). Values go
 * through the same text form SwarmUI uses: a JSON array is joined with {@code "\n|||\n"}, lists of
 * names also split on commas.
 */
public final class SwarmParams {
  /** Data types as {@code ListT2IParams} names them. */
  public enum Type { TEXT, INTEGER, DECIMAL, BOOLEAN, DROPDOWN, MODEL, LIST, IMAGE }

  /** One parameter definition. {@code subtype} names the model folder for model and list types. */
  public record Param(String name, Type type, String defaultValue, double min, double max, double step,
      Optional<String> subtype, boolean toggleable, Function<Models, List<String>> values) {
    public String id() {
      return clean(name);
    }
  }

  /** The model lists values are checked against, by SwarmUI's model-type names. */
  public record Models(Map<String, List<String>> byType, List<String> samplers, List<String> schedulers) {
    public List<String> of(String type) {
      return byType.getOrDefault(type, List.of());
    }
  }

  /** SwarmUI's ComfyUI-backend samplers (a subset, in its order). */
  public static final List<String> SAMPLERS = List.of("euler", "euler_ancestral", "heun", "dpm_2",
      "dpm_2_ancestral", "lms", "dpmpp_2s_ancestral", "dpmpp_sde", "dpmpp_2m", "dpmpp_2m_sde", "dpmpp_3m_sde",
      "ddim", "ddpm", "lcm", "uni_pc", "uni_pc_bh2");
  /** SwarmUI's ComfyUI-backend schedulers (a subset, in its order). */
  public static final List<String> SCHEDULERS = List.of("normal", "karras", "exponential", "simple",
      "ddim_uniform", "sgm_uniform", "turbo", "align_your_steps", "beta");

  private static final Map<String, Param> PARAMS = new LinkedHashMap<>();

  static {
    add("Prompt", Type.TEXT, "", 0, 0, 0, null, false);
    add("Negative Prompt", Type.TEXT, "", 0, 0, 0, null, false);
    add("Images", Type.INTEGER, "1", 1, 10000, 1, null, false);
    add("Seed", Type.INTEGER, "-1", -1, Long.MAX_VALUE, 1, null, false);
    add("Steps", Type.INTEGER, "20", 0, 500, 1, null, false);
    add("CFG Scale", Type.DECIMAL, "7", 0, 100, 0.5, null, false);
    PARAMS.put("aspectratio", new Param("Aspect Ratio", Type.DROPDOWN, "1:1", 0, 0, 0, Optional.empty(), false,
        m -> List.of("1:1", "4:3", "3:2", "8:5", "16:9", "21:9", "3:4", "2:3", "5:8", "9:16", "9:21", "Custom")));
    add("Width", Type.INTEGER, "512", 64, 16384, 32, null, false);
    add("Height", Type.INTEGER, "512", 64, 16384, 32, null, false);
    add("Side Length", Type.INTEGER, "512", 64, 16384, 32, null, true);
    add("Raw Resolution", Type.TEXT, "1024x1024", 0, 0, 0, null, true);
    add("Init Image", Type.IMAGE, "", 0, 0, 0, null, true);
    add("Init Image Creativity", Type.DECIMAL, "0.6", 0, 1, 0.05, null, false);
    add("Model", Type.MODEL, "", 0, 0, 0, "Stable-Diffusion", false);
    add("VAE", Type.MODEL, "None", 0, 0, 0, "VAE", true);
    add("LoRAs", Type.LIST, "", 0, 0, 0, "LoRA", true);
    add("LoRA Weights", Type.LIST, "", 0, 0, 0, null, true);
    add("LoRA Tenc Weights", Type.LIST, "", 0, 0, 0, null, true);
    add("Refiner Control Percentage", Type.DECIMAL, "0.2", 0, 1, 0.05, null, false);
    PARAMS.put("refinermethod", new Param("Refiner Method", Type.DROPDOWN, "PostApply", 0, 0, 0, Optional.empty(),
        false, m -> List.of("PostApply", "StepSwap", "StepSwapNoisy")));
    add("Refiner Upscale", Type.DECIMAL, "1", 0.25, 8, 0.25, null, false);
    add("Refiner Model", Type.MODEL, "(Use Base)", 0, 0, 0, "Stable-Diffusion", false);
    add("Refiner Steps", Type.INTEGER, "40", 1, 200, 1, null, true);
    add("Refiner CFG Scale", Type.DECIMAL, "7", 0, 100, 0.5, null, true);
    PARAMS.put("sampler", new Param("Sampler", Type.DROPDOWN, "euler", 0, 0, 0, Optional.empty(), true,
        Models::samplers));
    PARAMS.put("scheduler", new Param("Scheduler", Type.DROPDOWN, "normal", 0, 0, 0, Optional.empty(), true,
        Models::schedulers));
    add("Batch Size", Type.INTEGER, "1", 1, 100, 1, null, true);
    add("Do Not Save", Type.BOOLEAN, "false", 0, 0, 0, null, false);
    add("No Seed Increment", Type.BOOLEAN, "false", 0, 0, 0, null, false);
  }

  private SwarmParams() {}

  private static void add(String name, Type type, String def, double min, double max, double step,
      String subtype, boolean toggleable) {
    Optional<String> sub = Optional.ofNullable(subtype);
    Function<Models, List<String>> values = type == Type.MODEL || type == Type.LIST && sub.isPresent()
        ? m -> m.of(subtype) : m -> List.of();
    Param p = new Param(name, type, def, min, max, step, sub, toggleable, values);
    PARAMS.put(p.id(), p);
  }

  /** {@code T2IParamTypes.CleanTypeName}: lower case, letters only. */
  public static String clean(String name) {
    StringBuilder b = new StringBuilder();
    for (char c : name.toLowerCase(Locale.ROOT).trim().toCharArray()) {
      if (c >= 'a' && c <= 'z') {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** The parameter with this id, if the fake knows it (unknown ids are ignored, as SwarmUI does). */
  public static Optional<Param> find(String id) {
    return Optional.ofNullable(PARAMS.get(id));
  }

  /** All known ids, in listing order. */
  public static List<String> ids() {
    return List.copyOf(PARAMS.keySet());
  }

  /** The {@code list} array of {@code ListT2IParams}. */
  public static ArrayNode listing(Models models) {
    ArrayNode list = Json.NODES.arrayNode();
    for (Param p : PARAMS.values()) {
      ObjectNode o = list.addObject();
      o.put("name", p.name());
      o.put("id", p.id());
      o.put("description", p.name() + " (fake SwarmUI)");
      o.put("type", p.type().name().toLowerCase(Locale.ROOT));
      o.put("subtype", p.subtype().orElse(null));
      o.put("default", p.defaultValue());
      o.put("min", p.min());
      o.put("max", p.max());
      o.put("view_max", p.max());
      o.put("step", p.step());
      List<String> values = p.values().apply(models);
      if (p.type() == Type.DROPDOWN) {
        ArrayNode v = o.putArray("values");
        values.forEach(v::add);
      } else {
        o.putNull("values");
      }
      o.putNull("examples");
      o.put("visible", true);
      o.put("advanced", false);
      o.putNull("feature_flag");
      o.put("toggleable", p.toggleable());
      o.put("priority", 0);
      o.putNull("group");
    }
    return list;
  }

  /** SwarmUI's text form of a raw JSON value: arrays joined with {@code "\n|||\n"}. */
  public static String text(JsonNode value) {
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      value.forEach(v -> parts.add(v.isTextual() ? v.asText() : v.toString()));
      return String.join("\n|||\n", parts);
    }
    return value.isTextual() ? value.asText() : value.toString();
  }

  /** Splits a list value: by {@code "\n|||\n"} when present, else by commas. Blank entries are dropped. */
  public static List<String> splitList(String text) {
    String[] parts = text.contains("\n|||\n") ? text.split("\n\\|\\|\\|\n") : text.split(",");
    List<String> out = new ArrayList<>();
    for (String p : parts) {
      if (!p.isBlank()) {
        out.add(p.trim());
      }
    }
    return out;
  }

  /**
   * A model name as SwarmUI resolves it: exact, or without the file extension. Empty when the
   * folder has no such model.
   */
  public static Optional<String> resolveModel(List<String> names, String asked) {
    for (String n : names) {
      if (n.equals(asked) || stripExtension(n).equals(asked) || stripExtension(n).equals(stripExtension(asked))) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  /** {@code a/b.safetensors} becomes {@code a/b}. */
  public static String stripExtension(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    for (String ext : List.of(".safetensors", ".ckpt", ".pt", ".pth", ".bin", ".gguf", ".sft")) {
      if (lower.endsWith(ext)) {
        return name.substring(0, name.length() - ext.length());
      }
    }
    return name;
  }

}
