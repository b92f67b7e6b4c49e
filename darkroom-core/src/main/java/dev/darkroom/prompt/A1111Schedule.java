package dev.darkroom.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * AUTOMATIC1111 / Forge prompt editing and alternation, read as the engine reads them
 * ({@code modules/prompt_parser.py}, {@code get_learned_conditioning_prompt_schedules}, without hires fix):
 *
 * <ul>
 *   <li>{@code [from:to:when]} uses {@code from} up to step {@code when} and {@code to} after it;
 *       {@code [to:when]} adds {@code to} after {@code when}; {@code [from::when]} removes {@code from} after it.
 *   <li>{@code when} written with a {@code .} is a fraction of the steps ({@code 0.25} of 20 steps is step 5);
 *       an integer is a step number. Fractions are truncated to a whole step, and values past the last step
 *       count as the last step.
 *   <li>{@code [a|b|c]} alternates every step: step n uses item (n-1) mod 3. Items may be empty.
 *   <li>Schedules nest. Brackets that form none of these stay as written (they are emphasis or literal text).
 *   <li>A prompt the engine's grammar cannot read at all (for example a {@code |} outside brackets or a
 *       dangling backslash) is used unchanged for every step.
 * </ul>
 *
 * <p>Checked against the engine's grammar run with Lark 1.1.5 on its docstring examples and 4,000 random
 * strings of brackets, colons, bars and numbers. One difference is known: where a construct is directly
 * followed by a stray {@code ]}, {@code )}, {@code (} or {@code :} (as in {@code [a:2]]}), Lark's Earley parser
 * gives up and A1111 uses the text unscheduled for every step; this reader still schedules it.
 *
 * <p>Apply it to one {@code AND} part at a time, after LoRA tags are taken out, as A1111 does; emphasis is then
 * read from each stage's text. Immutable and thread-safe.
 */
public final class A1111Schedule {
  /** Lark's {@code SIGNED_NUMBER}, with the optional whitespace the {@code scheduled} rule allows around it. */
  private static final Pattern WHEN =
      Pattern.compile("\\s*([+-]?(?:(?:\\d+\\.\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|\\d+(?:[eE][+-]?\\d+)?))\\s*");

  private final String text;
  private final @Nullable Seq tree;

  private A1111Schedule(String text, @Nullable Seq tree) {
    this.text = text;
    this.tree = tree;
  }

  /** Reads the scheduling of one prompt part; never fails (unreadable text is simply unscheduled). */
  public static A1111Schedule parse(String text) {
    return new A1111Schedule(text, new Reader(text).start());
  }

  /** Whether the text contains prompt editing or alternation that changes it during sampling. */
  public boolean isScheduled() {
    return tree != null && tree.scheduled();
  }

  /** The prompt editing and alternation constructs as written, outermost first, e.g. {@code [cat:dog:0.5]}. */
  public List<String> constructs() {
    List<String> out = new ArrayList<>();
    if (tree != null) {
      tree.constructs(text, out);
    }
    return out;
  }

  /**
   * The stages of the prompt over a run of {@code steps} sampling steps: each stage's text is used up to and
   * including its {@link Stage#lastStep()}, the last stage ending at {@code steps}.
   *
   * @throws IllegalArgumentException if {@code steps} is below 1
   */
  public List<Stage> stages(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1, got " + steps);
    }
    if (tree == null) {
      return List.of(new Stage(steps, text));
    }
    TreeSet<Integer> ends = new TreeSet<>();
    ends.add(steps);
    tree.collect(steps, ends);
    List<Stage> out = new ArrayList<>();
    for (int step : ends) {
      StringBuilder b = new StringBuilder();
      tree.write(step, steps, b);
      out.add(new Stage(step, b.toString()));
    }
    return out;
  }

  /** The text as A1111 reads it at the last of {@code steps} steps. */
  public String lastStepText(int steps) {
    List<Stage> all = stages(steps);
    return all.get(all.size() - 1).text();
  }

  /**
   * The step up to which the {@code from} part of {@code [from:to:when]} is used, as A1111 computes it: a
   * {@code when} with a {@code .} is a share of {@code steps}, truncated; at most {@code steps}; may be below 1
   * (never used).
   */
  static int switchStep(String when, int steps) {
    double v = Double.parseDouble(when);
    double at = when.contains(".") ? v * steps : v;
    long truncated = (long) at;
    return (int) Math.max(Integer.MIN_VALUE, Math.min(steps, truncated));
  }

  /**
   * The outermost prompt-editing and alternation constructs, in text order, for a renderer that writes them in
   * another engine's syntax.
   *
   * @param steps the steps {@link Construct#lastStepText()} is read for
   */
  List<Construct> outermost(int steps) {
    List<Construct> out = new ArrayList<>();
    if (tree != null) {
      outermost(tree, steps, out);
    }
    return out;
  }

  private static void outermost(Seq seq, int steps, List<Construct> out) {
    for (Node n : seq.nodes()) {
      if (n instanceof Seq inner) {
        outermost(inner, steps, out);
      } else if (n instanceof Edit e) {
        Seq before = e.before() == null ? new Seq(List.of()) : e.before();
        out.add(construct(n, e.start(), e.end(), e.when(), List.of(before, e.after()), steps));
      } else if (n instanceof Alternation a) {
        out.add(construct(n, a.start(), a.end(), null, a.options(), steps));
      }
    }
  }

  private static Construct construct(Node n, int start, int end, @Nullable String when, List<Seq> parts,
      int steps) {
    List<String> fragments = new ArrayList<>();
    boolean nested = false;
    for (Seq p : parts) {
      StringBuilder b = new StringBuilder();
      p.write(steps, steps, b);
      fragments.add(b.toString());
      nested |= p.scheduled();
    }
    StringBuilder last = new StringBuilder();
    n.write(steps, steps, last);
    return new Construct(start, end, when, List.copyOf(fragments), nested, last.toString());
  }

  /**
   * An outermost construct of the text.
   *
   * @param start where it starts in the text
   * @param end where it ends (exclusive)
   * @param when the number of a prompt edit as written; null for an alternation
   * @param fragments an edit's {@code from} (empty for {@code [to:when]}) and {@code to}, or an alternation's
   *     items; each as written when {@code nested} is false
   * @param nested whether a fragment holds a construct itself
   * @param lastStepText the construct's text at the last step
   */
  record Construct(int start, int end, @Nullable String when, List<String> fragments, boolean nested,
      String lastStepText) {}

  /**
   * One stage of a schedule.
   *
   * @param lastStep the last sampling step (1-based, inclusive) that uses {@code text}
   * @param text the prompt text for those steps, emphasis still unread
   */
  public record Stage(int lastStep, String text) {}

  @Override
  public String toString() {
    return "A1111Schedule[" + text + "]";
  }

  /** A node of the parsed text. */
  private interface Node {
    void write(int step, int steps, StringBuilder out);

    void collect(int steps, TreeSet<Integer> ends);

    boolean scheduled();

    void constructs(String source, List<String> out);
  }

  /** Prompt editing or alternation, written at {@code start..end} of the source text. */
  private interface Scheduling extends Node {
    int start();

    int end();

    @Override
    default boolean scheduled() {
      return true;
    }

    @Override
    default void constructs(String source, List<String> out) {
      out.add(source.substring(start(), end()));
    }
  }

  private record Literal(String text) implements Node {
    @Override
    public void write(int step, int steps, StringBuilder out) {
      out.append(text);
    }

    @Override
    public void collect(int steps, TreeSet<Integer> ends) {}

    @Override
    public boolean scheduled() {
      return false;
    }

    @Override
    public void constructs(String source, List<String> out) {}
  }

  private record Seq(List<Node> nodes) implements Node {
    @Override
    public void write(int step, int steps, StringBuilder out) {
      nodes.forEach(n -> n.write(step, steps, out));
    }

    @Override
    public void collect(int steps, TreeSet<Integer> ends) {
      nodes.forEach(n -> n.collect(steps, ends));
    }

    @Override
    public boolean scheduled() {
      return nodes.stream().anyMatch(Node::scheduled);
    }

    @Override
    public void constructs(String source, List<String> out) {
      nodes.forEach(n -> n.constructs(source, out));
    }
  }

  /** {@code [before:after:when]}; {@code before} is null for {@code [after:when]}. */
  private record Edit(@Nullable Seq before, Seq after, String when, int start, int end) implements Scheduling {
    /** The step up to which {@code before} is used, as A1111 computes it: may be below 1 (never used). */
    int switchStep(int steps) {
      return A1111Schedule.switchStep(when, steps);
    }

    @Override
    public void write(int step, int steps, StringBuilder out) {
      if (step <= switchStep(steps)) {
        if (before != null) {
          before.write(step, steps, out);
        }
      } else {
        after.write(step, steps, out);
      }
    }

    @Override
    public void collect(int steps, TreeSet<Integer> ends) {
      int at = switchStep(steps);
      if (at >= 1) {
        ends.add(at);
      }
      if (before != null) {
        before.collect(steps, ends);
      }
      after.collect(steps, ends);
    }

  }

  /** {@code [a|b|…]}. */
  private record Alternation(List<Seq> options, int start, int end) implements Scheduling {
    @Override
    public void write(int step, int steps, StringBuilder out) {
      options.get((step - 1) % options.size()).write(step, steps, out);
    }

    @Override
    public void collect(int steps, TreeSet<Integer> ends) {
      for (int i = 1; i <= steps; i++) {
        ends.add(i);
      }
      options.forEach(o -> o.collect(steps, ends));
    }

  }

  /**
   * A recursive-descent reader of A1111's scheduling grammar. Inside brackets a construct either reads whole or
   * fails; at the top level a bracket, parenthesis or colon that starts nothing readable is literal text, as
   * the grammar's {@code /[][():]/+} alternative makes it.
   */
  private static final class Reader {
    private final String s;
    private int pos;

    Reader(String s) {
      this.s = s;
    }

    /** The whole text, or null when the grammar cannot read it. */
    @Nullable Seq start() {
      List<Node> nodes = new ArrayList<>();
      while (pos < s.length()) {
        Seq p = prompt();
        nodes.addAll(p.nodes());
        if (pos >= s.length()) {
          break;
        }
        char c = s.charAt(pos);
        if (c == '[' || c == ']' || c == '(' || c == ')' || c == ':') {
          nodes.add(new Literal(String.valueOf(c)));
          pos++;
        } else {
          return null;
        }
      }
      return new Seq(nodes);
    }

    /** {@code prompt}: plain text and groups, as long as they read; stops at anything else. */
    private Seq prompt() {
      List<Node> nodes = new ArrayList<>();
      StringBuilder plain = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '\\') {
          if (pos + 1 < s.length() && s.charAt(pos + 1) != '\n' && s.charAt(pos + 1) != '\r') {
            plain.append(c).append(s.charAt(pos + 1));
            pos += 2;
            continue;
          }
          break;
        }
        if (c == '(' || c == '[') {
          int mark = pos;
          Node group = c == '(' ? round() : square();
          if (group == null) {
            pos = mark;
            break;
          }
          flush(plain, nodes);
          nodes.add(group);
          continue;
        }
        if (c == ']' || c == ')' || c == ':' || c == '|') {
          break;
        }
        plain.append(c);
        pos++;
      }
      flush(plain, nodes);
      return new Seq(nodes);
    }

    private static void flush(StringBuilder plain, List<Node> nodes) {
      if (plain.length() > 0) {
        nodes.add(new Literal(plain.toString()));
        plain.setLength(0);
      }
    }

    /** {@code "(" prompt ")"} or {@code "(" prompt ":" prompt ")"}, kept as written; null if it does not read. */
    private @Nullable Node round() {
      List<Node> nodes = new ArrayList<>();
      nodes.add(new Literal("("));
      pos++;
      nodes.add(prompt());
      if (at(':')) {
        nodes.add(new Literal(":"));
        pos++;
        nodes.add(prompt());
      }
      if (!at(')')) {
        return null;
      }
      pos++;
      nodes.add(new Literal(")"));
      return new Seq(nodes);
    }

    /** Emphasis {@code [x]}, prompt editing or alternation; null if none reads. */
    private @Nullable Node square() {
      int open = pos;
      pos++;
      Seq first = prompt();
      if (at(']')) {
        pos++;
        return new Seq(List.of(new Literal("["), first, new Literal("]")));
      }
      if (at('|')) {
        List<Seq> options = new ArrayList<>(List.of(first));
        while (at('|')) {
          pos++;
          options.add(prompt());
        }
        if (!at(']')) {
          return null;
        }
        pos++;
        return new Alternation(options, open, pos);
      }
      if (!at(':')) {
        return null;
      }
      pos++;
      int secondStart = pos;
      Seq second = prompt();
      if (at(']')) {
        String when = number(secondStart, pos);
        if (when == null) {
          return null;
        }
        pos++;
        return new Edit(null, first, when, open, pos);
      }
      if (!at(':')) {
        return null;
      }
      pos++;
      int close = s.indexOf(']', pos);
      if (close < 0) {
        return null;
      }
      String when = number(pos, close);
      if (when == null) {
        return null;
      }
      pos = close + 1;
      return new Edit(first, second, when, open, pos);
    }

    /** The number written in {@code s[from, to)} with optional whitespace around it, or null. */
    private @Nullable String number(int from, int to) {
      var m = WHEN.matcher(s).region(from, to);
      return m.matches() ? m.group(1) : null;
    }

    private boolean at(char c) {
      return pos < s.length() && s.charAt(pos) == c;
    }
  }
}
