package dev.darkroom.prompt;

import dev.darkroom.InvalidRequestException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * AUTOMATIC1111 / Forge prompts, read in the engine's order (modules/prompt_parser.py, extra_networks.py):
 * extra-network tags are taken out, the prompt is split on {@code AND}, a trailing {@code :number} becomes the
 * part's weight, then emphasis is applied.
 *
 * <p>Emphasis: {@code (x)} multiplies by 1.1, {@code [x]} divides by 1.1, {@code (x:w)} multiplies by w
 * (nested weights multiply; a space after the colon is accepted). Brackets left open apply to the rest of
 * the text; a closing bracket with nothing open is literal. {@code \(}, {@code \)}, {@code \[}, {@code \]} and
 * {@code \\} are literals; a backslash before anything else is dropped. {@code BREAK}, uppercase and a whole
 * word, is a chunk marker. Prompt editing ({@code [a:b:0.5]}) and alternation ({@code [a|b]}) are read by
 * {@link A1111Schedule} before emphasis, as A1111 does; such a part's spans are those of its text at the last
 * step, and the part is listed in {@link ParsedPrompt#scheduled()}. Of the
 * extra-network tags only {@code <lora:…>} and {@code <lyco:…>} are taken out; others stay as text.
 * A whole word equal to a known embedding name becomes an embedding span.
 */
final class A1111Parser implements PromptParser {
  private static final Pattern EXTRA_NETWORK = Pattern.compile("<(\\w+):([^>]+)>");
  private static final Pattern AND = Pattern.compile("\\bAND\\b");
  private static final Pattern PART_WEIGHT =
      Pattern.compile("^([\\s\\S]*?)(?:\\s*:\\s*([-+]?(?:\\d+\\.?|\\d*\\.\\d+)))?\\s*$");
  /** The tokens of the emphasis scanner, in A1111's order of preference. */
  private static final Pattern ATTENTION = Pattern.compile(
      "\\\\\\(|\\\\\\)|\\\\\\[|\\\\]|\\\\\\\\|\\\\|\\(|\\[|:\\s*([+-]?[.\\d]+)\\s*\\)|\\)|]|[^\\\\()\\[\\]:]+|:");
  private static final Pattern BREAK = Pattern.compile("\\s*\\bBREAK\\b\\s*");
  private static final double ROUND = 1.1;
  private static final double SQUARE = 1 / 1.1;

  /** A1111's default number of sampling steps, used to read schedules when the real number is not known. */
  static final int DEFAULT_STEPS = 20;

  private final @Nullable Pattern embeddings;
  private final int steps;
  private final int atStep;

  A1111Parser() {
    this(Set.of(), DEFAULT_STEPS);
  }

  A1111Parser(Set<String> knownEmbeddings, int steps) {
    this(knownEmbeddings, steps, steps);
  }

  /**
   * @param atStep the step (1..steps) whose text scheduled parts are read as; the last step unless told
   */
  A1111Parser(Set<String> knownEmbeddings, int steps, int atStep) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1, got " + steps);
    }
    if (atStep < 1 || atStep > steps) {
      throw new IllegalArgumentException("atStep must be from 1 to " + steps + ", got " + atStep);
    }
    this.steps = steps;
    this.atStep = atStep;
    this.embeddings = knownEmbeddings.isEmpty() ? null : Pattern.compile("(?<![\\w-])(" + knownEmbeddings.stream()
        .sorted(Comparator.comparing(String::length).reversed()).map(Pattern::quote).collect(Collectors.joining("|"))
        + ")(?![\\w-])");
  }

  /** The sampling steps schedules are read for. */
  int steps() {
    return steps;
  }

  @Override
  public ParsedPrompt parse(String positive) {
    ParsedPrompt.Builder b = ParsedPrompt.builder();
    StringBuilder rest = new StringBuilder();
    Matcher m = EXTRA_NETWORK.matcher(positive);
    int last = 0;
    while (m.find()) {
      String type = m.group(1);
      if (type.equals("lora") || type.equals("lyco")) {
        b.addLora(lora(m.group(0), m.group(2)));
        rest.append(positive, last, m.start());
        last = m.end();
      }
    }
    rest.append(positive.substring(last));
    int number = 0;
    for (String part : AND.split(rest, -1)) {
      Matcher w = PART_WEIGHT.matcher(part);
      if (!w.matches()) {
        throw new AssertionError("the part-weight pattern matches any text");
      }
      double weight = w.group(2) == null ? 1.0 : Double.parseDouble(w.group(2));
      b.addSubPrompt(SubPrompt.of(embeddings(attention(scheduled(++number, w.group(1), b))), weight));
    }
    return b.build();
  }

  @Override
  public ParsedPrompt parse(String positive, @Nullable String negative) {
    ParsedPrompt p = parse(positive);
    if (negative == null || negative.isBlank()) {
      return p;
    }
    ParsedPrompt.Builder b = p.toBuilder();
    return b.negative(SubPrompt.of(embeddings(attention(scheduled(0, negative, b))))).build();
  }

  @Override
  public SubPrompt parseNegative(String negative) {
    return SubPrompt.of(embeddings(attention(textAt(A1111Schedule.parse(negative)))));
  }

  /**
   * The part's text at {@link #atStep} (the last step unless told), recording the part in {@code b} when it
   * changes during sampling.
   */
  private String scheduled(int number, String part, ParsedPrompt.Builder b) {
    A1111Schedule schedule = A1111Schedule.parse(part);
    if (!schedule.isScheduled()) {
      return part;
    }
    String last = schedule.lastStepText(steps);
    b.addScheduled(new ParsedPrompt.Scheduled(number, part, schedule.constructs(), steps, last));
    return textAt(schedule);
  }

  private String textAt(A1111Schedule schedule) {
    for (A1111Schedule.Stage s : schedule.stages(steps)) {
      if (s.lastStep() >= atStep) {
        return s.text();
      }
    }
    throw new AssertionError("the last stage ends at the last step");
  }

  private List<Span> embeddings(List<Span> spans) {
    if (embeddings == null) {
      return spans;
    }
    List<Span> out = new ArrayList<>();
    for (Span s : spans) {
      if (s.kind() != Span.Kind.TEXT) {
        out.add(s);
        continue;
      }
      Matcher m = embeddings.matcher(s.text());
      int last = 0;
      while (m.find()) {
        out.add(Span.text(s.text().substring(last, m.start()), s.weight()));
        out.add(Span.embedding(m.group(1), s.weight()));
        last = m.end();
      }
      out.add(Span.text(s.text().substring(last), s.weight()));
    }
    return out;
  }

  /** {@code <lora:name:te[:unet[:dyn]]>} or named {@code te=}, {@code unet=}; te defaults to 1, unet to te. */
  private static LoraRef lora(String tag, String args) {
    String[] parts = args.split(":", -1);
    List<String> positional = new ArrayList<>();
    Double te = null;
    Double unet = null;
    for (String p : parts) {
      int eq = p.indexOf('=');
      if (eq > 0 && !positional.isEmpty()) {
        String key = p.substring(0, eq).strip();
        if (key.equals("te")) {
          te = number(tag, p.substring(eq + 1));
        } else if (key.equals("unet")) {
          unet = number(tag, p.substring(eq + 1));
        }
      } else {
        positional.add(p);
      }
    }
    if (te == null && positional.size() > 1) {
      te = number(tag, positional.get(1));
    }
    if (unet == null && positional.size() > 2) {
      unet = number(tag, positional.get(2));
    }
    double clip = te == null ? 1.0 : te;
    double model = unet == null ? clip : unet;
    return LoraRef.of(positional.get(0), model, clip);
  }

  private static double number(String tag, String text) {
    try {
      return Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("a1111 cannot read the weight '" + text + "' in " + tag);
    }
  }

  /** The emphasis pass: a port of the semantics of A1111's parse_prompt_attention. */
  static List<Span> attention(String text) {
    List<String> texts = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    List<Integer> round = new ArrayList<>();
    List<Integer> square = new ArrayList<>();
    Matcher m = ATTENTION.matcher(text);
    while (m.find()) {
      String token = m.group(0);
      String weight = m.group(1);
      if (token.startsWith("\\")) {
        texts.add(token.substring(1));
        weights.add(1.0);
      } else if (token.equals("(")) {
        round.add(texts.size());
      } else if (token.equals("[")) {
        square.add(texts.size());
      } else if (weight != null && !round.isEmpty()) {
        double w;
        try {
          w = Double.parseDouble(weight);
        } catch (NumberFormatException e) {
          throw new InvalidRequestException("a1111 cannot read the emphasis weight '" + weight
              + "' in '" + token.strip() + "' (its parser fails on it)");
        }
        multiply(weights, round.remove(round.size() - 1), w);
      } else if (token.equals(")") && !round.isEmpty()) {
        multiply(weights, round.remove(round.size() - 1), ROUND);
      } else if (token.equals("]") && !square.isEmpty()) {
        multiply(weights, square.remove(square.size() - 1), SQUARE);
      } else {
        String[] pieces = BREAK.split(token, -1);
        for (int i = 0; i < pieces.length; i++) {
          if (i > 0) {
            texts.add(null);
            weights.add(-1.0);
          }
          texts.add(pieces[i]);
          weights.add(1.0);
        }
      }
    }
    for (int pos : round) {
      multiply(weights, pos, ROUND);
    }
    for (int pos : square) {
      multiply(weights, pos, SQUARE);
    }
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      String t = texts.get(i);
      spans.add(t == null ? Span.breakMarker() : Span.text(t, weights.get(i)));
    }
    return spans;
  }

  /** Multiplies every weight from {@code start} on; BREAK markers (weight -1) are multiplied too, as A1111 does. */
  private static void multiply(List<Double> weights, int start, double factor) {
    for (int i = start; i < weights.size(); i++) {
      weights.set(i, weights.get(i) * factor);
    }
  }
}
