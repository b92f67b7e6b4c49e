package dev.darkroom.prompt;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A prompt in engine-neutral form: weighted sub-prompts of weighted spans, the LoRAs it asks for, and an
 * optional negative part. Built by a {@link PromptParser}, written out by a {@link PromptRenderer}.
 *
 * <p>Immutable. There is always at least one sub-prompt (a builder without any gives one empty sub-prompt). The negative part is a single sub-prompt of
 * weight {@code 1.0}: no engine supports {@code AND} in a negative prompt.
 */
public final class ParsedPrompt {
  private final List<SubPrompt> subPrompts;
  private final List<LoraRef> loras;
  private final @Nullable SubPrompt negative;
  private final List<Scheduled> scheduled;

  private ParsedPrompt(Builder b) {
    this.subPrompts = b.subPrompts.isEmpty() ? List.of(SubPrompt.of(List.of(Span.text("", 1.0))))
        : List.copyOf(b.subPrompts);
    this.loras = List.copyOf(b.loras);
    this.negative = b.negative;
    this.scheduled = List.copyOf(b.scheduled);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this prompt's parts, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.subPrompts.addAll(subPrompts);
    b.loras.addAll(loras);
    b.negative = negative;
    b.scheduled.addAll(scheduled);
    return b;
  }

  /** The sub-prompts in order; at least one. */
  public List<SubPrompt> subPrompts() {
    return subPrompts;
  }

  /** The LoRAs referenced, in order of appearance. */
  public List<LoraRef> loras() {
    return loras;
  }

  /** The negative part, if any. */
  public Optional<SubPrompt> negative() {
    return Optional.ofNullable(negative);
  }

  /**
   * The parts that change during sampling (A1111 prompt editing {@code [a:b:0.5]} or alternation
   * {@code [a|b]}), in order; empty for every other dialect. The spans of such a part are those of its text at
   * the last step, which is all an engine without scheduling can be given.
   */
  public List<Scheduled> scheduled() {
    return scheduled;
  }

  /**
   * A prompt part whose text changes during sampling.
   *
   * @param number the 1-based number of the {@code AND} part, or 0 for the negative prompt
   * @param part the part as written
   * @param constructs the prompt editing and alternation constructs in it, as written
   * @param steps the number of sampling steps the schedule was read for
   * @param lastStepText the part's text at the last step, which its spans hold
   */
  public record Scheduled(int number, String part, List<String> constructs, int steps, String lastStepText) {
    public Scheduled {
      constructs = List.copyOf(constructs);
    }
  }

  /** The names of embeddings referenced anywhere, positive part first, each once, in order of appearance. */
  public List<String> embeddings() {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    List<SubPrompt> all = new ArrayList<>(subPrompts);
    if (negative != null) {
      all.add(negative);
    }
    for (SubPrompt p : all) {
      for (Span s : p.spans()) {
        if (s.kind() == Span.Kind.EMBEDDING) {
          names.add(s.text());
        }
      }
    }
    return List.copyOf(names);
  }

  /** Whether any sub-prompt (positive or negative) contains a {@code BREAK} marker. */
  public boolean hasBreaks() {
    return subPrompts.stream().anyMatch(ParsedPrompt::hasBreak) || (negative != null && hasBreak(negative));
  }

  private static boolean hasBreak(SubPrompt p) {
    return p.spans().stream().anyMatch(s -> s.kind() == Span.Kind.BREAK);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParsedPrompt p && p.subPrompts.equals(subPrompts) && p.loras.equals(loras)
        && Objects.equals(p.negative, negative) && p.scheduled.equals(scheduled);
  }

  @Override
  public int hashCode() {
    return Objects.hash(subPrompts, loras, negative, scheduled);
  }

  @Override
  public String toString() {
    return "ParsedPrompt" + subPrompts + (loras.isEmpty() ? "" : " " + loras)
        + (negative == null ? "" : " negative " + negative);
  }

  /** Collects the parts of a {@link ParsedPrompt}. */
  public static final class Builder {
    private final List<SubPrompt> subPrompts = new ArrayList<>();
    private final List<LoraRef> loras = new ArrayList<>();
    private @Nullable SubPrompt negative;
    private final List<Scheduled> scheduled = new ArrayList<>();

    private Builder() {}

    /** Records a part that changes during sampling. */
    public Builder addScheduled(Scheduled part) {
      scheduled.add(Objects.requireNonNull(part, "part"));
      return this;
    }

    /** Appends a sub-prompt. */
    public Builder addSubPrompt(SubPrompt subPrompt) {
      subPrompts.add(Objects.requireNonNull(subPrompt, "subPrompt"));
      return this;
    }

    /** Replaces all sub-prompts. */
    public Builder subPrompts(List<SubPrompt> all) {
      subPrompts.clear();
      all.forEach(this::addSubPrompt);
      return this;
    }

    /** Appends a LoRA reference. */
    public Builder addLora(LoraRef lora) {
      loras.add(Objects.requireNonNull(lora, "lora"));
      return this;
    }

    /** Sets or clears the negative part; its weight must be {@code 1.0}. */
    public Builder negative(@Nullable SubPrompt value) {
      if (value != null && value.weight() != 1.0) {
        throw new IllegalArgumentException("negative prompt weight must be 1.0, got " + value.weight());
      }
      this.negative = value;
      return this;
    }

    public ParsedPrompt build() {
      return new ParsedPrompt(this);
    }
  }
}
