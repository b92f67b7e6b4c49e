package dev.darkroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The model capability table: ids, names, lifecycle, accepted parameters and prices, as data.
 *
 * <p>{@link #builtIn()} reads the table shipped in the jar ({@code dev/darkroom/models.json}).
 * {@link #withOverrides(Path)} lays a user file of the same shape over it: a model with a known id
 * replaces fields one by one, a new id adds a model, and {@code defaultModel} changes the default.
 * Instances are immutable and thread-safe.
 */
public final class ModelCatalog {
  private static final String RESOURCE = "/dev/darkroom/models.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static volatile ModelCatalog builtIn;

  private final Map<String, ModelInfo> models;
  private final String defaultModel;

  private ModelCatalog(Map<String, ModelInfo> models, String defaultModel) {
    this.models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
    this.defaultModel = defaultModel;
  }

  /** The table shipped with this Darkroom version. */
  public static ModelCatalog builtIn() {
    ModelCatalog catalog = builtIn;
    if (catalog == null) {
      try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + RESOURCE);
        }
        catalog = parse(withProviderTables((ObjectNode) JSON.readTree(in)), RESOURCE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
      builtIn = catalog;
    }
    return catalog;
  }

  /**
   * This table with a user file laid over it.
   *
   * @throws InvalidRequestException naming the file and the bad field when the file is unreadable or
   *     malformed
   */
  public ModelCatalog withOverrides(Path file) {
    JsonNode user;
    try {
      user = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new InvalidRequestException(
          "cannot read model table " + file + ": " + e.getMessage() + " (fix or remove the file)");
    }
    if (!(user instanceof ObjectNode)) {
      throw new InvalidRequestException("model table " + file + " must hold a JSON object");
    }
    try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
      ObjectNode merged = withProviderTables((ObjectNode) JSON.readTree(in));
      merge(merged, (ObjectNode) user);
      return parse(merged, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The built-in table with every installed provider's own table laid over it. */
  private static ObjectNode withProviderTables(ObjectNode base) {
    for (dev.darkroom.spi.ImageProvider p : dev.darkroom.spi.Providers.all().values()) {
      java.util.Optional<InputStream> table = p.modelTable();
      if (table.isPresent()) {
        try (InputStream in = table.get()) {
          JsonNode t = JSON.readTree(in);
          if (t instanceof ObjectNode o) {
            o.remove("defaultModel");
            merge(base, o);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the model table of provider " + p.id(), e);
        }
      }
    }
    return base;
  }

  private static void merge(ObjectNode base, ObjectNode user) {
    if (user.has("defaultModel")) {
      base.set("defaultModel", user.get("defaultModel"));
    }
    if (user.has("pixelTables")) {
      ObjectNode tables = (ObjectNode) base.get("pixelTables");
      user.get("pixelTables").fields().forEachRemaining(e -> tables.set(e.getKey(), e.getValue()));
    }
    JsonNode userModels = user.path("models");
    for (JsonNode m : userModels) {
      String id = m.path("id").asText("");
      ObjectNode existing = null;
      for (JsonNode b : base.get("models")) {
        if (b.path("id").asText().equals(id)) {
          existing = (ObjectNode) b;
        }
      }
      if (existing == null) {
        base.withArray("models").add(newEntry(base, (ObjectNode) m));
      } else {
        existing.setAll((ObjectNode) m);
        existing.remove("like");
      }
    }
  }

  /** Lifecycle fields a {@code "like"} entry does not take from its model: the new model has its own. */
  private static final List<String> OWN_LIFECYCLE = List.of("status", "released", "deprecated", "shutdown",
      "replacement", "lifecycleSources", "availability", "ignoreShutdownDate");

  /**
   * A user entry for an id the table lacks. With {@code "like": "<id>"} it starts as a copy of that
   * model's entry, without its lifecycle (status {@code ga} unless given), with the user's fields laid
   * over it, so one short entry adds a new model id.
   *
   * @throws InvalidRequestException when {@code like} names no model of the table
   */
  private static ObjectNode newEntry(ObjectNode base, ObjectNode user) {
    JsonNode like = user.get("like");
    if (like == null) {
      return user;
    }
    ObjectNode template = null;
    for (JsonNode b : base.get("models")) {
      if (b.path("id").asText().equals(like.asText())) {
        template = ((ObjectNode) b).deepCopy();
      }
    }
    if (template == null) {
      throw new InvalidRequestException("model " + user.path("id").asText() + ": \"like\": \"" + like.asText()
          + "\" names no model of the table", "models.like", List.of());
    }
    template.remove(OWN_LIFECYCLE);
    template.put("status", "ga");
    template.setAll(user);
    template.remove("like");
    return template;
  }

  /** Reads the built-in table, then {@code DARKROOM_MODELS} (a file path) if that variable is set. */
  public static ModelCatalog fromEnv(Map<String, String> env) {
    String file = env.get("DARKROOM_MODELS");
    return file == null || file.isBlank() ? builtIn() : builtIn().withOverrides(Path.of(file));
  }

  /** A copy whose default model is {@code id}. */
  public ModelCatalog withDefaultModel(String id) {
    require(id);
    return new ModelCatalog(models, id);
  }

  /** The model used when a request names none. */
  public String defaultModel() {
    return defaultModel;
  }

  /** All models, current ones first in table order. */
  public List<ModelInfo> models() {
    return List.copyOf(models.values());
  }

  /**
   * The model with this id: from the table, or, for ids of the form {@code provider:name} that the
   * table lacks, from that provider (engines whose models are discovered at run time).
   */
  public Optional<ModelInfo> find(String id) {
    ModelInfo info = models.get(id.startsWith("models/") ? id.substring(7) : id);
    if (info != null) {
      return Optional.of(info);
    }
    int colon = id.indexOf(':');
    if (colon > 0 && id.substring(0, colon).matches("[a-z][a-z0-9-]*")) {
      return dev.darkroom.spi.Providers.find(id.substring(0, colon)).flatMap(p -> p.resolveModel(id));
    }
    return Optional.empty();
  }

  /**
   * The model with this id, refusing unknown and shut-down models.
   *
   * @throws InvalidRequestException naming the id and listing the current models
   */
  public ModelInfo require(String id) {
    ModelInfo info = find(id).orElse(null);
    if (info == null) {
      List<String> current = models.values().stream().filter(m -> m.status() != ModelStatus.SHUTDOWN)
          .map(ModelInfo::id).toList();
      // A typo of an id is answered with the id; a model's name or nickname with the id and its name.
      String hint = dev.darkroom.spi.Closest.to(id, current).map(c -> "; did you mean " + c + "?")
          .or(() -> closestModel(id).map(m -> "; did you mean " + m.id() + " (" + m.name() + ")?"))
          .orElse("");
      throw new InvalidRequestException(
          "unknown model '" + id + "'" + hint + "; known models: " + currentIds()
              + " (run 'darkroom models' for details, or add it to a model table file)", "model",
          dev.darkroom.spi.Closest.ranked(id, current));
    }
    if (info.status() == ModelStatus.SHUTDOWN) {
      throw new InvalidRequestException(
          "model " + id + " (" + info.name() + ") was shut down"
              + info.shutdown().map(d -> " on " + d).orElse("")
              + info.replacementHint() + "; current models: " + currentIds()
              + ". If the provider still serves it, give it \"status\": \"ga\","
              + " \"ignoreShutdownDate\": true in your model table file"
              + " (DARKROOM_MODELS or --models-file)");
    }
    return info;
  }

  /**
   * The current model whose id or name (spelled as an id: {@code Nano Banana Pro} → {@code nano-banana-pro})
   * is closest to {@code typed} by edit distance, when it is close enough to be what was meant.
   */
  public Optional<ModelInfo> closestModel(String typed) {
    List<ModelInfo> current = models.values().stream().filter(m -> m.status() != ModelStatus.SHUTDOWN).toList();
    List<String> names = new java.util.ArrayList<>();
    current.forEach(m -> names.add(m.id()));
    current.forEach(m -> names.add(m.name()));
    return Suggestions.closest(typed, names).flatMap(n -> current.stream()
        .filter(m -> m.id().equals(n) || m.name().equals(n)).findFirst());
  }

  /** Ids of the models of {@code provider} that are not shut down, in table order. */
  public List<String> currentIds(String provider) {
    return models.values().stream()
        .filter(m -> m.status() != ModelStatus.SHUTDOWN && m.provider().equals(provider))
        .map(ModelInfo::id)
        .toList();
  }

  private String currentIds() {
    return models.values().stream()
        .filter(m -> m.status() != ModelStatus.SHUTDOWN)
        .map(ModelInfo::id)
        .collect(Collectors.joining(", "));
  }

  private static ModelCatalog parse(ObjectNode root, String source) {
    Map<String, Map<String, int[]>> tables = new HashMap<>();
    root.path("pixelTables").fields().forEachRemaining(t -> {
      Map<String, int[]> table = new LinkedHashMap<>();
      t.getValue().fields().forEachRemaining(e ->
          table.put(e.getKey(), new int[] {e.getValue().get(0).asInt(), e.getValue().get(1).asInt()}));
      tables.put(t.getKey(), table);
    });
    Map<String, ModelInfo> models = new LinkedHashMap<>();
    for (JsonNode m : root.path("models")) {
      ModelInfo info = parseModel(m, tables, source);
      models.put(info.id(), info);
    }
    String def = root.path("defaultModel").asText("");
    if (!models.containsKey(def)) {
      throw new InvalidRequestException(
          "model table " + source + ": defaultModel '" + def + "' is not one of its models");
    }
    return new ModelCatalog(models, def);
  }

  /** Reads one model-table entry ({@code models.json} format), e.g. for a provider's run-time models. */
  static ModelInfo entry(JsonNode m, String source) {
    return parseModel(m, Map.of(), source);
  }

  private static ModelInfo parseModel(JsonNode m, Map<String, Map<String, int[]>> tables, String source) {
    String id = text(m, "id", source, "?");
    String where = "model table " + source + ", model " + id;
    ModelOptions options = parseOptions(m, where);
    List<String> ratios = strings(m.path("aspectRatios"));
    Map<String, int[]> pixels = Map.of();
    if (!ratios.isEmpty() || !optionsUsePixels(options)) {
      String tableName = text(m, "pixels1K", source, id);
      pixels = tables.get(tableName);
      if (pixels == null) {
        throw new InvalidRequestException(where + ": unknown pixel table '" + tableName + "'; known: " + tables.keySet());
      }
      for (String r : ratios) {
        if (!pixels.containsKey(r)) {
          throw new InvalidRequestException(where + ": aspect ratio " + r + " has no entry in pixel table " + tableName);
        }
      }
    }
    List<ImageSizeOption> sizes = new ArrayList<>();
    for (JsonNode s : m.path("imageSizes")) {
      sizes.add(new ImageSizeOption(text(s, "name", source, id), s.path("scale").asDouble(1.0), s.path("imageTokens").asInt()));
    }
    if (sizes.isEmpty() && !optionsUsePixels(options)) {
      throw new InvalidRequestException(where + ": imageSizes must list at least one size (or give sizes / customSizes)");
    }
    for (String size : options.sizes()) {
      if (ModelInfo.parseSize(size) == null) {
        throw new InvalidRequestException(where + ": size '" + size + "' is not WIDTHxHEIGHT");
      }
    }
    List<ThinkingLevel> levels = new ArrayList<>();
    for (String level : strings(m.path("thinkingLevels"))) {
      levels.add(ThinkingLevel.parse(level));
    }
    JsonNode p = m.path("pricing");
    BigDecimal input = decimal(p, "inputPerMillion");
    Pricing pricing = new Pricing(
        input,
        p.has("imageInputPerMillion") ? decimal(p, "imageInputPerMillion") : input,
        decimal(p, "textOutputPerMillion"),
        decimal(p, "imageOutputPerMillion"),
        decimal(p, "batchDiscount"),
        p.path("confirmed").asBoolean(false));
    ModelStatus status;
    try {
      status = ModelStatus.valueOf(m.path("status").asText("ga").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(where + ": status must be preview, ga, deprecated or shutdown");
    }
    String defaultSize = m.has("defaultSize") ? m.get("defaultSize").asText()
        : m.path("defaultImageSize").asText(sizes.isEmpty() ? "auto" : sizes.get(0).name());
    return new ModelInfo(
        id,
        text(m, "provider", source, id),
        m.path("name").asText(id),
        m.path("tier").asText("flash"),
        status,
        date(m, "released", where),
        date(m, "deprecated", where),
        date(m, "shutdown", where),
        m.hasNonNull("replacement") ? m.get("replacement").asText() : null,
        ratios,
        pixels,
        sizes,
        defaultSize,
        m.path("imageSizeParameter").asBoolean(true),
        m.path("maxInputImages").asInt(1),
        m.path("systemPrompt").asBoolean(false),
        levels,
        m.path("search").asBoolean(false),
        m.path("outputMimeType").asText("image/png"),
        pricing,
        options,
        m.deepCopy());
  }

  private static boolean optionsUsePixels(ModelOptions o) {
    return !o.sizes().isEmpty() || o.customSizes() != null;
  }

  private static ModelOptions parseOptions(JsonNode m, String where) {
    ModelOptions d = ModelOptions.defaults();
    SizeRules rules = null;
    JsonNode c = m.path("customSizes");
    if (c.isObject()) {
      rules = new SizeRules(c.path("multipleOf").asInt(1), c.path("maxEdge").asInt(Integer.MAX_VALUE),
          c.path("minPixels").asLong(1), c.path("maxPixels").asLong(Long.MAX_VALUE),
          c.path("maxAspectRatio").asDouble(Double.MAX_VALUE));
      if (rules.multipleOf() < 1) {
        throw new InvalidRequestException(where + ": customSizes.multipleOf must be at least 1");
      }
    }
    Map<String, Map<String, Integer>> table = new LinkedHashMap<>();
    Map<String, Integer> factors = new LinkedHashMap<>();
    JsonNode tokens = m.path("imageOutputTokens");
    tokens.path("table").fields().forEachRemaining(q -> {
      Map<String, Integer> bySize = new LinkedHashMap<>();
      q.getValue().fields().forEachRemaining(e -> bySize.put(e.getKey(), e.getValue().asInt()));
      table.put(q.getKey(), bySize);
    });
    tokens.path("factors").fields().forEachRemaining(e -> factors.put(e.getKey(), e.getValue().asInt()));
    int perCall = m.path("maxImagesPerCall").asInt(d.maxImagesPerCall());
    if (perCall < 1) {
      throw new InvalidRequestException(where + ": maxImagesPerCall must be at least 1");
    }
    return new ModelOptions(
        strings(m.path("sizes")),
        rules,
        strings(m.path("qualities")),
        strings(m.path("backgrounds")),
        strings(m.path("outputFormats")),
        m.path("outputCompression").asBoolean(d.outputCompression()),
        strings(m.path("moderation")),
        m.path("safetyIdentifier").asBoolean(d.safetyIdentifier()),
        m.path("mask").asBoolean(d.mask()),
        m.path("partialImages").asInt(d.maxPartialImages()),
        perCall,
        m.path("sampling").asBoolean(d.sampling()),
        m.path("safetySettings").asBoolean(d.safetySettings()),
        m.path("textOutput").asBoolean(d.textOutput()),
        table,
        factors);
  }

  private static String text(JsonNode n, String field, String source, String id) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new InvalidRequestException("model table " + source + ", model " + id + ": missing text field '" + field + "'");
    }
    return v.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static BigDecimal decimal(JsonNode n, String field) {
    return n.has(field) ? new BigDecimal(n.get(field).asText()) : BigDecimal.ZERO;
  }

  private static java.time.LocalDate date(JsonNode n, String field, String where) {
    if (!n.hasNonNull(field)) {
      return null;
    }
    try {
      return LocalDate.parse(n.get(field).asText());
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(where + ": " + field + " must be a date like 2026-10-06, got " + n.get(field));
    }
  }
}
