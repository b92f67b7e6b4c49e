package dev.darkroom.prompt;

import java.util.Objects;

/**
 * One row of a prompt explanation: a word (or an embedding, or a BREAK marker), its effective weight,
 * and the part it belongs to.
 */
public final class ExplainedToken {
  private final String text;
  private final double weight;
  private final Span.Kind kind;
  private final int subPrompt;
  private final double subPromptWeight;

  ExplainedToken(String text, double weight, Span.Kind kind, int subPrompt, double subPromptWeight) {
    this.text = text;
    this.weight = weight;
    this.kind = kind;
    this.subPrompt = subPrompt;
    this.subPromptWeight = subPromptWeight;
  }

  /** The word, the embedding name, or {@code BREAK}. */
  public String text() {
    return text;
  }

  /** The effective token weight within its sub-prompt; {@code 1.0} is neutral (and for BREAK). */
  public double weight() {
    return weight;
  }

  /** The weight written for tables: at most four decimals, e.g. {@code 1.21} or {@code 0.9091}. */
  public String formattedWeight() {
    return Weights.format(weight);
  }

  public Span.Kind kind() {
    return kind;
  }

  /** The 1-based sub-prompt number, or 0 for the negative prompt. */
  public int subPrompt() {
    return subPrompt;
  }

  /** Whether the token belongs to the negative prompt. */
  public boolean negative() {
    return subPrompt == 0;
  }

  /** The weight of the sub-prompt the token belongs to ({@code 1.0} for the negative prompt). */
  public double subPromptWeight() {
    return subPromptWeight;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExplainedToken t && t.text.equals(text) && Double.compare(t.weight, weight) == 0
        && t.kind == kind && t.subPrompt == subPrompt && Double.compare(t.subPromptWeight, subPromptWeight) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, weight, kind, subPrompt, subPromptWeight);
  }

  @Override
  public String toString() {
    return text + "@" + formattedWeight() + (subPrompt == 1 ? "" : " part " + subPrompt);
  }
}
