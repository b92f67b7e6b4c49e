package dev.darkroom.cli;

import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.ModelInfo;
import dev.darkroom.prompt.A1111Schedule;
import dev.darkroom.prompt.LoraRef;
import dev.darkroom.prompt.PromptConverter;
import dev.darkroom.prompt.PromptSyntax;
import dev.darkroom.prompt.RenderedPrompt;
import dev.darkroom.prompt.SwarmUiSchedule;
import dev.darkroom.spi.Providers;
import java.io.PrintWriter;
import dev.darkroom.spi.ImageProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@code --prompt-syntax}: a prompt written in one weight dialect, converted to the one the model's
 * engine reads. LoRA tags the engine does not read from the text become {@code --lora} options.
 *
 * <p>A1111 prompt editing and alternation ({@code [cat:dog:0.5]}, {@code [a|b]}) run for real on an engine
 * whose provider has the options {@value #PROMPT_STAGES} and {@value #NEGATIVE_STAGES} (ComfyUI's built
 * graph): the prompt is converted stage by stage into lists of {@code {start, end, text}} objects, start and
 * end being shares 0..1 of the run. On SwarmUI they are written in SwarmUI's own {@code <fromto[N]:a||b>} and
 * {@code <alternate:a||b>} syntax, which SwarmUI runs itself ({@link SwarmUiSchedule}). Other engines, and a
 * ComfyUI workflow, get the text A1111 uses at the last step, with a warning.
 */
final class PromptConversion {
  /** A1111's default sampling steps, for reading prompt editing when the request does not say. */
  static final int DEFAULT_STEPS = 20;
  /** The provider option that takes the positive prompt's stages. */
  static final String PROMPT_STAGES = "promptStages";
  /** The provider option that takes the negative prompt's stages. */
  static final String NEGATIVE_STAGES = "negativeStages";
  /** The provider whose own prompt syntax runs A1111 prompt editing ({@link SwarmUiSchedule}). */
  static final String SWARMUI = "swarmui";

  private final PromptSyntax from;
  private final PromptSyntax to;
  private final boolean strict;
  private final int steps;
  private final boolean stages;
  private final boolean swarm;
  private final @Nullable Integer givenSteps;

  private PromptConversion(PromptSyntax from, PromptSyntax to, boolean strict, @Nullable Integer givenSteps,
      boolean stages, boolean swarm) {
    this.from = from;
    this.to = to;
    this.strict = strict;
    this.givenSteps = givenSteps == null || givenSteps < 1 ? null : givenSteps;
    this.steps = this.givenSteps == null ? DEFAULT_STEPS : this.givenSteps;
    this.stages = stages;
    this.swarm = swarm;
  }

  /**
   * @param steps the request's sampling steps, or null when not given: A1111 prompt editing is then read for
   *     A1111's default of 20 steps (as stages, the same shares of the engine's own number of steps)
   * @param workflow whether a ComfyUI workflow is given (its own encoders cannot take stages)
   * @throws CliException (usage) for an unknown syntax name
   */
  static PromptConversion forModel(ModelCatalog catalog, @Nullable String modelId, String syntax, boolean strict,
      @Nullable Integer steps, boolean workflow) {
    ModelInfo model = catalog.require(modelId != null ? modelId : catalog.defaultModel());
    Optional<ImageProvider> provider = Providers.find(model.provider());
    String engine = provider.map(p -> p.promptSyntax()).orElse("plain");
    try {
      PromptSyntax from = PromptSyntax.parse(syntax);
      PromptSyntax to = PromptSyntax.parse(engine);
      boolean stages = from == PromptSyntax.A1111 && from != to && !workflow && provider.isPresent()
          && provider.get().optionNames().containsAll(List.of(PROMPT_STAGES, NEGATIVE_STAGES));
      boolean swarm = from == PromptSyntax.A1111 && to == PromptSyntax.COMFYUI
          && model.provider().equals(SWARMUI);
      return new PromptConversion(from, to, strict, steps, stages, swarm);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--prompt-syntax: " + e.getMessage());
    }
  }

  /** The converted prompt; warnings go to {@code err}, one line each. */
  Result convert(String prompt, @Nullable String negative, PrintWriter err) {
    if (from == to) {
      return new Result(prompt, negative, List.of(), List.of(), List.of());
    }
    if (stages) {
      Result staged = convertStages(prompt, negative, err);
      if (staged != null) {
        return staged;
      }
    }
    RenderedPrompt r;
    try {
      r = swarm && scheduled(prompt, negative)
          ? SwarmUiSchedule.convertA1111(prompt, negative, List.of(), givenSteps, strict)
          : PromptConverter.convert(prompt, negative, from.parser(List.of(), steps), from, to, strict);
    } catch (InvalidRequestException e) {
      throw CliException.usage("--strict: " + e.getMessage());
    }
    r.warnings().forEach(w -> err.println("darkroom: warning: " + w));
    err.flush();
    return new Result(r.text(), r.negative().orElse(null), loras(r), List.of(), List.of());
  }

  private static boolean scheduled(String prompt, @Nullable String negative) {
    return A1111Schedule.parse(prompt).isScheduled()
        || (negative != null && A1111Schedule.parse(negative).isScheduled());
  }

  /** The prompt as stages, or null when neither the prompt nor the negative changes during sampling. */
  private @Nullable Result convertStages(String prompt, @Nullable String negative, PrintWriter err) {
    List<PromptConverter.Stage> all;
    try {
      all = PromptConverter.convertA1111Stages(prompt, negative, List.of(), steps, to, strict);
    } catch (InvalidRequestException e) {
      throw CliException.usage("--strict: " + e.getMessage());
    }
    if (all.size() < 2) {
      return null;
    }
    Set<String> warnings = new LinkedHashSet<>();
    all.forEach(s -> warnings.addAll(s.prompt().warnings()));
    warnings.forEach(w -> err.println("darkroom: warning: " + w));
    err.flush();
    RenderedPrompt last = all.get(all.size() - 1).prompt();
    return new Result(last.text(), last.negative().orElse(null), loras(last),
        merge(all, s -> s.text()), merge(all, s -> s.negative().orElse("")));
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
        out.add(stage);
        start = all.get(i).end();
      }
    }
    return out.size() < 2 ? List.of() : List.copyOf(out);
  }

  private static List<String> loras(RenderedPrompt r) {
    List<String> loras = new ArrayList<>();
    for (LoraRef l : r.loras()) {
      loras.add(l.name() + ":" + l.modelWeight() + l.clipWeight().map(c -> ":" + c).orElse(""));
    }
    return loras;
  }

  /**
   * A converted prompt, its negative part, the LoRAs it named as {@code NAME:WEIGHT[:CLIP]}, and the values of
   * the {@value #PROMPT_STAGES} and {@value #NEGATIVE_STAGES} options (each empty unless that side changes
   * during sampling on an engine that runs stages).
   */
  record Result(String prompt, @Nullable String negative, List<String> loras,
      List<Map<String, Object>> promptStages, List<Map<String, Object>> negativeStages) {}
}
