package dev.darkroom.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.DarkroomException;
import dev.darkroom.spi.LoraSpec;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ProviderOptions;
import dev.darkroom.spi.OptionCheck;
import dev.darkroom.spi.OptionReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * ComfyUI's own knobs for one request: SDXL refiner, LoRAs, negative prompt, sampler settings, img2img strength,
 * or a user's own API-format workflow. The checkpoint is the model id ({@code comfyui:sd_xl_base_1.0.safetensors}),
 * the size and seed are the request's, and the batch size is its count. Immutable; attach with
 * {@code ImageRequest.Builder.options(...)}.
 *
 * <pre>{@code
 * ImageRequest.builder()
 *     .model("comfyui:sd_xl_base_1.0.safetensors")
 *     .prompt("a lighthouse at dusk, film grain")
 *     .options(ComfyOptions.builder()
 *         .refiner("sd_xl_refiner_1.0.safetensors")
 *         .lora(ComfyOptions.Lora.parse("wrong.safetensors:0.7"))
 *         .negativePrompt("blurry, embedding:wrong")
 *         .steps(40).cfg(13.0)
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>Defaults (when a value is not set): steps 30, cfg 7.0, sampler {@code euler}, scheduler {@code normal}, no
 * refiner, refiner switch 0.8 (the base runs the first 80% of the steps), no LoRAs, empty negative prompt, the
 * checkpoint's own VAE, denoise 0.75 with an input image and 1.0 without. Whether the engine has a named
 * refiner, LoRA, VAE, sampler, scheduler or embedding is checked against the engine before anything is queued.
 *
 * <p><b>Prompt stages</b> ({@link Builder#promptStages(List)}, {@link Builder#negativeStages(List)}) run A1111
 * prompt editing and alternation for real: each {@link Stage} is encoded on its own and applied only to its
 * share of the sampling schedule ({@code ConditioningSetTimestepRange}), the stages joined with
 * {@code ConditioningCombine}. The command line fills them from {@code --prompt-syntax a1111}; the last stage's
 * text must be the request's prompt (or the negative prompt), so stale stages cannot outlive an edited prompt.
 *
 * <p>Canonical names ({@link #values()}, {@code -O name=value}, job-file fields): {@value #NAMES_TEXT}. Aliases:
 * {@code negative} for {@code negativePrompt}, {@code lora} for {@code loras}.
 */
public final class ComfyOptions implements ProviderOptions {
  private static final OptionCheck CHECK = OptionCheck.of("comfyui");
  static final String NAMES_TEXT = "refiner, refinerSwitch, loras, negativePrompt, steps, cfg, sampler, scheduler,"
      + " denoise, vae, workflow, workflowInputs, promptStages, negativeStages";
  /** The canonical option names. */
  public static final List<String> NAMES = List.of("refiner", "refinerSwitch", "loras", "negativePrompt", "steps",
      "cfg", "sampler", "scheduler", "denoise", "vae", "workflow", "workflowInputs", "promptStages",
      "negativeStages");
  /** Other names accepted for options: {@code negative}, {@code lora}. */
  public static final Map<String, String> ALIASES = Map.of("negative", "negativePrompt", "lora", "loras");

  /** Default sampling steps. */
  public static final int DEFAULT_STEPS = 30;
  /** Default classifier-free guidance scale. */
  public static final double DEFAULT_CFG = 7.0;
  /** Default sampler ({@code comfy.samplers.KSampler.SAMPLERS}). */
  public static final String DEFAULT_SAMPLER = "euler";
  /** Default scheduler ({@code comfy.samplers.KSampler.SCHEDULERS}). */
  public static final String DEFAULT_SCHEDULER = "normal";
  /** Default share of the steps the base model runs before the refiner takes over. */
  public static final double DEFAULT_REFINER_SWITCH = 0.8;
  /** Default img2img denoise. */
  public static final double DEFAULT_IMG2IMG_DENOISE = 0.75;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final @Nullable String refiner;
  private final @Nullable Double refinerSwitch;
  private final List<Lora> loras;
  private final @Nullable String negativePrompt;
  private final @Nullable Integer steps;
  private final @Nullable Double cfg;
  private final @Nullable String sampler;
  private final @Nullable String scheduler;
  private final @Nullable Double denoise;
  private final @Nullable String vae;
  private final @Nullable ObjectNode workflow;
  private final @Nullable String workflowFile;
  private final Map<String, Object> workflowInputs;
  private final List<Stage> promptStages;
  private final List<Stage> negativeStages;

  private ComfyOptions(Builder b) {
    refiner = b.refiner;
    refinerSwitch = b.refinerSwitch;
    loras = List.copyOf(b.loras);
    negativePrompt = b.negativePrompt;
    steps = b.steps;
    cfg = b.cfg;
    sampler = b.sampler;
    scheduler = b.scheduler;
    denoise = b.denoise;
    vae = b.vae;
    workflow = b.workflow == null ? null : b.workflow.deepCopy();
    workflowFile = b.workflowFile;
    workflowInputs = Collections.unmodifiableMap(new LinkedHashMap<>(b.workflowInputs));
    promptStages = List.copyOf(b.promptStages);
    negativeStages = List.copyOf(b.negativeStages);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The request's ComfyUI options, or the defaults when it carries none. */
  public static ComfyOptions of(ImageRequest request) {
    return request.options(ComfyOptions.class).orElseGet(() -> builder().build());
  }

  /** A builder holding these values, for a variant. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.refiner = refiner;
    b.refinerSwitch = refinerSwitch;
    b.loras.addAll(loras);
    b.negativePrompt = negativePrompt;
    b.steps = steps;
    b.cfg = cfg;
    b.sampler = sampler;
    b.scheduler = scheduler;
    b.denoise = denoise;
    b.vae = vae;
    b.workflow = workflow;
    b.workflowFile = workflowFile;
    b.workflowInputs.putAll(workflowInputs);
    b.promptStages.addAll(promptStages);
    b.negativeStages.addAll(negativeStages);
    return b;
  }

  @Override
  public String provider() {
    return ComfyUIProvider.ID;
  }

  /** The SDXL refiner checkpoint, as the engine lists it. */
  public Optional<String> refiner() {
    return Optional.ofNullable(refiner);
  }

  /** Share of the steps (0..1) the base model runs before the refiner; default 0.8. */
  public double refinerSwitch() {
    return refinerSwitch != null ? refinerSwitch : DEFAULT_REFINER_SWITCH;
  }

  /** LoRAs in chain order (the first is applied to the checkpoint first). */
  public List<Lora> loras() {
    return loras;
  }

  /** The negative prompt; empty by default. May use {@code embedding:name}. */
  public String negativePrompt() {
    return negativePrompt != null ? negativePrompt : "";
  }

  /** Sampling steps (1..10000), shared by base and refiner; default 30. */
  public int steps() {
    return steps != null ? steps : DEFAULT_STEPS;
  }

  /** Classifier-free guidance scale (0..100); default 7.0. */
  public double cfg() {
    return cfg != null ? cfg : DEFAULT_CFG;
  }

  /** The sampler; default {@code euler}. */
  public String sampler() {
    return sampler != null ? sampler : DEFAULT_SAMPLER;
  }

  /** The scheduler; default {@code normal}. */
  public String scheduler() {
    return scheduler != null ? scheduler : DEFAULT_SCHEDULER;
  }

  /** The denoise strength (0..1) when set; otherwise 0.75 for img2img and 1.0 for txt2img. */
  public Optional<Double> denoise() {
    return Optional.ofNullable(denoise);
  }

  /** A separate VAE file; empty means the checkpoint's own. */
  public Optional<String> vae() {
    return Optional.ofNullable(vae);
  }

  /** A copy of the user's API-format workflow, when one is set. */
  public Optional<ObjectNode> workflow() {
    return Optional.ofNullable(workflow).map(ObjectNode::deepCopy);
  }

  /** The file the workflow was read from, when it came from a file. */
  public Optional<String> workflowFile() {
    return Optional.ofNullable(workflowFile);
  }

  /** Values for the workflow nodes titled {@code darkroom:<name>}. */
  public Map<String, Object> workflowInputs() {
    return workflowInputs;
  }

  /**
   * The positive prompt's stages in schedule order, covering 0..1 without gaps; empty (the default) when the
   * prompt does not change during sampling.
   */
  public List<Stage> promptStages() {
    return promptStages;
  }

  /** The negative prompt's stages, as {@link #promptStages()}; empty by default. */
  public List<Stage> negativeStages() {
    return negativeStages;
  }

  /**
   * Whether the option {@code name} (a canonical name) was set rather than left at its default. In workflow mode
   * only set values are written into the user's graph.
   */
  public boolean isSet(String name) {
    return values().containsKey(name);
  }

  /**
   * The set options under their canonical names: strings, numbers, lists of {@code name:modelWeight:clipWeight}
   * LoRA specs; {@code workflow} is the file path when the workflow came from a file, else the graph as a map;
   * {@code promptStages} and {@code negativeStages} are lists of {@code {start, end, text}} maps.
   */
  @Override
  public Map<String, Object> values() {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "refiner", refiner);
    put(m, "refinerSwitch", refinerSwitch);
    if (!loras.isEmpty()) {
      m.put("loras", loras.stream().map(Lora::toSpec).toList());
    }
    put(m, "negativePrompt", negativePrompt);
    put(m, "steps", steps);
    put(m, "cfg", cfg);
    put(m, "sampler", sampler);
    put(m, "scheduler", scheduler);
    put(m, "denoise", denoise);
    put(m, "vae", vae);
    if (workflowFile != null) {
      m.put("workflow", workflowFile);
    } else if (workflow != null) {
      m.put("workflow", JSON.convertValue(workflow, Map.class));
    }
    if (!workflowInputs.isEmpty()) {
      m.put("workflowInputs", new LinkedHashMap<>(workflowInputs));
    }
    if (!promptStages.isEmpty()) {
      m.put("promptStages", promptStages.stream().map(Stage::toMap).toList());
    }
    if (!negativeStages.isEmpty()) {
      m.put("negativeStages", negativeStages.stream().map(Stage::toMap).toList());
    }
    return m;
  }

  /**
   * Checks the combination against the request: a workflow decides refiner, LoRAs and VAE itself; workflow
   * inputs need a workflow; with a refiner and an input image the base must keep some steps; prompt stages need
   * the built graph and must end with the request's own prompt (and negative prompt). Denoise without an
   * input image is kept but reported.
   */
  @Override
  public ComfyOptions validate(ImageRequest request, Consumer<String> warnings) {
    if (workflow != null && (!promptStages.isEmpty() || !negativeStages.isEmpty())) {
      String which = promptStages.isEmpty() ? "negativeStages" : "promptStages";
      throw new InvalidRequestException("comfyui." + which + " cannot be combined with comfyui.workflow: the"
          + " workflow's own encoders decide the conditioning", "comfyui." + which, List.of());
    }
    requireEndsWith("promptStages", promptStages, request.prompt());
    requireEndsWith("negativeStages", negativeStages, negativePrompt());
    if (workflow != null && (refiner != null || !loras.isEmpty() || vae != null)) {
      String which = refiner != null ? "refiner" : !loras.isEmpty() ? "loras" : "vae";
      throw new InvalidRequestException("comfyui." + which + " cannot be combined with comfyui.workflow: the"
          + " workflow's own nodes decide it; add the node to the workflow instead", "comfyui." + which, List.of());
    }
    if (workflow == null && !workflowInputs.isEmpty()) {
      throw new InvalidRequestException("comfyui.workflowInputs " + workflowInputs.keySet() + " were given without"
          + " comfyui.workflow; set a workflow or drop them", "comfyui.workflowInputs", List.of());
    }
    boolean img2img = !request.images().isEmpty();
    if (denoise != null && !img2img && denoise < 1.0 && workflow == null) {
      warnings.accept("comfyui.denoise " + denoise + " without an input image only weakens txt2img sampling;"
          + " give an input image (-i) for img2img");
    }
    if (refiner != null && img2img && workflow == null) {
      double d = denoise != null ? denoise : DEFAULT_IMG2IMG_DENOISE;
      int start = (int) Math.round(steps() * (1.0 - d));
      int switchStep = dev.darkroom.comfyui.internal.GraphBuilder.switchStep(steps(), refinerSwitch());
      if (start >= switchStep) {
        throw new InvalidRequestException("comfyui.denoise " + d + " with comfyui.refinerSwitch "
            + refinerSwitch() + " leaves the base model no steps (it would start at step " + start + " of "
            + steps() + " and hand over at " + switchStep + "); raise denoise or refinerSwitch",
            "comfyui.denoise", List.of());
      }
    }
    return this;
  }

  /**
   * Reads the canonical form (and the aliases): strings as typed on a command line or JSON values.
   * {@code loras} is a list of specs or one comma-separated string; {@code workflow} a path to an API-format JSON
   * file, or the graph itself; {@code workflowInputs} an object, or {@code name=value} strings.
   *
   * @throws InvalidRequestException naming the field {@code comfyui.<name>}, the bad value and what is allowed
   */
  public static ComfyOptions read(Map<String, ?> values) {
    Map<String, Object> canonical = new LinkedHashMap<>();
    values.forEach((k, v) -> canonical.put(ALIASES.getOrDefault(k, k), v));
    OptionReader r = new OptionReader(ComfyUIProvider.ID, canonical, NAMES);
    Builder b = builder()
        .refiner(r.string("refiner"))
        .refinerSwitch(r.decimal("refinerSwitch"))
        .negativePrompt(r.string("negativePrompt"))
        .steps(r.integer("steps"))
        .cfg(r.decimal("cfg"))
        .sampler(r.string("sampler"))
        .scheduler(r.string("scheduler"))
        .denoise(r.decimal("denoise"))
        .vae(r.string("vae"));
    for (Object o : r.list("loras")) {
      for (String spec : String.valueOf(o).split(",")) {
        if (!spec.isBlank()) {
          b.lora(Lora.parse(spec.trim()));
        }
      }
    }
    Object wf = canonical.get("workflow");
    if (wf instanceof Map<?, ?> || wf instanceof JsonNode) {
      b.workflow(wf instanceof JsonNode n ? n : JSON.valueToTree(wf));
    } else if (wf != null) {
      b.workflowFile(Path.of(wf.toString()));
    }
    b.promptStages(stages(r, "promptStages"));
    b.negativeStages(stages(r, "negativeStages"));
    Object inputs = canonical.get("workflowInputs");
    if (inputs instanceof Map<?, ?> map) {
      map.forEach((k, v) -> b.workflowInput(String.valueOf(k), v instanceof JsonNode n ? n.isNumber()
          ? n.numberValue() : n.isBoolean() ? n.asBoolean() : n.asText() : v));
    } else if (inputs != null) {
      for (Object o : r.list("workflowInputs")) {
        String s = String.valueOf(o);
        int eq = s.indexOf('=');
        if (eq <= 0) {
          throw r.bad("workflowInputs", s, "NAME=VALUE pairs or an object");
        }
        b.workflowInput(s.substring(0, eq).trim(), s.substring(eq + 1));
      }
    }
    return b.build();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ComfyOptions x && values().equals(x.values()) && Objects.equals(workflow, x.workflow);
  }

  @Override
  public int hashCode() {
    return values().hashCode();
  }

  /** The canonical form, a workflow shown by its node count. */
  @Override
  public String toString() {
    Map<String, Object> m = values();
    if (workflow != null && workflowFile == null) {
      m.put("workflow", "(" + workflow.size() + " nodes)");
    }
    return "ComfyOptions" + m;
  }

  /**
   * One stage of a prompt that changes during sampling: {@code text} (in ComfyUI's syntax) conditions the part
   * of the sampling schedule from {@code start} to {@code end}, fractions 0..1 of it.
   *
   * <p>ComfyUI reads these fractions as sigma-percent ({@code ConditioningSetTimestepRange}: the model's noise
   * level at that share of its timesteps), not as a share of the sampler's steps, so a stage bounded at step
   * {@code k} of {@code N} switches close to, but not always exactly at, A1111's step {@code k}.
   */
  public record Stage(double start, double end, String text) {
    /**
     * @throws InvalidRequestException naming {@code comfyui.promptStages} unless {@code 0 <= start < end <= 1}
     */
    public Stage {
      Objects.requireNonNull(text, "text");
      if (!(start >= 0 && start < end && end <= 1)) {
        throw bad("promptStages", start + ".." + end, "a range with 0 <= start < end <= 1");
      }
    }

    /**
     * The stage covering sampling steps {@code firstStep..lastStep} (1-based, inclusive) of {@code steps}:
     * {@code start = (firstStep - 1) / steps}, {@code end = lastStep / steps}.
     *
     * @throws IllegalArgumentException unless {@code 1 <= firstStep <= lastStep <= steps}
     */
    public static Stage ofSteps(int firstStep, int lastStep, int steps, String text) {
      if (firstStep < 1 || lastStep < firstStep || lastStep > steps) {
        throw new IllegalArgumentException("steps " + firstStep + ".." + lastStep + " are not a range within 1.."
            + steps);
      }
      return new Stage((firstStep - 1) / (double) steps, lastStep / (double) steps, text);
    }

    /** The canonical form, as {@link ComfyOptions#values()} lists it: {@code {start, end, text}}. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("start", start);
      m.put("end", end);
      m.put("text", text);
      return m;
    }
  }

  /** One LoRA of the chain: the file name as the engine lists it, and its model and CLIP strengths (-100..100). */
  public record Lora(String name, double modelWeight, double clipWeight) {
    public Lora {
      Objects.requireNonNull(name, "name");
    }

    /** A LoRA at full strength. */
    public static Lora of(String name) {
      return new Lora(name, 1.0, 1.0);
    }

    /** A LoRA whose CLIP weight equals its model weight. */
    public static Lora of(String name, double weight) {
      return new Lora(name, weight, weight);
    }

    /**
     * Parses {@code NAME[:MODEL_WEIGHT[:CLIP_WEIGHT]]}; the CLIP weight defaults to the model weight. Only
     * trailing numeric parts are weights, so a name may contain colons.
     *
     * @throws InvalidRequestException naming {@code comfyui.loras} for an empty name
     */
    public static Lora parse(String spec) {
      LoraSpec l = LoraSpec.parse(spec, "comfyui.loras");
      return new Lora(l.name(), l.modelWeight(), l.clipWeight());
    }

    /** The canonical {@code name:modelWeight:clipWeight} form, e.g. {@code wrong.safetensors:0.7:0.7}. */
    public String toSpec() {
      return name + ":" + LoraSpec.plain(modelWeight) + ":" + LoraSpec.plain(clipWeight);
    }


  }

  /** Builds {@link ComfyOptions}; every setter takes {@code null} to return to the default. */
  public static final class Builder {
    private @Nullable String refiner;
    private @Nullable Double refinerSwitch;
    private final List<Lora> loras = new ArrayList<>();
    private @Nullable String negativePrompt;
    private @Nullable Integer steps;
    private @Nullable Double cfg;
    private @Nullable String sampler;
    private @Nullable String scheduler;
    private @Nullable Double denoise;
    private @Nullable String vae;
    private @Nullable JsonNode workflow;
    private @Nullable String workflowFile;
    private final Map<String, Object> workflowInputs = new LinkedHashMap<>();
    private final List<Stage> promptStages = new ArrayList<>();
    private final List<Stage> negativeStages = new ArrayList<>();

    private Builder() {}

    /** An SDXL refiner checkpoint; the base hands over at {@link #refinerSwitch(Double)}. */
    public Builder refiner(@Nullable String refiner) {
      this.refiner = refiner;
      return this;
    }

    /** Share of the steps (0..1) the base model runs; default 0.8. */
    public Builder refinerSwitch(@Nullable Double refinerSwitch) {
      this.refinerSwitch = refinerSwitch;
      return this;
    }

    /** Appends a LoRA to the chain. */
    public Builder lora(Lora lora) {
      loras.add(Objects.requireNonNull(lora, "lora"));
      return this;
    }

    /** Replaces the LoRA chain. */
    public Builder loras(List<Lora> loras) {
      this.loras.clear();
      loras.forEach(this::lora);
      return this;
    }

    /** What the image should not show; may use {@code embedding:name}. */
    public Builder negativePrompt(@Nullable String negativePrompt) {
      this.negativePrompt = negativePrompt;
      return this;
    }

    /** Sampling steps, 1..10000. */
    public Builder steps(@Nullable Integer steps) {
      this.steps = steps;
      return this;
    }

    /** Guidance scale, 0..100. */
    public Builder cfg(@Nullable Double cfg) {
      this.cfg = cfg;
      return this;
    }

    public Builder sampler(@Nullable String sampler) {
      this.sampler = sampler;
      return this;
    }

    public Builder scheduler(@Nullable String scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    /** img2img strength: 0 keeps the input, 1 ignores it. */
    public Builder denoise(@Nullable Double denoise) {
      this.denoise = denoise;
      return this;
    }

    /** A VAE file from the engine's {@code vae} folder. */
    public Builder vae(@Nullable String vae) {
      this.vae = vae;
      return this;
    }

    /** Runs this API-format graph (ComfyUI's File → Export (API)) instead of the built one. */
    public Builder workflow(@Nullable JsonNode workflow) {
      this.workflow = workflow;
      this.workflowFile = null;
      return this;
    }

    /**
     * Reads an API-format workflow from a JSON file (see {@link #workflow(JsonNode)}).
     *
     * @throws InvalidRequestException naming {@code comfyui.workflow} when the file cannot be read or is not JSON
     */
    public Builder workflowFile(Path file) {
      try {
        this.workflow = JSON.readTree(Files.readAllBytes(file));
      } catch (IOException e) {
        throw new InvalidRequestException("cannot read comfyui.workflow " + file + ": " + e.getMessage(), e,
            DarkroomException.Details.none());
      }
      this.workflowFile = file.toString();
      return this;
    }

    /** A value (string, number or boolean) for the workflow nodes titled {@code darkroom:<name>}. */
    public Builder workflowInput(String name, Object value) {
      workflowInputs.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Replaces the positive prompt's stages: in order, the first starting at 0, each starting where the one
     * before ends, the last ending at 1. Empty (the default) encodes the prompt once for the whole run.
     */
    public Builder promptStages(List<Stage> stages) {
      this.promptStages.clear();
      stages.forEach(s -> this.promptStages.add(Objects.requireNonNull(s, "stage")));
      return this;
    }

    /** Replaces the negative prompt's stages, as {@link #promptStages(List)}. */
    public Builder negativeStages(List<Stage> stages) {
      this.negativeStages.clear();
      stages.forEach(s -> this.negativeStages.add(Objects.requireNonNull(s, "stage")));
      return this;
    }

    /**
     * Checks every range.
     *
     * @throws InvalidRequestException naming the field {@code comfyui.<name>}, the bad value and what is allowed
     */
    public ComfyOptions build() {
      CHECK.name("refiner", refiner);
      CHECK.name("vae", vae);
      CHECK.name("sampler", sampler);
      CHECK.name("scheduler", scheduler);
      CHECK.range("refinerSwitch", refinerSwitch, 0.0, 1.0);
      CHECK.sampling(steps, cfg, denoise);
      for (Lora l : loras) {
        CHECK.lora(l.name(), l.modelWeight(), l.clipWeight(), l.toSpec());
      }
      if (workflow != null && !workflow.isObject()) {
        throw bad("workflow", workflowFile != null ? workflowFile : "(inline)",
            "an API-format graph: a JSON object of node id to {class_type, inputs}");
      }
      for (Map.Entry<String, Object> e : workflowInputs.entrySet()) {
        Object v = e.getValue();
        if (e.getKey().isBlank() || !(v instanceof String || v instanceof Number || v instanceof Boolean)) {
          throw bad("workflowInputs", e.getKey() + "=" + v, "a non-blank name with a string, number or boolean");
        }
      }
      requireCovering("promptStages", promptStages);
      requireCovering("negativeStages", negativeStages);
      return new ComfyOptions(this);
    }
  }

  /** Stages must tile 0..1 in order; shares meeting within 1e-9 count as meeting. */
  private static void requireCovering(String field, List<Stage> stages) {
    double at = 0;
    for (Stage s : stages) {
      if (Math.abs(s.start() - at) > 1e-9) {
        throw bad(field, s.start() + ".." + s.end(), "stages in order from 0 to 1, each starting where the one"
            + " before ends (" + at + ")");
      }
      at = s.end();
    }
    if (!stages.isEmpty() && Math.abs(at - 1) > 1e-9) {
      throw bad(field, "ending at " + at, "stages in order from 0 to 1, the last ending at 1");
    }
  }

  private static void requireEndsWith(String field, List<Stage> stages, String text) {
    if (!stages.isEmpty() && !stages.get(stages.size() - 1).text().equals(text)) {
      throw new InvalidRequestException("comfyui." + field + " end with '" + stages.get(stages.size() - 1).text()
          + "' but the prompt they belong to is '" + text + "'; they were made for another prompt: drop them or"
          + " convert the prompt again with --prompt-syntax a1111", "comfyui." + field, List.of());
    }
  }

  /** Stages as written by {@link #values()}: a list of {@code {start, end, text}} objects. */
  private static List<Stage> stages(OptionReader r, String field) {
    List<Stage> out = new ArrayList<>();
    for (Object o : r.list(field)) {
      JsonNode n = o instanceof JsonNode j ? j : JSON.valueToTree(o);
      JsonNode start = n.get("start");
      JsonNode end = n.get("end");
      JsonNode text = n.get("text");
      if (!n.isObject() || start == null || !start.isNumber() || end == null || !end.isNumber() || text == null
          || !text.isTextual()) {
        throw r.bad(field, o, "a list of {\"start\": 0..1, \"end\": 0..1, \"text\": \"...\"} objects");
      }
      out.add(new Stage(start.doubleValue(), end.doubleValue(), text.asText()));
    }
    return out;
  }

  private static void put(Map<String, Object> m, String key, @Nullable Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  private static InvalidRequestException bad(String field, Object value, String allowed) {
    return CHECK.bad(field, value, allowed);
  }
}
