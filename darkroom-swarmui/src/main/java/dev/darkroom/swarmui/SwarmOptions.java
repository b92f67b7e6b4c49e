package dev.darkroom.swarmui;

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
 * SwarmUI's knobs for one request, under the same names as the ComfyUI provider's, so one command line
 * or job file runs on either: SDXL refiner and its switch point, LoRAs with weights, negative prompt,
 * sampler settings and img2img strength. The checkpoint is the model id
 * ({@code swarmui:OfficialStableDiffusion/sd_xl_base_1.0}); size, seed and image count are the request's.
 * Immutable; attach with {@code ImageRequest.Builder.options(...)}.
 *
 * <pre>{@code
 * ImageRequest.builder()
 *     .model("swarmui:OfficialStableDiffusion/sd_xl_base_1.0")
 *     .prompt("a lighthouse at dusk, film grain")
 *     .options(SwarmOptions.builder()
 *         .refiner("OfficialStableDiffusion/sd_xl_refiner_1.0")
 *         .lora(SwarmOptions.Lora.parse("wrong:0.7"))
 *         .negativePrompt("blurry")
 *         .steps(40).cfg(13.0)
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>How they reach SwarmUI (parameter ids as {@code ListT2IParams} reports them): {@code negativeprompt},
 * {@code steps}, {@code cfgscale}, {@code sampler}, {@code scheduler}; LoRAs as {@code loras} with
 * {@code loraweights} (model weight) and {@code loratencweights} (text-encoder weight); a refiner as
 * {@code refinermodel} with {@code refinermethod: StepSwap} and {@code refinercontrolpercentage = 1 - refinerSwitch}
 * (SwarmUI's percentage is the refiner's share of the steps, the switch is the base's); {@code denoise} as
 * {@code initimagecreativity} with the request's input image as {@code initimage}.
 *
 * <p>Defaults, sent explicitly so a run is reproducible whatever the instance's own defaults: steps 30,
 * cfg 7.0, sampler {@code euler}, scheduler {@code normal}, refiner switch 0.8, denoise 0.75 with an input
 * image. Names (refiner, LoRAs, sampler, scheduler) are checked against the instance before anything is
 * queued, because SwarmUI ignores what it does not know.
 *
 * <p>Canonical names: {@value #NAMES_TEXT}. Aliases: {@code negative} for {@code negativePrompt},
 * {@code lora} for {@code loras}.
 */
public final class SwarmOptions implements ProviderOptions {
  private static final OptionCheck CHECK = OptionCheck.of("swarmui");
  static final String NAMES_TEXT = "refiner, refinerSwitch, loras, negativePrompt, steps, cfg, sampler, scheduler,"
      + " denoise";
  /** The canonical option names (a subset of the ComfyUI provider's, with the same meanings). */
  public static final List<String> NAMES = List.of("refiner", "refinerSwitch", "loras", "negativePrompt", "steps",
      "cfg", "sampler", "scheduler", "denoise");
  /** Other accepted names: {@code negative}, {@code lora}. */
  public static final Map<String, String> ALIASES = Map.of("negative", "negativePrompt", "lora", "loras");

  /** Default sampling steps. */
  public static final int DEFAULT_STEPS = 30;
  /** Default guidance scale. */
  public static final double DEFAULT_CFG = 7.0;
  /** Default sampler. */
  public static final String DEFAULT_SAMPLER = "euler";
  /** Default scheduler. */
  public static final String DEFAULT_SCHEDULER = "normal";
  /** Default share of the steps the base model runs before the refiner. */
  public static final double DEFAULT_REFINER_SWITCH = 0.8;
  /** Default img2img denoise (SwarmUI's init image creativity). */
  public static final double DEFAULT_IMG2IMG_DENOISE = 0.75;

  private final @Nullable String refiner;
  private final @Nullable Double refinerSwitch;
  private final List<Lora> loras;
  private final @Nullable String negativePrompt;
  private final @Nullable Integer steps;
  private final @Nullable Double cfg;
  private final @Nullable String sampler;
  private final @Nullable String scheduler;
  private final @Nullable Double denoise;

  private SwarmOptions(Builder b) {
    refiner = b.refiner;
    refinerSwitch = b.refinerSwitch;
    loras = List.copyOf(b.loras);
    negativePrompt = b.negativePrompt;
    steps = b.steps;
    cfg = b.cfg;
    sampler = b.sampler;
    scheduler = b.scheduler;
    denoise = b.denoise;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The request's SwarmUI options, or the defaults when it carries none. */
  public static SwarmOptions of(ImageRequest request) {
    return request.options(SwarmOptions.class).orElseGet(() -> builder().build());
  }

  /** A builder holding these values. */
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
    return b;
  }

  @Override
  public String provider() {
    return SwarmUIProvider.ID;
  }

  /** The refiner checkpoint, as SwarmUI lists it (with or without the file extension). */
  public Optional<String> refiner() {
    return Optional.ofNullable(refiner);
  }

  /** Share of the steps (above 0, up to 1) the base model runs before the refiner; default 0.8. */
  public double refinerSwitch() {
    return refinerSwitch != null ? refinerSwitch : DEFAULT_REFINER_SWITCH;
  }

  /** LoRAs in order. */
  public List<Lora> loras() {
    return loras;
  }

  /** The negative prompt; empty by default. */
  public String negativePrompt() {
    return negativePrompt != null ? negativePrompt : "";
  }

  /** Sampling steps; default 30. */
  public int steps() {
    return steps != null ? steps : DEFAULT_STEPS;
  }

  /** Guidance scale; default 7.0. */
  public double cfg() {
    return cfg != null ? cfg : DEFAULT_CFG;
  }

  /** Sampler id as SwarmUI lists it (e.g. {@code dpmpp_2m}); default {@code euler}. */
  public String sampler() {
    return sampler != null ? sampler : DEFAULT_SAMPLER;
  }

  /** Scheduler id as SwarmUI lists it (e.g. {@code karras}); default {@code normal}. */
  public String scheduler() {
    return scheduler != null ? scheduler : DEFAULT_SCHEDULER;
  }

  /** img2img strength (0..1) when set; 0.75 applies with an input image. */
  public Optional<Double> denoise() {
    return Optional.ofNullable(denoise);
  }

  /** The options that are set, under their canonical names; LoRAs as {@code name:modelWeight:clipWeight}. */
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
    return m;
  }

  /**
   * Checks the options against the request: a refiner switch of 1 runs no refiner steps (refused with a
   * refiner); denoise without an input image does nothing and is reported.
   */
  @Override
  public SwarmOptions validate(ImageRequest request, Consumer<String> warnings) {
    if (denoise != null && request.images().isEmpty()) {
      warnings.accept("swarmui.denoise " + denoise + " has no effect without an input image; give one (-i) for"
          + " img2img");
    }
    if (refiner != null && refinerSwitch() >= 1.0) {
      throw new InvalidRequestException("swarmui.refinerSwitch 1 leaves the refiner no steps; give a switch below 1"
          + " or drop the refiner", "swarmui.refinerSwitch", List.of("0..1 (exclusive of 1)"));
    }
    return this;
  }

  /**
   * Reads the canonical form and the aliases. {@code loras} is a list of specs or one comma-separated string.
   *
   * @throws InvalidRequestException naming {@code swarmui.<name>}, the bad value and what is allowed
   */
  public static SwarmOptions read(Map<String, ?> values) {
    Map<String, Object> canonical = new LinkedHashMap<>();
    values.forEach((k, v) -> canonical.put(ALIASES.getOrDefault(k, k), v));
    OptionReader r = new OptionReader(SwarmUIProvider.ID, canonical, NAMES);
    Builder b = builder()
        .refiner(r.string("refiner"))
        .refinerSwitch(r.decimal("refinerSwitch"))
        .negativePrompt(r.string("negativePrompt"))
        .steps(r.integer("steps"))
        .cfg(r.decimal("cfg"))
        .sampler(r.string("sampler"))
        .scheduler(r.string("scheduler"))
        .denoise(r.decimal("denoise"));
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
    return o instanceof SwarmOptions x && values().equals(x.values());
  }

  @Override
  public int hashCode() {
    return values().hashCode();
  }

  @Override
  public String toString() {
    return "SwarmOptions" + values();
  }

  /** One LoRA: its name as SwarmUI lists it, its model weight and its text-encoder weight. */
  public record Lora(String name, double modelWeight, double clipWeight) {
    public Lora {
      Objects.requireNonNull(name, "name");
    }

    /** A LoRA at full strength. */
    public static Lora of(String name) {
      return new Lora(name, 1.0, 1.0);
    }

    /**
     * Parses {@code NAME[:MODEL_WEIGHT[:CLIP_WEIGHT]]} (the CLIP weight defaults to the model weight). Only
     * trailing numbers are weights, so a name may contain colons.
     *
     * @throws InvalidRequestException naming {@code swarmui.loras} for an empty name
     */
    public static Lora parse(String spec) {
      LoraSpec l = LoraSpec.parse(spec, "swarmui.loras");
      return new Lora(l.name(), l.modelWeight(), l.clipWeight());
    }

    /** {@code name:modelWeight:clipWeight}, e.g. {@code wrong:0.7:0.7}. */
    public String toSpec() {
      return name + ":" + plain(modelWeight) + ":" + plain(clipWeight);
    }

  }

  /** A number without trailing zeros: {@code 0.7}, {@code 1}. */
  static String plain(double d) {
    return LoraSpec.plain(d);
  }

  /** Builds {@link SwarmOptions}; every setter takes {@code null} for the default. */
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

    private Builder() {}

    /** A refiner checkpoint; the base hands over at {@link #refinerSwitch(Double)}. */
    public Builder refiner(@Nullable String refiner) {
      this.refiner = refiner;
      return this;
    }

    /** Share of the steps (above 0, up to 1) the base model runs; default 0.8. */
    public Builder refinerSwitch(@Nullable Double refinerSwitch) {
      this.refinerSwitch = refinerSwitch;
      return this;
    }

    public Builder lora(Lora lora) {
      loras.add(Objects.requireNonNull(lora, "lora"));
      return this;
    }

    public Builder loras(List<Lora> loras) {
      this.loras.clear();
      loras.forEach(this::lora);
      return this;
    }

    public Builder negativePrompt(@Nullable String negativePrompt) {
      this.negativePrompt = negativePrompt;
      return this;
    }

    /** Sampling steps, 1..10000 here; the instance's own range is checked before sending. */
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

    /**
     * Checks every range.
     *
     * @throws InvalidRequestException naming {@code swarmui.<name>}, the bad value and what is allowed
     */
    public SwarmOptions build() {
      CHECK.name("refiner", refiner);
      CHECK.name("sampler", sampler);
      CHECK.name("scheduler", scheduler);
      if (refinerSwitch != null && !(refinerSwitch > 0.0 && refinerSwitch <= 1.0)) {
        throw CHECK.bad("refinerSwitch", refinerSwitch, "a number above 0, up to 1");
      }
      CHECK.sampling(steps, cfg, denoise);
      for (Lora l : loras) {
        CHECK.lora(l.name(), l.modelWeight(), l.clipWeight(), l.toSpec());
      }
      return new SwarmOptions(this);
    }
  }

  private static void put(Map<String, Object> m, String key, @Nullable Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
