package dev.darkroom.prompt;

import java.util.Objects;

/**
 * One piece of a sub-prompt with its effective weight: text, a textual-inversion embedding, or a
 * {@code BREAK} marker (A1111: close the current 75-token chunk and start a new one).
 *
 * <p>The weight is absolute: the product (or, for ComfyUI, the replacement) of every enclosing weight,
 * so {@code 1.0} means unweighted. A {@code BREAK} has weight {@code 1.0} and empty text.
 */
public final class Span {
  /** What a span stands for. */
  public enum Kind {
    /** Prompt text, exactly as the engine would read it (escapes resolved). */
    TEXT,
    /** A textual-inversion embedding; {@link #text()} is its name without any engine prefix. */
    EMBEDDING,
    /** An A1111 {@code BREAK}: a chunk boundary. */
    BREAK
  }

  private final Kind kind;
  private final String text;
  private final double weight;

  private Span(Kind kind, String text, double weight) {
    if (!Double.isFinite(weight)) {
      throw new IllegalArgumentException("span weight must be finite, got " + weight);
    }
    this.kind = kind;
    this.text = Objects.requireNonNull(text, "text");
    this.weight = weight;
  }

  /** Text with an effective weight. */
  public static Span text(String text, double weight) {
    return new Span(Kind.TEXT, text, weight);
  }

  /** An embedding reference by name (file stem, no {@code embedding:} prefix, no angle brackets). */
  public static Span embedding(String name, double weight) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("embedding name must not be blank");
    }
    return new Span(Kind.EMBEDDING, name, weight);
  }

  /** A {@code BREAK} marker. */
  public static Span breakMarker() {
    return new Span(Kind.BREAK, "", 1.0);
  }

  public Kind kind() {
    return kind;
  }

  /** The text, the embedding name, or empty for a {@code BREAK}. */
  public String text() {
    return text;
  }

  /** The effective weight; {@code 1.0} is neutral. */
  public double weight() {
    return weight;
  }

  /** Whether the weight is neutral, within {@code 1e-9}. */
  public boolean unweighted() {
    return Math.abs(weight - 1.0) < 1e-9;
  }

  Span withText(String newText) {
    return new Span(kind, newText, weight);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Span s && s.kind == kind && s.text.equals(text) && Double.compare(s.weight, weight) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, text, weight);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case TEXT -> "'" + text + "'@" + weight;
      case EMBEDDING -> "embedding:" + text + "@" + weight;
      case BREAK -> "BREAK";
    };
  }
}
