package dev.darkroom.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.darkroom.Grid;
import dev.darkroom.ImageInput;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.RequestPlan;
import dev.darkroom.ModelCatalog;
import dev.darkroom.OutputFormat;
import dev.darkroom.SaveOptions;
import dev.darkroom.ModelInfo;
import dev.darkroom.prompt.PromptConversion;
import dev.darkroom.prompt.PromptSyntax;
import dev.darkroom.spi.ImageProvider;
import dev.darkroom.spi.Providers;
import dev.darkroom.batch.internal.DataFiles;
import dev.darkroom.batch.internal.JobKeys;
import dev.darkroom.internal.image.Digests;
import dev.darkroom.internal.io.OutputNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads a job file (YAML, JSON or JSONL) and expands it into a {@link BatchPlan}, validating
 * everything before anything is sent.
 *
 * <pre>{@code
 * model: gemini-2.5-flash-image          # shared defaults at the top
 * aspect_ratio: "1:1"
 * output_dir: out/pokemon
 * jobs:
 *   - name: pokemon
 *     prompt: "Create an image of Pokémon #{number} {name} in a {style} style."
 *     data: pokemon.csv                  # one job per row (CSV with a header, or JSONL)
 *     matrix: {style: [watercolor, pixel art, ukiyo-e]}   # times every combination
 *     output: "{number}-{name}-{style}.png"
 * }</pre>
 *
 * <p>Without {@code jobs:} the whole file is one job. In JSONL each line is a job. Fields (snake_case,
 * camelCase or kebab-case): {@code name, prompt, prompt_file, system_prompt, system_prompt_file,
 * images, model, aspect_ratio, size, grid, format, seed, count, mask, vars, data, matrix, output,
 * output_dir}, and the options of the job's provider by their names in snake_case (Gemini's
 * {@code temperature, thinking, thoughts, search, image_only}; OpenAI's {@code quality, background,
 * output_format, output_compression, moderation, safety_identifier}; see each provider's options).
 * The mask is a PNG with alpha, the size of the first image; its content is part of the job key like
 * the images'. These are checked as {@code darkroom generate} checks them: an option the job's
 * provider does not have, or its model does not offer, is an error naming the job, the field and
 * the provider. An output name without an extension
 * gets that of {@code format}, else of {@code output_format}, else {@code .png}. A job's fields override the defaults;
 * {@code vars} and {@code matrix} are merged.
 *
 * <p>{@code {name}} placeholders ({@link Template}) in the prompt, system prompt, image paths, output
 * and name are filled from {@code vars}, the data row and the matrix combination; {@code {index}}
 * (the job's number) and {@code {n}} (1 to {@code count}) are built in. A placeholder without a value,
 * a variable that nothing uses, a name defined twice, two jobs writing one file, a missing input image
 * and a request the model cannot serve are all errors naming the job and the field. Output names are
 * made safe placeholder by placeholder, and must stay inside the output directory. Relative paths are
 * resolved against the job file's directory.
 */
public final class JobFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Fields every job has, whatever its provider. */
  private static final List<String> SHARED_FIELDS = List.of(
      "name", "prompt", "prompt_file", "system_prompt", "system_prompt_file", "images", "model", "aspect_ratio",
      "size", "grid", "format", "seed", "count", "mask", "vars", "data", "matrix", "output", "output_dir",
      "prompt_syntax", "prompt_syntax_strict");
  /** Shared fields plus every installed provider's options (snake_case) and their aliases. */
  private static final Set<String> FIELDS = fields();
  private static final Map<String, String> ALIASES = Map.of("image_size", "size", "image", "images",
      "system", "system_prompt", "variables", "vars");
  private static final Set<String> BUILT_IN = Set.of("index", "n");
  private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "webp");

  private static Set<String> fields() {
    Set<String> f = new LinkedHashSet<>(SHARED_FIELDS);
    for (ImageProvider p : Providers.all().values()) {
      p.optionNames().forEach(n -> f.add(snake(n)));
      p.optionAliases().keySet().forEach(n -> f.add(snake(n)));
    }
    return Collections.unmodifiableSet(f);
  }

  private static String snake(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_').toLowerCase(Locale.ROOT);
  }

  private final Path file;
  private final Path dir;
  private final String fileName;
  private final ModelCatalog catalog;
  private final @Nullable Path outputDirOverride;
  private final Map<Path, String> digests = new HashMap<>();
  /** Every job's refusal, so one message can list them all. */
  private final List<InvalidRequestException> problems = new ArrayList<>();

  private JobFile(Path file, ModelCatalog catalog, @Nullable Path outputDirOverride) {
    this.file = file.toAbsolutePath().normalize();
    Path parent = this.file.getParent();
    this.dir = parent == null ? Path.of("").toAbsolutePath() : parent;
    this.fileName = this.file.getFileName().toString();
    this.catalog = catalog;
    this.outputDirOverride = outputDirOverride == null ? null : outputDirOverride.toAbsolutePath().normalize();
  }

  /**
   * Reads and expands {@code file}.
   *
   * @throws InvalidRequestException naming the file, the job and the field of the problem; when several
   *     jobs are bad, one exception lists every one (see {@link RequestPlan}). Nothing is sent.
   */
  public static BatchPlan plan(Path file, ModelCatalog catalog) {
    return plan(file, catalog, null);
  }

  /**
   * Like {@link #plan(Path, ModelCatalog)}, with every job's output directory replaced by
   * {@code outputDir} (the {@code --output-dir} option).
   */
  public static BatchPlan plan(Path file, ModelCatalog catalog, @Nullable Path outputDir) {
    return new JobFile(file, catalog, outputDir).read();
  }

  private BatchPlan read() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidRequestException("cannot read job file " + file + ": " + e.getMessage());
    }
    String lower = fileName.toLowerCase(Locale.ROOT);
    ObjectNode defaults = JsonNodeFactory.instance.objectNode();
    List<ObjectNode> specs = new ArrayList<>();
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
      String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1);
      ObjectMapper json = new ObjectMapper();
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].isBlank()) {
          continue;
        }
        try {
          JsonNode node = json.readTree(lines[i]);
          if (!(node instanceof ObjectNode o)) {
            throw new InvalidRequestException(fileName + ": line " + (i + 1) + " is not a JSON object");
          }
          specs.add(o);
        } catch (JsonProcessingException e) {
          throw new InvalidRequestException(fileName + ": line " + (i + 1) + " is not JSON: " + e.getOriginalMessage());
        }
      }
    } else {
      ObjectMapper mapper;
      if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
        mapper = new YAMLMapper();
      } else if (lower.endsWith(".json")) {
        mapper = new ObjectMapper();
      } else {
        throw new InvalidRequestException("job file " + fileName + ": unknown type; name it .yaml, .yml, .json or .jsonl");
      }
      JsonNode root;
      try {
        root = mapper.readTree(bytes);
      } catch (IOException e) {
        String where = e instanceof JsonProcessingException j && j.getLocation() != null
            ? " at line " + j.getLocation().getLineNr() : "";
        throw new InvalidRequestException(fileName + " is not valid " + (mapper instanceof YAMLMapper ? "YAML" : "JSON")
            + where + ": " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
      }
      if (!(root instanceof ObjectNode top)) {
        throw new InvalidRequestException(fileName + ": expected a mapping of fields (and optionally 'jobs:') at the top");
      }
      JsonNode jobs = null;
      for (Map.Entry<String, JsonNode> f : top.properties()) {
        if (f.getKey().equals("jobs")) {
          jobs = f.getValue();
        } else {
          defaults.set(f.getKey(), f.getValue());
        }
      }
      if (jobs == null) {
        specs.add(JsonNodeFactory.instance.objectNode());
      } else {
        if (!jobs.isArray() || jobs.isEmpty()) {
          throw new InvalidRequestException(fileName + ": 'jobs' must be a non-empty list of jobs");
        }
        int i = 0;
        for (JsonNode j : jobs) {
          i++;
          if (!(j instanceof ObjectNode o)) {
            throw new InvalidRequestException(fileName + ": job " + i + " must be a mapping of fields");
          }
          specs.add(o);
        }
      }
    }
    if (specs.isEmpty()) {
      throw new InvalidRequestException(fileName + " has no jobs");
    }
    Map<String, JsonNode> normalisedDefaults = normalise(defaults, "the defaults");
    List<BatchJob> jobs = new ArrayList<>();
    Map<Path, BatchJob> byOutput = new HashMap<>();
    for (int s = 0; s < specs.size(); s++) {
      try {
        Map<String, JsonNode> spec = merge(normalisedDefaults, normalise(specs.get(s), "job " + (s + 1)));
        expand(spec, s + 1, jobs, byOutput);
      } catch (InvalidRequestException e) {
        problems.add(e);
      }
    }
    if (problems.size() == 1) {
      throw problems.get(0);
    }
    if (!problems.isEmpty()) {
      // Every bad job in one message: nothing is sent until the whole file is valid.
      RequestPlan.Builder plan = RequestPlan.builder();
      for (InvalidRequestException e : problems) {
        String m = String.valueOf(e.getMessage());
        plan.refuse(fileName, m.startsWith(fileName + ": ") ? m.substring(fileName.length() + 2) : m);
      }
      plan.build();
    }
    return new BatchPlan(file, Digests.sha256Hex(bytes), jobs);
  }

  private Map<String, JsonNode> normalise(ObjectNode node, String where) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : node.properties()) {
      String key = f.getKey().replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_').toLowerCase(Locale.ROOT);
      key = ALIASES.getOrDefault(key, key);
      if (!FIELDS.contains(key)) {
        throw new InvalidRequestException(fileName + ": " + where + ": unknown field '" + f.getKey() + "'; allowed: "
            + String.join(", ", FIELDS) + (where.equals("the defaults") ? ", jobs" : ""));
      }
      if (out.put(key, f.getValue()) != null) {
        throw new InvalidRequestException(fileName + ": " + where + ": field '" + key + "' is given twice");
      }
    }
    return out;
  }

  private static Map<String, JsonNode> merge(Map<String, JsonNode> defaults, Map<String, JsonNode> job) {
    Map<String, JsonNode> out = new LinkedHashMap<>(defaults);
    for (Map.Entry<String, JsonNode> e : job.entrySet()) {
      JsonNode base = out.get(e.getKey());
      if ((e.getKey().equals("vars") || e.getKey().equals("matrix")) && base instanceof ObjectNode b
          && e.getValue() instanceof ObjectNode o) {
        ObjectNode merged = b.deepCopy();
        merged.setAll(o);
        out.put(e.getKey(), merged);
      } else {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /** One spec's fields, typed, with the label used in its messages. */
  private final class Spec {
    final Map<String, JsonNode> fields;
    final String label;

    Spec(Map<String, JsonNode> fields, int number) {
      this.fields = fields;
      JsonNode name = fields.get("name");
      this.label = "job " + number + (name != null && name.isTextual() ? " (\"" + name.asText() + "\")" : "");
    }

    InvalidRequestException fail(String field, String message) {
      return new InvalidRequestException(fileName + ": " + label + ": field '" + field + "': " + message);
    }

    @Nullable String text(String field) {
      JsonNode n = fields.get(field);
      if (n == null || n.isNull()) {
        return null;
      }
      if (!n.isValueNode()) {
        throw fail(field, "expected text, got " + describe(n));
      }
      return n.asText();
    }

    @Nullable Boolean bool(String field) {
      JsonNode n = fields.get(field);
      if (n == null || n.isNull()) {
        return null;
      }
      if (!n.isBoolean()) {
        throw fail(field, "expected true or false, got " + describe(n));
      }
      return n.booleanValue();
    }

    @Nullable Double number(String field) {
      JsonNode n = fields.get(field);
      if (n == null || n.isNull()) {
        return null;
      }
      if (!n.isNumber()) {
        throw fail(field, "expected a number, got " + describe(n));
      }
      return n.doubleValue();
    }

    @Nullable Integer integer(String field) {
      JsonNode n = fields.get(field);
      if (n == null || n.isNull()) {
        return null;
      }
      if (!n.canConvertToInt() || !n.isIntegralNumber()) {
        throw fail(field, "expected a whole number, got " + describe(n));
      }
      return n.intValue();
    }

    List<String> texts(String field) {
      JsonNode n = fields.get(field);
      if (n == null || n.isNull()) {
        return List.of();
      }
      if (n.isValueNode()) {
        return List.of(n.asText());
      }
      if (!n.isArray()) {
        throw fail(field, "expected a list of paths, got " + describe(n));
      }
      List<String> out = new ArrayList<>();
      for (JsonNode e : n) {
        if (!e.isValueNode() || e.isNull()) {
          throw fail(field, "expected a list of paths, got an element " + describe(e));
        }
        out.add(e.asText());
      }
      return out;
    }

    Map<String, String> vars() {
      JsonNode n = fields.get("vars");
      Map<String, String> out = new LinkedHashMap<>();
      if (n == null || n.isNull()) {
        return out;
      }
      if (!n.isObject()) {
        throw fail("vars", "expected a mapping of names to values, got " + describe(n));
      }
      for (Map.Entry<String, JsonNode> f : n.properties()) {
        checkName("vars", f.getKey());
        if (!f.getValue().isValueNode() || f.getValue().isNull()) {
          throw fail("vars", "variable '" + f.getKey() + "' must be text or a number, got " + describe(f.getValue()));
        }
        out.put(f.getKey(), f.getValue().asText());
      }
      return out;
    }

    List<Map<String, String>> matrix() {
      JsonNode n = fields.get("matrix");
      List<Map<String, String>> combos = new ArrayList<>();
      combos.add(new LinkedHashMap<>());
      if (n == null || n.isNull()) {
        return combos;
      }
      if (!n.isObject() || n.isEmpty()) {
        throw fail("matrix", "expected a mapping of names to lists of values, got " + describe(n));
      }
      for (Map.Entry<String, JsonNode> f : n.properties()) {
        checkName("matrix", f.getKey());
        JsonNode values = f.getValue();
        if (!values.isArray() || values.isEmpty()) {
          throw fail("matrix", "'" + f.getKey() + "' must be a non-empty list of values, got " + describe(values));
        }
        List<Map<String, String>> next = new ArrayList<>();
        for (Map<String, String> combo : combos) {
          for (JsonNode v : values) {
            if (!v.isValueNode() || v.isNull()) {
              throw fail("matrix", "'" + f.getKey() + "' has a value that is not text or a number: " + describe(v));
            }
            Map<String, String> c = new LinkedHashMap<>(combo);
            c.put(f.getKey(), v.asText());
            next.add(c);
          }
        }
        combos = next;
      }
      return combos;
    }

    void checkName(String field, String name) {
      if (!Template.isName(name)) {
        throw fail(field, "'" + name + "' is not a valid variable name (letters, digits, '_' and '-', starting"
            + " with a letter or '_')");
      }
      if (BUILT_IN.contains(name)) {
        throw fail(field, "'" + name + "' is built in ({index} is the job number, {n} counts 1 to count); use another name");
      }
    }
  }

  private static String describe(JsonNode n) {
    if (n.isArray()) {
      return "a list";
    }
    if (n.isObject()) {
      return "a mapping";
    }
    if (n.isNull()) {
      return "nothing";
    }
    return n.isTextual() ? "'" + n.asText() + "'" : n.toString();
  }

  private void expand(Map<String, JsonNode> fields, int number, List<BatchJob> jobs, Map<Path, BatchJob> byOutput) {
    Spec spec = new Spec(fields, number);
    String prompt = spec.text("prompt");
    String promptFile = spec.text("prompt_file");
    if (prompt != null && promptFile != null) {
      throw spec.fail("prompt_file", "give either prompt or prompt_file, not both");
    }
    if (promptFile != null) {
      prompt = readText(spec, "prompt_file", promptFile);
    }
    String system = spec.text("system_prompt");
    String systemFile = spec.text("system_prompt_file");
    if (system != null && systemFile != null) {
      throw spec.fail("system_prompt_file", "give either system_prompt or system_prompt_file, not both");
    }
    if (systemFile != null) {
      system = readText(spec, "system_prompt_file", systemFile);
    }
    List<String> imageTemplates = spec.texts("images");
    String maskTemplate = spec.text("mask");
    if (prompt == null && imageTemplates.isEmpty()) {
      throw spec.fail("prompt", "missing: give prompt, prompt_file or images");
    }
    String name = spec.text("name");
    String output = spec.text("output");
    if (output == null) {
      output = (name != null && Template.isName(name) ? name : "job") + "-{index}";
    }
    int count = spec.integer("count") == null ? 1 : spec.integer("count");
    if (count < 1 || count > 64) {
      throw spec.fail("count", count + " is out of range; allowed: 1 to 64");
    }
    if (count > 1 && !output.contains("{n}")) {
      int dot = output.lastIndexOf('.');
      boolean ext = dot > 0 && IMAGE_EXTENSIONS.contains(output.substring(dot + 1).toLowerCase(Locale.ROOT));
      output = ext ? output.substring(0, dot) + "-{n}" + output.substring(dot) : output + "-{n}";
    }
    OutputFormat declared = null;
    String format = spec.text("format");
    if (format != null) {
      try {
        declared = OutputFormat.parse(format);
      } catch (InvalidRequestException e) {
        throw spec.fail("format", e.getMessage());
      }
    }
    Path outputDir = outputDirOverride;
    if (outputDir == null) {
      String od = spec.text("output_dir");
      outputDir = od == null ? dir : dir.resolve(od).normalize();
    }
    Map<String, String> vars = spec.vars();
    List<Map<String, String>> combos = spec.matrix();
    List<DataFiles.Row> rows = List.of(new DataFiles.Row("", Map.of()));
    String data = spec.text("data");
    if (data != null) {
      Path dataPath = dir.resolve(data).normalize();
      try {
        rows = DataFiles.read(dataPath);
      } catch (IOException e) {
        throw spec.fail("data", "cannot read " + data + ": " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw spec.fail("data", data + ": " + e.getMessage());
      }
      for (String column : rows.get(0).values().keySet()) {
        if (!Template.isName(column)) {
          throw spec.fail("data", data + ": column '" + column + "' is not a valid variable name (letters, digits,"
              + " '_' and '-', starting with a letter or '_')");
        }
        if (BUILT_IN.contains(column)) {
          throw spec.fail("data", data + ": column '" + column + "' is a built-in name; rename the column");
        }
      }
    }
    for (DataFiles.Row row : rows) {
      for (Map<String, String> combo : combos) {
        for (int n = 1; n <= count; n++) {
          Map<String, String> values = new LinkedHashMap<>(vars);
          Map<String, String> sourceOf = new HashMap<>();
          vars.keySet().forEach(k -> sourceOf.put(k, "vars"));
          for (Map.Entry<String, String> e : row.values().entrySet()) {
            if (values.containsKey(e.getKey())) {
              throw spec.fail("data", "variable '" + e.getKey() + "' is defined both in " + sourceOf.get(e.getKey())
                  + " and as a column of " + data);
            }
            values.put(e.getKey(), e.getValue());
            sourceOf.put(e.getKey(), "the data file " + data);
          }
          for (Map.Entry<String, String> e : combo.entrySet()) {
            if (values.containsKey(e.getKey())) {
              throw spec.fail("matrix", "variable '" + e.getKey() + "' is defined both in " + sourceOf.get(e.getKey())
                  + " and in the matrix");
            }
            values.put(e.getKey(), e.getValue());
            sourceOf.put(e.getKey(), "the matrix");
          }
          StringBuilder origin = new StringBuilder(spec.label);
          List<String> context = new ArrayList<>();
          if (!row.label().isEmpty()) {
            context.add(row.label());
          }
          combo.forEach((k, v) -> context.add(k + "=" + v));
          if (count > 1) {
            context.add("n=" + n);
          }
          if (!context.isEmpty()) {
            origin.append(" (").append(String.join(", ", context)).append(')');
          }
          int index = jobs.size() + problems.size() + 1;
          BatchJob job;
          try {
            job = build(spec, origin.toString(), index, n, values, sourceOf, prompt, system, imageTemplates,
                maskTemplate, name, output, declared, outputDir);
          } catch (InvalidRequestException e) {
            problems.add(e);
            continue;
          }
          BatchJob clash = byOutput.putIfAbsent(job.output(), job);
          if (clash != null) {
            throw new InvalidRequestException(fileName + ": " + job.origin() + ": field 'output': it writes "
                + job.output() + ", which " + clash.origin() + " writes too; add a placeholder that differs"
                + " between them to 'output'");
          }
          jobs.add(job);
        }
      }
    }
  }

  private BatchJob build(Spec spec, String origin, int index, int n, Map<String, String> values,
      Map<String, String> sourceOf, @Nullable String promptTemplate, @Nullable String systemTemplate,
      List<String> imageTemplates, @Nullable String maskTemplate, @Nullable String nameTemplate, String outputTemplate,
      @Nullable OutputFormat declared, Path outputDir) {
    Function<String, @Nullable String> lookup = k -> values.containsKey(k) ? values.get(k)
        : k.equals("index") ? Integer.toString(index) : k.equals("n") ? Integer.toString(n) : null;
    Set<String> used = new LinkedHashSet<>();
    String prompt = promptTemplate == null ? null : fill(spec, origin, "prompt", promptTemplate, lookup, used, values);
    String system = systemTemplate == null ? null : fill(spec, origin, "system_prompt", systemTemplate, lookup, used, values);
    String name = nameTemplate == null ? "job " + index : fill(spec, origin, "name", nameTemplate, lookup, used, values);
    List<ImageInput> images = new ArrayList<>();
    List<String> shas = new ArrayList<>();
    for (String t : imageTemplates) {
      String p = fill(spec, origin, "images", t, lookup, used, values);
      Path path = dir.resolve(p).normalize();
      if (!Files.isRegularFile(path)) {
        throw fail(origin, "images", "input image " + p + " does not exist (looked for " + path + ")");
      }
      shas.add(digest(origin, "images", path));
      images.add(ImageInput.of(path));
    }
    ImageInput mask = null;
    String maskSha = null;
    if (maskTemplate != null) {
      String p = fill(spec, origin, "mask", maskTemplate, lookup, used, values);
      Path path = dir.resolve(p).normalize();
      if (!Files.isRegularFile(path)) {
        throw fail(origin, "mask", "mask " + p + " does not exist (looked for " + path + ")");
      }
      maskSha = digest(origin, "mask", path);
      mask = ImageInput.of(path);
    }
    String fileName;
    try {
      fileName = Template.fill(outputTemplate, lookup, used, JobFile::placeholderFileName);
    } catch (Template.MissingVariableException e) {
      throw missing(origin, "output", e.name(), values);
    } catch (IllegalArgumentException e) {
      throw fail(origin, "output", e.getMessage());
    }
    int dot = fileName.lastIndexOf('.');
    String ext = dot > 0 ? fileName.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    OutputFormat format;
    if (IMAGE_EXTENSIONS.contains(ext)) {
      format = OutputFormat.parse(ext);
      if (declared != null && declared != OutputFormat.KEEP && declared != format) {
        throw fail(origin, "format", "'" + declared.name().toLowerCase(Locale.ROOT) + "' disagrees with the output name "
            + fileName + "; drop one of them");
      }
    } else {
      format = declared != null && declared != OutputFormat.KEEP ? declared : providerFormat(spec);
      fileName = fileName + "." + (format == OutputFormat.JPEG ? "jpg" : format.name().toLowerCase(Locale.ROOT));
    }
    Path output;
    try {
      output = OutputNames.resolveInside(outputDir, fileName);
    } catch (IllegalArgumentException e) {
      throw fail(origin, "output", e.getMessage());
    }
    for (String var : values.keySet()) {
      if (!used.contains(var)) {
        throw fail(origin, sourceField(sourceOf.get(var)), "variable '" + var + "' (from " + sourceOf.get(var)
            + ") is not used by prompt, system_prompt, images, mask, output or name; remove it or use {" + var + "}");
      }
    }
    ImageRequest.Builder b = ImageRequest.builder(catalog)
        .model(spec.text("model"))
        .prompt(prompt)
        .aspectRatio(spec.text("aspect_ratio"))
        .images(images)
        .mask(mask);
    String size = spec.text("size");
    if (size != null && (size.equals("auto") || size.matches("\\d+x\\d+"))) {
      b.size(size); // pixel sizes
    } else {
      b.imageSize(size);
    }
    String grid = spec.text("grid");
    if (grid != null) {
      try {
        b.grid(Grid.parse(grid));
      } catch (InvalidRequestException e) {
        throw fail(origin, "grid", e.getMessage());
      }
    }
    String seed = spec.text("seed");
    if (seed != null) {
      try {
        b.seed(Long.parseUnsignedLong(seed.trim()));
      } catch (NumberFormatException e) {
        throw fail(origin, "seed", "expected a whole number from 0 to 18446744073709551615, got " + seed);
      }
    }
    Map<String, String> fieldOfOption = new LinkedHashMap<>();
    try {
      ModelInfo model = catalog.require(spec.text("model") != null ? spec.text("model") : catalog.defaultModel());
      ImageProvider provider = Providers.require(model.provider(), "model " + model.id());
      Map<String, Object> options = new LinkedHashMap<>();
      Map<String, String> byField = new LinkedHashMap<>();
      provider.optionNames().forEach(o -> byField.put(snake(o), o));
      provider.optionAliases().forEach((alias, o) -> byField.put(snake(alias), o));
      for (Map.Entry<String, JsonNode> f : spec.fields.entrySet()) {
        if (SHARED_FIELDS.contains(f.getKey()) || f.getValue().isNull()) {
          continue;
        }
        String option = byField.get(f.getKey());
        if (option == null) {
          throw fail(origin, f.getKey(), "'" + f.getKey() + "' is not an option of " + model.id() + " (provider "
              + model.provider() + "); its options: " + String.join(", ", byField.keySet()));
        }
        options.put(option, JSON.convertValue(f.getValue(), Object.class));
        fieldOfOption.put(provider.id() + "." + option, f.getKey());
      }
      if (system != null && !system.isBlank()) {
        options.put("systemPrompt", system);
        fieldOfOption.put(provider.id() + ".systemPrompt", "system_prompt");
      }
      String syntax = spec.text("prompt_syntax");
      if (syntax != null && prompt != null) {
        b.prompt(convertPrompt(spec, origin, prompt, syntax, provider, options, b));
      }
      if (!options.isEmpty()) {
        b.options(provider.readOptions(options));
      }
    } catch (InvalidRequestException e) {
      throw failAt(origin, e, fieldOfOption);
    }
    ImageRequest request;
    try {
      request = b.build();
    } catch (InvalidRequestException e) {
      throw failAt(origin, e, fieldOfOption);
    }
    try {
      SaveOptions.builder().file(output).format(format).build().check(request);
    } catch (InvalidRequestException e) {
      throw fail(origin, "output", e.getMessage());
    }
    String key = JobKeys.key(request, shas, maskSha, output, format);
    return new BatchJob(index, name, origin, key, request, output, format, values);
  }

  private String fileName() {
    return fileName;
  }

  /** The format the provider is asked to encode ({@code output_format}), else PNG: an output name's default extension. */
  private OutputFormat providerFormat(Spec spec) {
    String asked = spec.text("output_format");
    if (asked == null) {
      return OutputFormat.PNG;
    }
    try {
      OutputFormat f = OutputFormat.parse(asked);
      return f == OutputFormat.KEEP ? OutputFormat.PNG : f;
    } catch (InvalidRequestException e) {
      return OutputFormat.PNG; // the request's own check reports the bad value, naming the model's choices
    }
  }

  /**
   * A prompt written in another weight dialect ({@code prompt_syntax}), converted to the one the job's
   * engine reads, the same way {@code generate --prompt-syntax} does ({@link PromptConversion}): its negative
   * part and LoRA tags become the provider's {@code negativePrompt} and {@code loras} options where it has
   * them, and A1111 prompt editing becomes the {@code promptStages}/{@code negativeStages} options on an engine
   * that runs stages, read for the job's own {@code steps} (20 when not given). What cannot carry over is
   * reported as the request's warnings (shown before it is sent); {@code prompt_syntax_strict: true} refuses
   * such a job instead. A job whose prompt has no scheduling gets no stage options, so its key is unchanged.
   */
  private String convertPrompt(Spec spec, String origin, String prompt, String syntax, ImageProvider provider,
      Map<String, Object> options, ImageRequest.Builder b) {
    PromptConversion conversion;
    try {
      conversion = PromptConversion.builder(PromptSyntax.parse(syntax), PromptSyntax.parse(provider.promptSyntax()))
          .engineOptions(provider.optionNames())
          .ownWorkflow(options.get("workflow") != null)
          .steps(PromptConversion.stepsOf(options.get("steps")))
          .strict(Boolean.TRUE.equals(spec.bool("prompt_syntax_strict")))
          .build();
    } catch (IllegalArgumentException e) {
      throw fail(origin, "prompt_syntax", e.getMessage());
    }
    PromptConversion.Result r;
    try {
      r = conversion.convertInto(prompt, options);
    } catch (InvalidRequestException e) {
      throw fail(origin, "prompt_syntax", e.getMessage() + "; write the prompt for " + conversion.to().id()
          + " or leave prompt_syntax out");
    }
    r.warnings().forEach(w -> b.warning("prompt_syntax " + conversion.from().id() + " to " + conversion.to().id()
        + ": " + w));
    return r.prompt();
  }

  /**
   * The request's own refusal, said for a job file: the field at fault ({@link InvalidRequestException#field()})
   * by its job-file name.
   */
  private InvalidRequestException failAt(String origin, InvalidRequestException e, Map<String, String> fieldOfOption) {
    if (e.getMessage() != null && e.getMessage().startsWith(fileName + ": ")) {
      return e;
    }
    String field = e.field().map(f -> fieldOfOption.getOrDefault(f, snake(f.substring(f.indexOf('.') + 1))))
        .map(f -> f.equals("image_size") ? "size" : f).orElse(null);
    return new InvalidRequestException(fileName + ": " + origin + ": " + (field == null ? "" : "field '" + field + "': ")
        + e.getMessage(), field == null ? "job" : field, e.allowed());
  }

  private static String sourceField(String source) {
    return source.equals("vars") ? "vars" : source.equals("the matrix") ? "matrix" : "data";
  }

  private String fill(Spec spec, String origin, String field, String template, Function<String, @Nullable String> lookup,
      Set<String> used, Map<String, String> values) {
    try {
      return Template.fill(template, lookup, used);
    } catch (Template.MissingVariableException e) {
      throw missing(origin, field, e.name(), values);
    }
  }

  private InvalidRequestException missing(String origin, String field, String var, Map<String, String> values) {
    Set<String> known = new TreeSet<>(values.keySet());
    known.addAll(BUILT_IN);
    return fail(origin, field, "uses {" + var + "} but no variable '" + var + "' is defined (defined: "
        + String.join(", ", known) + "); write {{" + var + "}} for a literal {" + var + "}");
  }

  private InvalidRequestException fail(String origin, String field, String message) {
    return new InvalidRequestException(fileName + ": " + origin + ": field '" + field + "': " + message);
  }

  private String readText(Spec spec, String field, String path) {
    try {
      return Files.readString(dir.resolve(path).normalize(), StandardCharsets.UTF_8).stripTrailing();
    } catch (IOException e) {
      throw spec.fail(field, "cannot read " + path + ": " + e);
    }
  }

  private String digest(String origin, String field, Path path) {
    String sha = digests.get(path);
    if (sha == null) {
      try {
        sha = Digests.sha256Hex(path);
      } catch (IOException e) {
        throw fail(origin, field, "cannot read " + (field.equals("mask") ? "mask " : "input image ") + path + ": "
            + e.getMessage());
      }
      digests.put(path, sha);
    }
    return sha;
  }

  /**
   * A placeholder's value as part of a file name: runs of white space become one {@code -} (as in the
   * names {@code generate} derives from prompts: {@code pixel art} gives {@code pixel-art}), then
   * {@link OutputNames#safeFileName} rules apply.
   */
  static String placeholderFileName(String value) {
    return OutputNames.safeFileName(value.strip().replaceAll("\\s+", "-"));
  }
}
