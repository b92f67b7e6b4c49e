package dev.darkroom.a1111;

import dev.darkroom.ImageRequest;
import dev.darkroom.spi.LoraSpec;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ProviderOptions;
import dev.darkroom.spi.OptionCheck;
import dev.darkroom.spi.OptionReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * AUTOMATIC1111 / Forge's own knobs for one request, under the same names as the ComfyUI provider's options, so
 * one job file or command line runs on either engine. The checkpoint is the model id
 * ({@code a1111:sd_xl_base_1.0}), the size and seed are the request's, and the image count is the batch size.
 * Immutable; attach with {@code ImageRequest.Builder.options(...)}.
 *
 * <pre>{@code
 * ImageRequest.builder()
 *     .model("a1111:sd_xl_base_1.0")
 *     .prompt("a lighthouse at dusk, film grain")
 *     .options(A1111Options.builder()
 *         .refiner("sd_xl_refiner_1.0").refinerSwitch(0.8)
 *         .lora(A1111Options.Lora.of("wrong", 0.7))
 *         .negativePrompt("blurry")
 *         .steps(40).cfg(13.0)
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>How each reaches the engine: {@code negativePrompt} is {@code negative_prompt}; each LoRA is appended to the
 * prompt as {@code <lora:name:weight>} ({@code <lora:name:unet=M:te=C>} when the weights differ); {@code refiner}
 * and {@code refinerSwitch} are {@code refiner_checkpoint} and {@code refiner_switch_at} (the share of the steps
 * the base model runs, default 0.8 when a refiner is set); {@code steps}, {@code cfg} ({@code cfg_scale}),
 * {@code sampler} ({@code sampler_name}, e.g. {@code DPM++ 2M}; ComfyUI's names such as {@code dpmpp_2m} are
 * translated), {@code scheduler} (e.g. {@code karras}), {@code denoise} ({@code denoising_strength}, img2img,
 * default 0.75) and {@code vae} ({@code override_settings.sd_vae}). Unset values are left to the engine (A1111's
 * defaults: 50 steps, cfg 7, sampler Euler, scheduler Automatic). Names are checked against the engine before
 * anything is sent.
 *
 * <p>Canonical names ({@link #values()}, {@code -O name=value}, job-file fields): {@code negativePrompt, loras,
 * refiner, refinerSwitch, steps, cfg, sampler, scheduler, denoise, vae}. Aliases: {@code negative} for
 * {@code negativePrompt}, {@code lora} for {@code loras}.
 */
public final class A1111Options implements ProviderOptions {
  private static final OptionCheck CHECK = OptionCheck.of("a1111");
  /** The canonical option names. */
  public static final List<String> NAMES = List.of("negativePrompt", "loras", "refiner", "refinerSwitch", "steps",
      "cfg", "sampler", "scheduler", "denoise", "vae");
  /** Other names accepted for options: {@code negative}, {@code lora}. */
  public static final Map<String, String> ALIASES = Map.of("negative", "negativePrompt", "lora", "loras");
  /** Share of the steps the base model runs before the refiner takes over, when a refiner is set. */
  public static final double DEFAULT_REFINER_SWITCH = 0.8;
  /** img2img denoising strength when none is set (A1111's default). */
  public static final double DEFAULT_IMG2IMG_DENOISE = 0.75;

  private final @Nullable String negativePrompt;
  private final List<Lora> loras;
  private final @Nullable String refiner;
  private final @Nullable Double refinerSwitch;
  private final @Nullable Integer steps;
  private final @Nullable Double cfg;
  private final @Nullable String sampler;
  private final @Nullable String scheduler;
  private final @Nullable Double denoise;
  private final @Nullable String vae;

  private A1111Options(Builder b) {
    negativePrompt = b.negativePrompt;
    loras = List.copyOf(b.loras);
    refiner = b.refiner;
    refinerSwitch = b.refinerSwitch;
    steps = b.steps;
    cfg = b.cfg;
    sampler = b.sampler;
    scheduler = b.scheduler;
    denoise = b.denoise;
    vae = b.vae;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The request's A1111 options, or the defaults when it carries none. */
  public static A1111Options of(ImageRequest request) {
    return request.options(A1111Options.class).orElseGet(() -> builder().build());
  }

  /** A builder holding these values, for a variant. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.negativePrompt = negativePrompt;
    b.loras.addAll(loras);
    b.refiner = refiner;
    b.refinerSwitch = refinerSwitch;
    b.steps = steps;
    b.cfg = cfg;
    b.sampler = sampler;
    b.scheduler = scheduler;
    b.denoise = denoise;
    b.vae = vae;
    return b;
  }

  @Override
  public String provider() {
    return A1111Provider.ID;
  }

  /** The negative prompt; empty by default. */
  public String negativePrompt() {
    return negativePrompt != null ? negativePrompt : "";
  }

  /** LoRAs, in the order their tags are appended to the prompt. */
  public List<Lora> loras() {
    return loras;
  }

  /** The SDXL refiner checkpoint, as the engine lists it (title, name or file name). */
  public Optional<String> refiner() {
    return Optional.ofNullable(refiner);
  }

  /** Share of the steps (0..1) the base model runs before the refiner; default 0.8. */
  public double refinerSwitch() {
    return refinerSwitch != null ? refinerSwitch : DEFAULT_REFINER_SWITCH;
  }

  /** Sampling steps (1..10000), when set. */
  public Optional<Integer> steps() {
    return Optional.ofNullable(steps);
  }

  /** Classifier-free guidance scale (0..100), when set. */
  public Optional<Double> cfg() {
    return Optional.ofNullable(cfg);
  }

  /** The sampler, when set. */
  public Optional<String> sampler() {
    return Optional.ofNullable(sampler);
  }

  /** The scheduler, when set. */
  public Optional<String> scheduler() {
    return Optional.ofNullable(scheduler);
  }

  /** The img2img denoising strength (0..1), when set. */
  public Optional<Double> denoise() {
    return Optional.ofNullable(denoise);
  }

  /** A VAE from the engine's list; empty means the engine's setting. */
  public Optional<String> vae() {
    return Optional.ofNullable(vae);
  }

  /** The set options under their canonical names; LoRAs as {@code name:modelWeight:clipWeight} specs. */
  @Override
  public Map<String, Object> values() {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "negativePrompt", negativePrompt);
    if (!loras.isEmpty()) {
      m.put("loras", loras.stream().map(Lora::toSpec).toList());
    }
    put(m, "refiner", refiner);
    put(m, "refinerSwitch", refinerSwitch);
    put(m, "steps", steps);
    put(m, "cfg", cfg);
    put(m, "sampler", sampler);
    put(m, "scheduler", scheduler);
    put(m, "denoise", denoise);
    put(m, "vae", vae);
    return m;
  }

  /**
   * Checks the combination against the request: a refiner switch without a refiner is refused; denoise without
   * an input image is kept but reported (txt2img ignores it).
   */
  @Override
  public A1111Options validate(ImageRequest request, Consumer<String> warnings) {
    if (refinerSwitch != null && refiner == null) {
      throw new InvalidRequestException("a1111.refinerSwitch " + refinerSwitch + " was given without a1111.refiner;"
          + " name the refiner checkpoint too", "a1111.refinerSwitch", List.of());
    }
    if (denoise != null && request.images().isEmpty()) {
      warnings.accept("a1111.denoise " + denoise + " has no effect without an input image; give one (-i) for img2img");
    }
    return this;
  }

  /**
   * Reads the canonical form (and the aliases): strings as typed on a command line, or JSON values. {@code loras}
   * is a list of {@code NAME[:MODEL_WEIGHT[:CLIP_WEIGHT]]} specs or one comma-separated string.
   *
   * @throws InvalidRequestException naming the field {@code a1111.<name>}, the bad value and what is allowed
   */
  public static A1111Options read(Map<String, ?> values) {
    Map<String, Object> canonical = new LinkedHashMap<>();
    values.forEach((k, v) -> canonical.put(ALIASES.getOrDefault(k, k), v));
    OptionReader r = new OptionReader(A1111Provider.ID, canonical, NAMES);
    Builder b = builder()
        .negativePrompt(r.string("negativePrompt"))
        .refiner(r.string("refiner"))
        .refinerSwitch(r.decimal("refinerSwitch"))
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
    return b.build();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof A1111Options x && values().equals(x.values());
  }

  @Override
  public int hashCode() {
    return values().hashCode();
  }

  @Override
  public String toString() {
    return "A1111Options" + values();
  }

  /**
   * One LoRA: its name as the engine lists it (the file stem or its alias; a file name such as
   * {@code wrong.safetensors} is matched by its stem) and its UNet (model) and text-encoder (CLIP) weights.
   */
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
     * Parses {@code NAME[:MODEL_WEIGHT[:CLIP_WEIGHT]]}, as the ComfyUI provider does; the CLIP weight defaults to
     * the model weight. Only trailing numeric parts are weights.
     *
     * @throws InvalidRequestException naming {@code a1111.loras} for an empty name
     */
    public static Lora parse(String spec) {
      LoraSpec l = LoraSpec.parse(spec, "a1111.loras");
      return new Lora(l.name(), l.modelWeight(), l.clipWeight());
    }

    /** {@code name:model} when both weights agree, else {@code name:model:clip}. */
    public String toSpec() {
      return name + ":" + plain(modelWeight) + (clipWeight == modelWeight ? "" : ":" + plain(clipWeight));
    }

  }

  /** Builds {@link A1111Options}; {@link #build()} checks the ranges. */
  public static final class Builder {
    private @Nullable String negativePrompt;
    private final List<Lora> loras = new ArrayList<>();
    private @Nullable String refiner;
    private @Nullable Double refinerSwitch;
    private @Nullable Integer steps;
    private @Nullable Double cfg;
    private @Nullable String sampler;
    private @Nullable String scheduler;
    private @Nullable Double denoise;
    private @Nullable String vae;

    private Builder() {}

    public Builder negativePrompt(@Nullable String negativePrompt) {
      this.negativePrompt = negativePrompt;
      return this;
    }

    /** Adds a LoRA. */
    public Builder lora(Lora lora) {
      loras.add(Objects.requireNonNull(lora, "lora"));
      return this;
    }

    /** Replaces the LoRAs. */
    public Builder loras(List<Lora> loras) {
      this.loras.clear();
      loras.forEach(this::lora);
      return this;
    }

    public Builder refiner(@Nullable String refiner) {
      this.refiner = refiner;
      return this;
    }

    /** Share of the steps (0..1) the base model runs before the refiner. */
    public Builder refinerSwitch(@Nullable Double refinerSwitch) {
      this.refinerSwitch = refinerSwitch;
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

    public Builder vae(@Nullable String vae) {
      this.vae = vae;
      return this;
    }

    /**
     * Checks every range.
     *
     * @throws InvalidRequestException naming the field {@code a1111.<name>}, the bad value and what is allowed
     */
    public A1111Options build() {
      CHECK.name("refiner", refiner);
      CHECK.name("sampler", sampler);
      CHECK.name("scheduler", scheduler);
      CHECK.name("vae", vae);
      CHECK.range("refinerSwitch", refinerSwitch, 0.0, 1.0);
      CHECK.sampling(steps, cfg, denoise);
      for (Lora l : loras) {
        CHECK.lora(l.name(), l.modelWeight(), l.clipWeight(), l.toSpec());
        if (l.name().contains(">") || l.name().contains("<")) {
          throw CHECK.bad("loras", l.name(), "a name without '<' or '>'");
        }
      }
      return new A1111Options(this);
    }
  }

  private static void put(Map<String, Object> m, String key, @Nullable Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  static String plain(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
