package dev.darkroom.comfyui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.comfyui.ComfyOptions.Stage;
import dev.darkroom.spi.LoraSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Everything one built or filled graph needs, in the engine's terms: the public
 * {@link dev.darkroom.comfyui.ComfyOptions} plus what Darkroom's request decides (checkpoint from the model id,
 * size, batch size). Immutable; {@link Builder#build()} validates every range. Internal: read by
 * {@link GraphBuilder}, {@link WorkflowFiller} and {@link ObjectInfo#check}.
 *
 * <p>Defaults (used when a value is not set): steps 30, cfg 7.0, sampler {@code euler}, scheduler
 * {@code normal}, size 1024×1024 (SDXL's native size), batch size 1, refiner switch 0.8 (the refiner runs the
 * last 20% of the steps), empty negative prompt, denoise 0.75 when an input image is given and 1.0 otherwise,
 * the checkpoint's own VAE. A LoRA's CLIP weight defaults to its model weight. {@link #toMap()} and
 * {@link #fromMap(Map)} use snake_case keys ({@code refiner_switch, batch_size, workflow_inputs}…).
 */
public final class GraphSettings {
  /** Default sampling steps. */
  public static final int DEFAULT_STEPS = 30;
  /** Default classifier-free guidance scale. */
  public static final double DEFAULT_CFG = 7.0;
  /** Default sampler name ({@code comfy.samplers.KSampler.SAMPLERS}). */
  public static final String DEFAULT_SAMPLER = "euler";
  /** Default scheduler name ({@code comfy.samplers.KSampler.SCHEDULERS}). */
  public static final String DEFAULT_SCHEDULER = "normal";
  /** Default share of the steps the base model runs before the refiner takes over. */
  public static final double DEFAULT_REFINER_SWITCH = 0.8;
  /** Default image side in pixels (SDXL's native 1024×1024). */
  public static final int DEFAULT_SIZE = 1024;
  /** Default denoise for img2img. */
  public static final double DEFAULT_IMG2IMG_DENOISE = 0.75;
  /** ComfyUI's {@code MAX_RESOLUTION}. */
  public static final int MAX_SIZE = 16384;
  /** {@code EmptyLatentImage.batch_size} maximum. */
  public static final int MAX_BATCH = 4096;

  private static final Set<String> KEYS = Set.of("checkpoint", "refiner", "refiner_switch", "loras", "negative",
      "steps", "cfg", "sampler", "scheduler", "denoise", "width", "height", "batch_size", "vae", "workflow",
      "workflow_file", "workflow_inputs", "prompt_stages", "negative_stages");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final @Nullable String checkpoint;
  private final @Nullable String refiner;
  private final @Nullable Double refinerSwitch;
  private final List<Lora> loras;
  private final @Nullable String negative;
  private final @Nullable Integer steps;
  private final @Nullable Double cfg;
  private final @Nullable String sampler;
  private final @Nullable String scheduler;
  private final @Nullable Double denoise;
  private final @Nullable Integer width;
  private final @Nullable Integer height;
  private final @Nullable Integer batchSize;
  private final @Nullable String vae;
  private final @Nullable ObjectNode workflow;
  private final @Nullable String workflowFile;
  private final Map<String, Object> workflowInputs;
  private final List<Stage> promptStages;
  private final List<Stage> negativeStages;

  private GraphSettings(Builder b) {
    checkpoint = b.checkpoint;
    refiner = b.refiner;
    refinerSwitch = b.refinerSwitch;
    loras = List.copyOf(b.loras);
    negative = b.negative;
    steps = b.steps;
    cfg = b.cfg;
    sampler = b.sampler;
    scheduler = b.scheduler;
    denoise = b.denoise;
    width = b.width;
    height = b.height;
    batchSize = b.batchSize;
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

  /**
   * The settings for one job: the request's options plus what the request itself decides.
   *
   * @param checkpoint the checkpoint file, from the model id
   * @param sizeExplicit whether the request named a size (a workflow's own size is kept otherwise)
   * @param batchSize images in this run (written into a workflow only when above 1)
   */
  public static GraphSettings from(dev.darkroom.comfyui.ComfyOptions o, String checkpoint, int width, int height,
      boolean sizeExplicit, int batchSize) {
    Builder b = builder();
    boolean wf = o.workflow().isPresent();
    b.checkpoint(checkpoint);
    o.refiner().ifPresent(b::refiner);
    if (o.isSet("refinerSwitch")) {
      b.refinerSwitch(o.refinerSwitch());
    }
    o.loras().forEach(l -> b.lora(new Lora(l.name(), l.modelWeight(), l.clipWeight())));
    if (o.isSet("negativePrompt")) {
      b.negative(o.negativePrompt());
    }
    if (o.isSet("steps")) {
      b.steps(o.steps());
    }
    if (o.isSet("cfg")) {
      b.cfg(o.cfg());
    }
    if (o.isSet("sampler")) {
      b.sampler(o.sampler());
    }
    if (o.isSet("scheduler")) {
      b.scheduler(o.scheduler());
    }
    o.denoise().ifPresent(b::denoise);
    o.vae().ifPresent(b::vae);
    if (!wf || sizeExplicit) {
      b.size(width, height);
    }
    if (!wf || batchSize > 1) {
      b.batchSize(batchSize);
    }
    o.workflow().ifPresent(b::workflow);
    b.workflowFile = o.workflowFile().orElse(null);
    o.workflowInputs().forEach(b::workflowInput);
    b.promptStages(o.promptStages());
    b.negativeStages(o.negativeStages());
    return b.build();
  }

  /** Options with every default. */
  public static GraphSettings defaults() {
    return builder().build();
  }

  /** A builder holding this object's values, for a variant. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.checkpoint = checkpoint;
    b.refiner = refiner;
    b.refinerSwitch = refinerSwitch;
    b.loras.addAll(loras);
    b.negative = negative;
    b.steps = steps;
    b.cfg = cfg;
    b.sampler = sampler;
    b.scheduler = scheduler;
    b.denoise = denoise;
    b.width = width;
    b.height = height;
    b.batchSize = batchSize;
    b.vae = vae;
    b.workflow = workflow;
    b.workflowFile = workflowFile;
    b.workflowInputs.putAll(workflowInputs);
    b.promptStages.addAll(promptStages);
    b.negativeStages.addAll(negativeStages);
    return b;
  }

  /** The checkpoint file name as the engine lists it, e.g. {@code sd_xl_base_1.0.safetensors}; unset by default. */
  public @Nullable String checkpoint() {
    return checkpoint;
  }

  /** The SDXL refiner checkpoint; unset (no refiner) by default. */
  public @Nullable String refiner() {
    return refiner;
  }

  /** The share of the steps (0..1) the base model runs before the refiner takes over; default 0.8. */
  public double refinerSwitch() {
    return refinerSwitch != null ? refinerSwitch : DEFAULT_REFINER_SWITCH;
  }

  /** LoRAs in the order they are chained (the first is applied to the checkpoint first). */
  public List<Lora> loras() {
    return loras;
  }

  /** The negative prompt; empty by default. */
  public String negative() {
    return negative != null ? negative : "";
  }

  /** Sampling steps (1..10000); default 30. With a refiner, the total shared by both samplers. */
  public int steps() {
    return steps != null ? steps : DEFAULT_STEPS;
  }

  /** Classifier-free guidance scale (0..100); default 7.0. */
  public double cfg() {
    return cfg != null ? cfg : DEFAULT_CFG;
  }

  /** The sampler name; default {@code euler}. */
  public String sampler() {
    return sampler != null ? sampler : DEFAULT_SAMPLER;
  }

  /** The scheduler name; default {@code normal}. */
  public String scheduler() {
    return scheduler != null ? scheduler : DEFAULT_SCHEDULER;
  }

  /**
   * The denoise strength (0..1) to use: the set value, else 0.75 when there is an input image (img2img) and 1.0
   * when there is none.
   */
  public double denoise(boolean hasInputImage) {
    if (denoise != null) {
      return denoise;
    }
    return hasInputImage ? DEFAULT_IMG2IMG_DENOISE : 1.0;
  }

  /** Image width in pixels (16..16384, a multiple of 8); default 1024. Ignored for img2img (the input's size). */
  public int width() {
    return width != null ? width : DEFAULT_SIZE;
  }

  /** Image height in pixels (16..16384, a multiple of 8); default 1024. Ignored for img2img (the input's size). */
  public int height() {
    return height != null ? height : DEFAULT_SIZE;
  }

  /** Images generated in one run (1..4096); default 1. */
  public int batchSize() {
    return batchSize != null ? batchSize : 1;
  }

  /** A separate VAE file (from the engine's {@code vae} folder); unset means the checkpoint's own VAE. */
  public @Nullable String vae() {
    return vae;
  }

  /** A copy of the user's API-format workflow graph, when in workflow mode. */
  public @Nullable ObjectNode workflow() {
    return workflow == null ? null : workflow.deepCopy();
  }

  /** Where the workflow was read from, when known; informational. */
  public @Nullable String workflowFile() {
    return workflowFile;
  }

  /** Extra named workflow inputs: value for the nodes titled {@code darkroom:<name>}. */
  public Map<String, Object> workflowInputs() {
    return workflowInputs;
  }

  /**
   * The positive prompt's stages, each encoded for its share of the schedule; empty (the default) encodes the
   * prompt once. See {@link GraphBuilder} for the nodes.
   */
  public List<Stage> promptStages() {
    return promptStages;
  }

  /** The negative prompt's stages, as {@link #promptStages()}; empty by default. */
  public List<Stage> negativeStages() {
    return negativeStages;
  }

  /**
   * Whether the value under canonical key {@code key} (see the class doc) was set explicitly rather than left at
   * its default. In workflow mode only explicitly set values are written into the user's graph.
   */
  public boolean isExplicit(String key) {
    return switch (key) {
      case "checkpoint" -> checkpoint != null;
      case "refiner" -> refiner != null;
      case "refiner_switch" -> refinerSwitch != null;
      case "loras" -> !loras.isEmpty();
      case "negative" -> negative != null;
      case "steps" -> steps != null;
      case "cfg" -> cfg != null;
      case "sampler" -> sampler != null;
      case "scheduler" -> scheduler != null;
      case "denoise" -> denoise != null;
      case "width" -> width != null;
      case "height" -> height != null;
      case "batch_size" -> batchSize != null;
      case "vae" -> vae != null;
      case "workflow" -> workflow != null;
      case "workflow_file" -> workflowFile != null;
      case "workflow_inputs" -> !workflowInputs.isEmpty();
      case "prompt_stages" -> !promptStages.isEmpty();
      case "negative_stages" -> !negativeStages.isEmpty();
      default -> throw new IllegalArgumentException("unknown ComfyUI option key '" + key + "'; known: " + sorted(KEYS));
    };
  }

  /**
   * Checks every range and combination; {@link Builder#build()} already calls this.
   *
   * @throws InvalidRequestException naming the field, the bad value and what is allowed
   */
  public GraphSettings validate() {
    requireName("checkpoint", checkpoint);
    requireName("refiner", refiner);
    requireName("vae", vae);
    requireName("sampler", sampler);
    requireName("scheduler", scheduler);
    if (refinerSwitch != null) {
      requireRange("refiner_switch", refinerSwitch, 0.0, 1.0);
    }
    if (steps != null && (steps < 1 || steps > 10000)) {
      throw bad("steps", steps, "an integer from 1 to 10000");
    }
    if (cfg != null) {
      requireRange("cfg", cfg, 0.0, 100.0);
    }
    if (denoise != null) {
      requireRange("denoise", denoise, 0.0, 1.0);
    }
    requireSide("width", width);
    requireSide("height", height);
    if (batchSize != null && (batchSize < 1 || batchSize > MAX_BATCH)) {
      throw bad("batch_size", batchSize, "an integer from 1 to " + MAX_BATCH);
    }
    for (Lora l : loras) {
      requireName("loras", l.name());
      if (!Double.isFinite(l.modelWeight()) || l.modelWeight() < -100 || l.modelWeight() > 100) {
        throw bad("loras", l.toSpec(), "a model weight from -100 to 100");
      }
      if (!Double.isFinite(l.clipWeight()) || l.clipWeight() < -100 || l.clipWeight() > 100) {
        throw bad("loras", l.toSpec(), "a CLIP weight from -100 to 100");
      }
    }
    if (workflow != null) {
      ApiGraphs.requireApiFormat(workflow, workflowFile != null ? workflowFile : "(inline)");
      if (refiner != null || !loras.isEmpty() || vae != null) {
        String which = refiner != null ? "refiner" : !loras.isEmpty() ? "loras" : "vae";
        throw new InvalidRequestException(which + " cannot be combined with a workflow: the workflow's own nodes"
            + " decide it; add the node to the workflow instead");
      }
      if (!promptStages.isEmpty() || !negativeStages.isEmpty()) {
        throw new InvalidRequestException("prompt stages cannot be combined with a workflow: the workflow's own"
            + " encoders decide the conditioning");
      }
    } else if (!workflowInputs.isEmpty()) {
      throw new InvalidRequestException("workflow_inputs " + workflowInputs.keySet()
          + " were given without a workflow; set a workflow or drop them");
    }
    for (Map.Entry<String, Object> e : workflowInputs.entrySet()) {
      Object v = e.getValue();
      if (e.getKey().isBlank() || !(v instanceof String || v instanceof Number || v instanceof Boolean)) {
        throw bad("workflow_inputs", e.getKey() + "=" + v, "a non-blank name with a string, number or boolean value");
      }
    }
    return this;
  }

  /**
   * The canonical key/value form. Outside workflow mode the effective sampler settings are written even when
   * left at their defaults, so a record re-runs the same way after a default changes; in workflow mode only the
   * values set explicitly are written (the graph holds the rest). Values are strings, {@link Integer},
   * {@link Double}, lists of strings, and maps (the workflow graph, the workflow inputs).
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    boolean full = workflow == null;
    put(m, "checkpoint", checkpoint);
    put(m, "refiner", refiner);
    if (refiner != null || refinerSwitch != null) {
      m.put("refiner_switch", refinerSwitch());
    }
    if (!loras.isEmpty()) {
      List<String> specs = new ArrayList<>();
      loras.forEach(l -> specs.add(l.toSpec()));
      m.put("loras", specs);
    }
    if (full || negative != null) {
      m.put("negative", negative());
    }
    if (full || steps != null) {
      m.put("steps", steps());
    }
    if (full || cfg != null) {
      m.put("cfg", cfg());
    }
    if (full || sampler != null) {
      m.put("sampler", sampler());
    }
    if (full || scheduler != null) {
      m.put("scheduler", scheduler());
    }
    put(m, "denoise", denoise);
    if (full || width != null) {
      m.put("width", width());
    }
    if (full || height != null) {
      m.put("height", height());
    }
    if (full || batchSize != null) {
      m.put("batch_size", batchSize());
    }
    put(m, "vae", vae);
    if (workflow != null) {
      m.put("workflow", JSON.convertValue(workflow, Map.class));
    }
    put(m, "workflow_file", workflowFile);
    if (!workflowInputs.isEmpty()) {
      m.put("workflow_inputs", new LinkedHashMap<>(workflowInputs));
    }
    if (!promptStages.isEmpty()) {
      m.put("prompt_stages", stageMaps(promptStages));
    }
    if (!negativeStages.isEmpty()) {
      m.put("negative_stages", stageMaps(negativeStages));
    }
    return m;
  }

  /**
   * Reads the canonical form written by {@link #toMap()} (or a job file). Numbers may be any {@link Number} or a
   * numeric string; {@code loras} a list of specs or one comma-separated string; {@code workflow} a JSON object
   * (map or {@link JsonNode}) or a string naming an API-format JSON file to read.
   *
   * @throws InvalidRequestException for an unknown key (naming the known ones), a value of the wrong type, or a
   *     value out of range
   */
  public static GraphSettings fromMap(Map<String, ?> map) {
    Builder b = builder();
    for (Map.Entry<String, ?> e : map.entrySet()) {
      String k = e.getKey();
      Object v = e.getValue();
      if (!KEYS.contains(k)) {
        throw new InvalidRequestException("unknown ComfyUI option '" + k + "'; known options: " + sorted(KEYS));
      }
      if (v == null) {
        continue;
      }
      switch (k) {
        case "checkpoint" -> b.checkpoint(string(k, v));
        case "refiner" -> b.refiner(string(k, v));
        case "refiner_switch" -> b.refinerSwitch(number(k, v).doubleValue());
        case "loras" -> {
          if (v instanceof List<?> list) {
            for (Object o : list) {
              b.lora(Lora.parse(string(k, o)));
            }
          } else {
            for (String s : string(k, v).split(",")) {
              if (!s.isBlank()) {
                b.lora(Lora.parse(s.trim()));
              }
            }
          }
        }
        case "negative" -> b.negative(string(k, v));
        case "steps" -> b.steps(integer(k, v));
        case "cfg" -> b.cfg(number(k, v).doubleValue());
        case "sampler" -> b.sampler(string(k, v));
        case "scheduler" -> b.scheduler(string(k, v));
        case "denoise" -> b.denoise(number(k, v).doubleValue());
        case "width" -> b.width(integer(k, v));
        case "height" -> b.height(integer(k, v));
        case "batch_size" -> b.batchSize(integer(k, v));
        case "vae" -> b.vae(string(k, v));
        case "workflow" -> {
          if (v instanceof String path) {
            b.workflowFile(Path.of(path));
          } else {
            b.workflow(v instanceof JsonNode n ? n : JSON.valueToTree(v));
          }
        }
        case "workflow_file" -> b.workflowFile = string(k, v);
        case "workflow_inputs" -> {
          if (!(v instanceof Map<?, ?> inputs)) {
            throw bad(k, v, "an object of name to value");
          }
          inputs.forEach((name, value) -> b.workflowInput(String.valueOf(name), value));
        }
        case "prompt_stages" -> b.promptStages(stages(k, v));
        case "negative_stages" -> b.negativeStages(stages(k, v));
        default -> throw new IllegalStateException(k);
      }
    }
    return b.build();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof GraphSettings x && Objects.equals(checkpoint, x.checkpoint) && Objects.equals(refiner, x.refiner)
        && Objects.equals(refinerSwitch, x.refinerSwitch) && loras.equals(x.loras) && Objects.equals(negative, x.negative)
        && Objects.equals(steps, x.steps) && Objects.equals(cfg, x.cfg) && Objects.equals(sampler, x.sampler)
        && Objects.equals(scheduler, x.scheduler) && Objects.equals(denoise, x.denoise) && Objects.equals(width, x.width)
        && Objects.equals(height, x.height) && Objects.equals(batchSize, x.batchSize) && Objects.equals(vae, x.vae)
        && Objects.equals(workflow, x.workflow) && Objects.equals(workflowFile, x.workflowFile)
        && workflowInputs.equals(x.workflowInputs) && promptStages.equals(x.promptStages)
        && negativeStages.equals(x.negativeStages);
  }

  @Override
  public int hashCode() {
    return Objects.hash(checkpoint, refiner, refinerSwitch, loras, negative, steps, cfg, sampler, scheduler, denoise,
        width, height, batchSize, vae, workflow, workflowFile, workflowInputs, promptStages, negativeStages);
  }

  /** The canonical form, with a workflow graph shown only by its node count. */
  @Override
  public String toString() {
    Map<String, Object> m = toMap();
    if (workflow != null) {
      m.put("workflow", "(" + workflow.size() + " nodes)");
    }
    return "GraphSettings" + m;
  }

  /** One LoRA in the chain: file name as the engine lists it, and its strengths (-100..100). */
  public record Lora(String name, double modelWeight, double clipWeight) {
    public Lora {
      Objects.requireNonNull(name, "name");
    }

    /** A LoRA at full strength on both the model and CLIP. */
    public static Lora of(String name) {
      return new Lora(name, 1.0, 1.0);
    }

    /** A LoRA whose CLIP weight equals its model weight. */
    public static Lora of(String name, double weight) {
      return new Lora(name, weight, weight);
    }

    /**
     * Parses {@code NAME[:MODEL_WEIGHT[:CLIP_WEIGHT]]}. Trailing numeric parts are weights, so a name may itself
     * contain colons.
     *
     * @throws InvalidRequestException for an empty name or more than two weights
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

  /** Builds {@link GraphSettings}; every setter accepts {@code null} to return to the default. */
  public static final class Builder {
    private @Nullable String checkpoint;
    private @Nullable String refiner;
    private @Nullable Double refinerSwitch;
    private final List<Lora> loras = new ArrayList<>();
    private @Nullable String negative;
    private @Nullable Integer steps;
    private @Nullable Double cfg;
    private @Nullable String sampler;
    private @Nullable String scheduler;
    private @Nullable Double denoise;
    private @Nullable Integer width;
    private @Nullable Integer height;
    private @Nullable Integer batchSize;
    private @Nullable String vae;
    private @Nullable JsonNode workflow;
    private @Nullable String workflowFile;
    private final Map<String, Object> workflowInputs = new LinkedHashMap<>();
    private final List<Stage> promptStages = new ArrayList<>();
    private final List<Stage> negativeStages = new ArrayList<>();

    private Builder() {}

    /** The checkpoint file name as the engine lists it in {@code /object_info} or {@code /models/checkpoints}. */
    public Builder checkpoint(@Nullable String checkpoint) {
      this.checkpoint = checkpoint;
      return this;
    }

    /** An SDXL refiner checkpoint; the base model hands over at {@link #refinerSwitch(Double)}. */
    public Builder refiner(@Nullable String refiner) {
      this.refiner = refiner;
      return this;
    }

    /** Share of the steps (0..1) run by the base model; default 0.8. */
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

    public Builder negative(@Nullable String negative) {
      this.negative = negative;
      return this;
    }

    public Builder steps(@Nullable Integer steps) {
      this.steps = steps;
      return this;
    }

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

    /** img2img strength, 0 (keep the input) to 1 (ignore it). */
    public Builder denoise(@Nullable Double denoise) {
      this.denoise = denoise;
      return this;
    }

    public Builder width(@Nullable Integer width) {
      this.width = width;
      return this;
    }

    public Builder height(@Nullable Integer height) {
      this.height = height;
      return this;
    }

    public Builder size(int width, int height) {
      return width(width).height(height);
    }

    public Builder batchSize(@Nullable Integer batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder vae(@Nullable String vae) {
      this.vae = vae;
      return this;
    }

    /**
     * Runs this API-format graph (ComfyUI's File → Export (API)) instead of the built one. A UI-format workflow is
     * refused at {@link #build()}.
     */
    public Builder workflow(@Nullable JsonNode workflow) {
      this.workflow = workflow;
      return this;
    }

    /**
     * Reads an API-format workflow from a JSON file.
     *
     * @throws InvalidRequestException when the file cannot be read or is not JSON
     */
    public Builder workflowFile(Path file) {
      try {
        this.workflow = JSON.readTree(Files.readAllBytes(file));
      } catch (IOException e) {
        throw new InvalidRequestException("cannot read workflow " + file + ": " + e.getMessage(), e,
            dev.darkroom.DarkroomException.Details.none());
      }
      this.workflowFile = file.toString();
      return this;
    }

    /**
     * A value for the workflow nodes titled {@code darkroom:<name>} (a string, number or boolean), for inputs
     * beyond the built-in ones.
     */
    public Builder workflowInput(String name, Object value) {
      workflowInputs.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Replaces the positive prompt's stages; they must tile 0..1 in order (checked by ComfyOptions). */
    public Builder promptStages(List<Stage> stages) {
      promptStages.clear();
      promptStages.addAll(stages);
      return this;
    }

    /** Replaces the negative prompt's stages. */
    public Builder negativeStages(List<Stage> stages) {
      negativeStages.clear();
      negativeStages.addAll(stages);
      return this;
    }

    /**
     * @throws InvalidRequestException naming the field, the bad value and what is allowed
     */
    public GraphSettings build() {
      return new GraphSettings(this).validate();
    }
  }

  private static void put(Map<String, Object> m, String key, @Nullable Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  private static void requireName(String field, @Nullable String value) {
    if (value == null) {
      return;
    }
    if (value.isBlank() || value.chars().anyMatch(c -> c < 0x20)) {
      throw bad(field, value, "a non-blank name without control characters");
    }
  }

  private static void requireRange(String field, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw bad(field, value, "a number from " + min + " to " + max);
    }
  }

  private static void requireSide(String field, @Nullable Integer value) {
    if (value != null && (value < 16 || value > MAX_SIZE || value % 8 != 0)) {
      throw bad(field, value, "a multiple of 8 from 16 to " + MAX_SIZE + " (SDXL's native sizes are around 1024)");
    }
  }

  private static InvalidRequestException bad(String field, Object value, String allowed) {
    return new InvalidRequestException(field + " " + (value instanceof String ? "'" + value + "'" : value)
        + " is invalid: expected " + allowed);
  }

  private static String string(String key, Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof JsonNode n && n.isTextual()) {
      return n.asText();
    }
    throw bad(key, v, "a string");
  }

  private static Number number(String key, Object v) {
    if (v instanceof Number n) {
      return n;
    }
    if (v instanceof JsonNode n && n.isNumber()) {
      return n.numberValue();
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        // fall through to the message
      }
    }
    throw bad(key, v, "a number");
  }

  private static int integer(String key, Object v) {
    Number n = number(key, v);
    double d = n.doubleValue();
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw bad(key, v, "an integer");
    }
    return (int) d;
  }

  private static List<Map<String, Object>> stageMaps(List<Stage> stages) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Stage s : stages) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("start", s.start());
      m.put("end", s.end());
      m.put("text", s.text());
      out.add(m);
    }
    return out;
  }

  private static List<Stage> stages(String key, Object v) {
    if (!(v instanceof List<?> list)) {
      throw bad(key, v, "a list of {start, end, text} objects");
    }
    List<Stage> out = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> m) || m.get("start") == null || m.get("end") == null || m.get("text") == null) {
        throw bad(key, o, "a {start, end, text} object");
      }
      out.add(new Stage(number(key, m.get("start")).doubleValue(), number(key, m.get("end")).doubleValue(),
          string(key, m.get("text"))));
    }
    return out;
  }

  private static List<String> sorted(Set<String> keys) {
    List<String> l = new ArrayList<>(keys);
    Collections.sort(l);
    return l;
  }
}
