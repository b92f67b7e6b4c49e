package dev.darkroom.swarmui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.InvalidRequestException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one SwarmUI instance offers, read from {@code ListT2IParams}: parameter ids with their ranges and
 * dropdown values, and model names by type ({@code Stable-Diffusion}, {@code LoRA}, {@code Embedding},
 * {@code VAE}, …). SwarmUI ignores unknown parameter ids and falls back on unknown names, so every name and
 * id is checked here before anything is queued.
 */
final class SwarmCatalog {
  /** One parameter as listed. */
  record Param(String id, String type, double min, double max, List<String> values) {}

  private final Map<String, Param> params;
  private final Map<String, List<String>> models;

  private SwarmCatalog(Map<String, Param> params, Map<String, List<String>> models) {
    this.params = params;
    this.models = models;
  }

  /** Parses a {@code ListT2IParams} answer; {@code models} entries may be {@code [name, arch]} pairs or names. */
  static SwarmCatalog parse(JsonNode listT2IParams) {
    Map<String, Param> params = new LinkedHashMap<>();
    for (JsonNode p : listT2IParams.path("list")) {
      String id = p.path("id").asText("");
      if (id.isEmpty()) {
        continue;
      }
      List<String> values = new ArrayList<>();
      p.path("values").forEach(v -> values.add(v.asText()));
      params.put(id, new Param(id, p.path("type").asText(""), p.path("min").asDouble(0), p.path("max").asDouble(0),
          List.copyOf(values)));
    }
    Map<String, List<String>> models = new LinkedHashMap<>();
    listT2IParams.path("models").properties().forEach(e -> {
      List<String> names = new ArrayList<>();
      for (JsonNode m : e.getValue()) {
        names.add(m.isArray() ? m.path(0).asText() : m.asText());
      }
      models.put(e.getKey(), List.copyOf(names));
    });
    return new SwarmCatalog(params, models);
  }

  boolean hasParam(String id) {
    return params.containsKey(id);
  }

  Optional<Param> param(String id) {
    return Optional.ofNullable(params.get(id));
  }

  /** Model names of one type, sorted. */
  List<String> models(String type) {
    return models.getOrDefault(type, List.of()).stream().sorted().toList();
  }

  /** Model types and their names, for the inventory. */
  Map<String, List<String>> modelTypes() {
    return models;
  }

  /** The listed name for {@code asked} (exact, or equal once file extensions are dropped). */
  Optional<String> resolve(String type, String asked) {
    List<String> names = models.getOrDefault(type, List.of());
    for (String n : names) {
      if (n.equals(asked)) {
        return Optional.of(n);
      }
    }
    for (String n : names) {
      if (stripExtension(n).equals(stripExtension(asked))) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  /** The dropdown values of a parameter, e.g. the samplers. */
  List<String> values(String id) {
    Param p = params.get(id);
    return p == null ? List.of() : p.values();
  }

  /**
   * Requires the parameter ids a request will send to be ones the instance lists.
   *
   * @param field the option that needs them, for the error
   */
  void requireParam(String id, String field, String what) {
    if (!params.containsKey(id)) {
      throw new InvalidRequestException("this SwarmUI instance has no '" + id + "' parameter, so " + what
          + " cannot be sent (SwarmUI would ignore it); its parameters include: "
          + String.join(", ", closest(id, List.copyOf(params.keySet()), 8)), field, List.of());
    }
  }

  /** Requires a number to lie within the instance's range for that parameter, when it states one. */
  void requireRange(String id, double value, String field) {
    Param p = params.get(id);
    if (p != null && (p.min() != 0 || p.max() != 0) && (value < p.min() || value > p.max())) {
      throw new InvalidRequestException(field + " " + SwarmOptions.plain(value) + " is outside the range this"
          + " SwarmUI instance allows for '" + id + "': " + SwarmOptions.plain(p.min()) + " to "
          + SwarmOptions.plain(p.max()), field, List.of(SwarmOptions.plain(p.min()) + ".." + SwarmOptions.plain(p.max())));
    }
  }

  /** An error naming a value the instance lacks and its closest values first. */
  static InvalidRequestException unknown(String what, String value, String field, List<String> known) {
    List<String> ranked = closest(value, known, known.size());
    String shown = ranked.isEmpty() ? "none" : String.join(", ", ranked.subList(0, Math.min(8, ranked.size())))
        + (ranked.size() > 8 ? ", … (" + ranked.size() + " in all)" : "");
    return new InvalidRequestException(what + " '" + value + "' is not on this SwarmUI instance; closest: " + shown,
        field, ranked);
  }

  /** {@code known} ordered by closeness to {@code value} (edit distance, ignoring case and file extensions). */
  static List<String> closest(String value, List<String> known, int limit) {
    String v = stripExtension(value).toLowerCase(Locale.ROOT);
    return known.stream()
        .sorted(Comparator.comparingInt((String k) -> closeness(v, stripExtension(k).toLowerCase(Locale.ROOT)))
            .thenComparing(Comparator.naturalOrder()))
        .limit(limit)
        .toList();
  }

  static String stripExtension(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    for (String ext : List.of(".safetensors", ".ckpt", ".pt", ".pth", ".bin", ".gguf", ".sft")) {
      if (lower.endsWith(ext)) {
        return name.substring(0, name.length() - ext.length());
      }
    }
    return name;
  }


  /** Distance to the whole name or to its last path segment, whichever is closer. */
  private static int closeness(String value, String name) {
    String base = name.substring(name.lastIndexOf('/') + 1);
    String valueBase = value.substring(value.lastIndexOf('/') + 1);
    return Math.min(distance(value, name), distance(valueBase, base));
  }

  /** Levenshtein distance, with a bonus for containment so {@code sdxl} finds {@code sd_xl_base}. */
  private static int distance(String a, String b) {
    if (b.contains(a) || a.contains(b)) {
      return Math.abs(a.length() - b.length()) / 4;
    }
    return dev.darkroom.spi.Closest.distance(a, b);
  }


  static @Nullable String nullIfBlank(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
