package dev.darkroom.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * One weighted part of a prompt: an A1111 {@code AND} part (or a part ending in {@code :number}), or a
 * VQGAN+CLIP {@code |} prompt. A prompt without such parts has one sub-prompt of weight {@code 1.0}.
 *
 * <p>A negative weight pushes away from the part (VQGAN {@code blurry:-1}, A1111 {@code AND blurry :-1}).
 * Adjacent text spans of equal weight are merged, as A1111 does.
 */
public final class SubPrompt {
  private final List<Span> spans;
  private final double weight;
  private final @Nullable Double stop;

  private SubPrompt(List<Span> spans, double weight, @Nullable Double stop) {
    if (!Double.isFinite(weight)) {
      throw new IllegalArgumentException("sub-prompt weight must be finite, got " + weight);
    }
    this.spans = merge(spans);
    this.weight = weight;
    this.stop = stop;
  }

  /** A sub-prompt of the given spans and weight. */
  public static SubPrompt of(List<Span> spans, double weight) {
    return new SubPrompt(spans, weight, null);
  }

  /** A sub-prompt of weight {@code 1.0}. */
  public static SubPrompt of(List<Span> spans) {
    return new SubPrompt(spans, 1.0, null);
  }

  /** A VQGAN+CLIP sub-prompt with a {@code stop} floor on its spherical distance ({@code -inf} means none). */
  public static SubPrompt withStop(List<Span> spans, double weight, double stop) {
    return new SubPrompt(spans, weight, stop == Double.NEGATIVE_INFINITY ? null : stop);
  }

  /** The spans in order; never empty for parsed text (an empty prompt is one empty text span). */
  public List<Span> spans() {
    return spans;
  }

  /** The sub-prompt weight; {@code 1.0} by default. */
  public double weight() {
    return weight;
  }

  /** The VQGAN+CLIP {@code stop} value, if one other than {@code -inf} was given. */
  public OptionalDouble stop() {
    return stop == null ? OptionalDouble.empty() : OptionalDouble.of(stop);
  }

  /** The text of the spans with embeddings by name and {@code BREAK} markers as the word {@code BREAK}. */
  public String plainText() {
    StringBuilder b = new StringBuilder();
    for (Span s : spans) {
      b.append(s.kind() == Span.Kind.BREAK ? " BREAK " : s.text());
    }
    return b.toString();
  }

  private static List<Span> merge(List<Span> in) {
    List<Span> out = new ArrayList<>();
    for (Span s : in) {
      Objects.requireNonNull(s, "span");
      if (s.kind() == Span.Kind.TEXT && s.text().isEmpty()) {
        continue;
      }
      Span last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && last.kind() == Span.Kind.TEXT && s.kind() == Span.Kind.TEXT
          && Double.compare(last.weight(), s.weight()) == 0) {
        out.set(out.size() - 1, Span.text(last.text() + s.text(), s.weight()));
      } else {
        out.add(s);
      }
    }
    if (out.isEmpty()) {
      out.add(Span.text("", 1.0));
    }
    return List.copyOf(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SubPrompt p && p.spans.equals(spans) && Double.compare(p.weight, weight) == 0
        && Objects.equals(p.stop, stop);
  }

  @Override
  public int hashCode() {
    return Objects.hash(spans, weight, stop);
  }

  @Override
  public String toString() {
    return spans + (weight == 1.0 ? "" : ":" + weight);
  }
}
