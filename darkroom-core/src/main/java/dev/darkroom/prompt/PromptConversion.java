package dev.darkroom.prompt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A prompt written in one weight dialect, converted for one engine: the conversion {@code generate
 * --prompt-syntax}, {@code compare --prompt-syntax} and a job file's {@code prompt_syntax} share.
 *
 * <p>A1111 prompt editing and alternation ({@code [cat:dog:0.5]}, {@code [a|b]}) run for real on an engine
 * whose provider has the options {@value #PROMPT_STAGES} and {@value #NEGATIVE_STAGES} (ComfyUI's built graph):
 * the prompt is converted stage by stage ({@link PromptConverter#convertA1111Stages}) into lists of
 * {@code {start, end, text}} maps, start and end being shares 0..1 of the run. Other engines, and an engine
 * given its own workflow, get the text A1111 uses at the last step, with a warning, except SwarmUI
 * ({@link PromptSyntax#SWARMUI}), whose own {@code <fromto>} and {@code <alternate>} carry them
 * ({@link SwarmUiSchedule}). The engine is known only
 * by its dialect and its provider's option names, so this works with any provider, found at run time.
 *
 * <p>Immutable and thread-safe; made with {@link #builder(PromptSyntax, PromptSyntax)}.
 */
public final class PromptConversion {
  /** A1111's default sampling steps: the schedule is read for these when the request does not say. */
  public static final int DEFAULT_STEPS = 20;
  /** The provider option that takes the positive prompt's stages. */
  public static final String PROMPT_STAGES = "promptStages";
  /** The provider option that takes the negative prompt's stages. */
  public static final String NEGATIVE_STAGES = "negativeStages";
  /** The provider option that takes the negative prompt. */
  public static final String NEGATIVE_PROMPT = "negativePrompt";
  /** The provider option that takes LoRAs as {@code NAME:WEIGHT[:CLIP]}. */
  public static final String LORAS = "loras";

  private final PromptSyntax from;
  private final PromptSyntax to;
  private final Set<String> engineOptions;
  private final boolean strict;
  private final int steps;
  private final @Nullable Integer givenSteps;
  private final boolean stages;

  private PromptConversion(Builder b) {
    this.from = b.from;
    this.to = b.to;
    this.engineOptions = Set.copyOf(b.engineOptions);
    this.strict = b.strict;
    this.givenSteps = b.steps == null || b.steps < 1 ? null : b.steps;
    this.steps = givenSteps == null ? DEFAULT_STEPS : givenSteps;
    this.stages = from == PromptSyntax.A1111 && from != to && !b.ownWorkflow
        && engineOptions.containsAll(List.of(PROMPT_STAGES, NEGATIVE_STAGES));
  }

  /**
   * @param from the dialect the prompt is written in
   * @param to the dialect the engine reads (its provider's {@code promptSyntax()})
   */
  public static Builder builder(PromptSyntax from, PromptSyntax to) {
    return new Builder(from, to);
  }

  /** The dialect the prompt is written in. */
  public PromptSyntax from() {
    return from;
  }

  /** The dialect the engine reads. */
  public PromptSyntax to() {
    return to;
  }

  /** The sampling steps A1111 prompt editing is read for: the request's, else {@value #DEFAULT_STEPS}. */
  public int steps() {
    return steps;
  }

  /**
   * The {@code steps} option's value as an options map or a job file holds it: a whole number or its text.
   *
   * @return null for anything else (the default applies; the provider reports a bad value itself)
   */
  public static @Nullable Integer stepsOf(@Nullable Object value) {
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    if (value instanceof String s) {
      try {
        return Integer.valueOf(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** Whether scheduled A1111 prompts become stages (else they keep their last step's text, with a warning). */
  public boolean runsStages() {
    return stages;
  }

  /**
   * Converts a prompt and its negative part.
   *
   * @return the prompt as given when both dialects are the same
   * @throws dev.darkroom.InvalidRequestException when strict and the engine cannot express a construct (the
   *     message names it), or when the source parser refuses the text
   */
  public Result convert(String prompt, @Nullable String negative) {
    Objects.requireNonNull(prompt, "prompt");
    if (from == to) {
      return new Result(prompt, negative, List.of(), List.of(), List.of(), List.of());
    }
    if (stages) {
      Result staged = convertStages(prompt, negative);
      if (staged != null) {
        return staged;
      }
    }
    RenderedPrompt r = from == PromptSyntax.A1111 && to == PromptSyntax.SWARMUI
        && SwarmUiSchedule.isScheduled(prompt, negative)
        ? SwarmUiSchedule.convertA1111(prompt, negative, List.of(), givenSteps, strict)
        : PromptConverter.convert(prompt, negative, from.parser(List.of(), steps), from, to, strict);
    return new Result(r.text(), r.negative().orElse(null), r.loras(), List.of(), List.of(), r.warnings());
  }

  /**
   * Converts a prompt whose negative part is the {@value #NEGATIVE_PROMPT} entry of {@code options} (provider
   * options by name, as a job file or a comparison panel holds them), and writes back what the engine's
   * provider has options for: the converted negative, the prompt's LoRAs appended to {@value #LORAS}, and the
   * stages when they are not empty. Nothing is written when the dialects are the same.
   *
   * @param options changed in place
   * @return the conversion, its prompt to be sent
   * @throws dev.darkroom.InvalidRequestException as {@link #convert(String, String)}
   */
  public Result convertInto(String prompt, Map<String, Object> options) {
    Object given = options.get(NEGATIVE_PROMPT);
    Result r = convert(prompt, given == null ? null : given.toString());
    if (from == to) {
      return r;
    }
    if (r.negative() != null && engineOptions.contains(NEGATIVE_PROMPT)) {
      options.put(NEGATIVE_PROMPT, r.negative());
    }
    if (!r.loras().isEmpty() && engineOptions.contains(LORAS)) {
      List<Object> loras = new ArrayList<>();
      Object before = options.get(LORAS);
      if (before instanceof List<?> l) {
        loras.addAll(l);
      } else if (before != null) {
        loras.add(before);
      }
      loras.addAll(r.loraSpecs());
      options.put(LORAS, loras);
    }
    if (!r.promptStages().isEmpty()) {
      options.put(PROMPT_STAGES, r.promptStages());
    }
    if (!r.negativeStages().isEmpty()) {
      options.put(NEGATIVE_STAGES, r.negativeStages());
    }
    return r;
  }

  /** The prompt as stages, or null when neither the prompt nor the negative changes during sampling. */
  private @Nullable Result convertStages(String prompt, @Nullable String negative) {
    List<PromptConverter.Stage> all = PromptConverter.convertA1111Stages(prompt, negative, List.of(), steps, to,
        strict);
    if (all.size() < 2) {
      return null;
    }
    Set<String> warnings = new LinkedHashSet<>();
    all.forEach(s -> warnings.addAll(s.prompt().warnings()));
    RenderedPrompt last = all.get(all.size() - 1).prompt();
    return new Result(last.text(), last.negative().orElse(null), last.loras(), merge(all, RenderedPrompt::text),
        merge(all, s -> s.negative().orElse("")), List.copyOf(warnings));
  }

  /** Stages of one side, neighbours with the same text joined; empty when that side never changes. */
  private static List<Map<String, Object>> merge(List<PromptConverter.Stage> all,
      Function<RenderedPrompt, String> side) {
    List<Map<String, Object>> out = new ArrayList<>();
    double start = 0;
    for (int i = 0; i < all.size(); i++) {
      String text = side.apply(all.get(i).prompt());
      boolean last = i == all.size() - 1;
      if (last || !side.apply(all.get(i + 1).prompt()).equals(text)) {
        Map<String, Object> stage = new LinkedHashMap<>();
        stage.put("start", start);
        stage.put("end", all.get(i).end());
        stage.put("text", text);
        out.add(java.util.Collections.unmodifiableMap(stage));
        start = all.get(i).end();
      }
    }
    return out.size() < 2 ? List.of() : List.copyOf(out);
  }

  /**
   * A converted prompt.
   *
   * @param prompt the text to send: with stages, the last stage's text
   * @param negative the negative part, or null when there is none
   * @param loras the LoRAs the prompt named that the engine does not read from the text
   * @param promptStages the value of the {@value #PROMPT_STAGES} option: empty unless the prompt changes during
   *     sampling on an engine that runs stages
   * @param negativeStages the same for {@value #NEGATIVE_STAGES}
   * @param warnings what could not carry over, one sentence each, without duplicates
   */
  public record Result(String prompt, @Nullable String negative, List<LoraRef> loras,
      List<Map<String, Object>> promptStages, List<Map<String, Object>> negativeStages, List<String> warnings) {
    public Result {
      Objects.requireNonNull(prompt, "prompt");
      loras = List.copyOf(loras);
      promptStages = List.copyOf(promptStages);
      negativeStages = List.copyOf(negativeStages);
      warnings = List.copyOf(warnings);
    }

    /** The LoRAs as the {@value #LORAS} option writes them: {@code NAME:WEIGHT[:CLIP]}. */
    public List<String> loraSpecs() {
      List<String> out = new ArrayList<>();
      for (LoraRef l : loras) {
        out.add(l.name() + ":" + l.modelWeight() + l.clipWeight().map(c -> ":" + c).orElse(""));
      }
      return List.copyOf(out);
    }
  }

  /** Builds {@link PromptConversion}s. Not thread-safe. */
  public static final class Builder {
    private final PromptSyntax from;
    private final PromptSyntax to;
    private Collection<String> engineOptions = List.of();
    private boolean ownWorkflow;
    private @Nullable Integer steps;
    private boolean strict;

    private Builder(PromptSyntax from, PromptSyntax to) {
      this.from = Objects.requireNonNull(from, "from");
      this.to = Objects.requireNonNull(to, "to");
    }

    /** The option names of the engine's provider; default none (then no stages, no negative, no LoRAs). */
    public Builder engineOptions(Collection<String> names) {
      this.engineOptions = List.copyOf(names);
      return this;
    }

    /** Whether the engine runs the user's own workflow, whose encoders cannot take stages; default false. */
    public Builder ownWorkflow(boolean ownWorkflow) {
      this.ownWorkflow = ownWorkflow;
      return this;
    }

    /** The request's sampling steps; null, or below 1, means {@value PromptConversion#DEFAULT_STEPS}. */
    public Builder steps(@Nullable Integer steps) {
      this.steps = steps;
      return this;
    }

    /** Refuse, rather than warn about, anything the engine cannot express; default false. */
    public Builder strict(boolean strict) {
      this.strict = strict;
      return this;
    }

    public PromptConversion build() {
      return new PromptConversion(this);
    }
  }
}
