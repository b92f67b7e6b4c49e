package dev.darkroom.prompt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** Converts prompt text from one dialect to another: parse with the source's parser, render for the target. */
public final class PromptConverter {
  private PromptConverter() {}

  /**
   * Converts a positive prompt.
   *
   * @param strict refuse, rather than warn about, anything the target cannot express
   * @throws dev.darkroom.InvalidRequestException when the source parser refuses the text, or when strict and
   *     the target cannot express a construct (the message names it)
   */
  public static RenderedPrompt convert(String text, PromptSyntax from, PromptSyntax to, boolean strict) {
    return convert(text, null, from, to, strict);
  }

  /** Converts a positive and an optional negative prompt. */
  public static RenderedPrompt convert(String text, @Nullable String negative, PromptSyntax from, PromptSyntax to,
      boolean strict) {
    return convert(text, negative, from.parser(), from, to, strict);
  }

  /**
   * Converts with a given parser for the source, e.g. one told the embeddings and the number of steps
   * ({@link PromptSyntax#parser(java.util.Collection, int)}). When source and target are the same dialect the
   * text is returned as written: nothing needs converting, and A1111 prompt editing stays intact.
   */
  public static RenderedPrompt convert(String text, @Nullable String negative, PromptParser parser,
      PromptSyntax from, PromptSyntax to, boolean strict) {
    if (from == to) {
      return new RenderedPrompt(to, text, negative == null || negative.isBlank() ? null : negative, List.of(),
          List.of());
    }
    if (from == PromptSyntax.A1111 && to == PromptSyntax.SWARMUI && parser instanceof A1111Parser a
        && SwarmUiSchedule.isScheduled(text, negative)) {
      return SwarmUiSchedule.convertA1111(text, negative, List.of(), a.steps(), strict);
    }
    ParsedPrompt parsed = parser.parse(text, negative);
    Losses losses = new Losses(to, strict);
    for (ParsedPrompt.Scheduled s : parsed.scheduled()) {
      losses.lose("A1111 prompt editing or alternation " + String.join(" ", s.constructs()),
          "used the text A1111 uses at the last of " + s.steps() + " steps: '" + s.lastStepText() + "'");
    }
    RenderedPrompt r = to.renderer().render(parsed, strict);
    if (parsed.scheduled().isEmpty()) {
      return r;
    }
    List<String> warnings = new ArrayList<>(losses.warnings());
    warnings.addAll(r.warnings());
    return new RenderedPrompt(to, r.text(), r.negative().orElse(null), r.loras(), warnings);
  }

  /**
   * Converts an A1111 prompt stage by stage, for an engine that can change the prompt during sampling (ComfyUI
   * with {@code ConditioningSetTimestepRange}). A stage ends wherever any scheduled part of the positive or the
   * negative prompt changes ({@link A1111Schedule#stages(int)}); each stage holds the whole prompt as A1111
   * reads it during those steps, converted to {@code to} without the warning {@link #convert} gives for
   * scheduling. The last stage is what {@link #convert} returns for the same text.
   *
   * @param knownEmbeddings embedding names, as for {@link PromptSyntax#parser(Collection, int)}
   * @param steps the sampling steps the schedule is read for, at least 1
   * @param strict refuse, rather than warn about, anything else the target cannot express
   * @return the stages in step order, together covering steps 1..{@code steps}; a single stage when nothing is
   *     scheduled
   * @throws dev.darkroom.InvalidRequestException when strict and the target cannot express a construct
   * @throws IllegalArgumentException if {@code steps} is below 1
   */
  public static List<Stage> convertA1111Stages(String text, @Nullable String negative,
      Collection<String> knownEmbeddings, int steps, PromptSyntax to, boolean strict) {
    Set<String> embeddings = Set.copyOf(knownEmbeddings);
    ParsedPrompt whole = new A1111Parser(embeddings, steps).parse(text, negative);
    TreeSet<Integer> ends = new TreeSet<>();
    ends.add(steps);
    for (ParsedPrompt.Scheduled s : whole.scheduled()) {
      A1111Schedule.parse(s.part()).stages(steps).forEach(stage -> ends.add(stage.lastStep()));
    }
    List<Stage> out = new ArrayList<>();
    int first = 1;
    for (int last : ends) {
      ParsedPrompt parsed = new A1111Parser(embeddings, steps, last).parse(text, negative);
      out.add(new Stage(first, last, steps, to.renderer().render(parsed, strict)));
      first = last + 1;
    }
    return List.copyOf(out);
  }

  /**
   * One stage of a converted A1111 schedule.
   *
   * @param firstStep the first sampling step (1-based) that uses {@code prompt}
   * @param lastStep the last sampling step (inclusive) that uses it
   * @param steps the sampling steps of the whole run
   * @param prompt the whole prompt for those steps, in the target's syntax
   */
  public record Stage(int firstStep, int lastStep, int steps, RenderedPrompt prompt) {
    public Stage {
      if (firstStep < 1 || lastStep < firstStep || lastStep > steps) {
        throw new IllegalArgumentException("steps " + firstStep + ".." + lastStep + " are not a range within 1.."
            + steps);
      }
      java.util.Objects.requireNonNull(prompt, "prompt");
    }

    /** Where the stage starts, as a share 0..1 of the run: {@code (firstStep - 1) / steps}. */
    public double start() {
      return (firstStep - 1) / (double) steps;
    }

    /** Where the stage ends, as a share 0..1 of the run: {@code lastStep / steps}. */
    public double end() {
      return lastStep / (double) steps;
    }
  }
}
