package dev.darkroom.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * compel prompts (compel 2.x prompt_parser.py semantics): {@code word+} multiplies by 1.1 per {@code +},
 * {@code word-} by 0.9 per {@code -}, {@code (phrase)1.3} and {@code "phrase"1.3} set a factor, and weights
 * multiply when nested. {@code (phrase)} without an operator only groups (weight 1.0), unlike A1111 and
 * ComfyUI. A word-final {@code +}/{@code -} is always an operator ({@code C++ code} gives {@code C} 1.21);
 * {@code \(}, {@code \)} and {@code \"} are literals, while {@code \+} and {@code \-} stop the operator but keep
 * their backslash. Unclosed groups and A1111's {@code (x:1.5)} are plain text. {@code <name>} is an embedding.
 *
 * <p>A whole prompt of the form {@code ("a", "b").and()} becomes one sub-prompt with a {@code BREAK} between
 * the parts (compel concatenates them, which is what A1111's {@code BREAK} does); {@code .and([w1, w2])}
 * weights multiply each part. {@code ("a", "b").blend(w1, w2)} becomes sub-prompts with those weights.
 * compel re-spaces punctuation ({@code b, c} reads {@code b , c}); this parser keeps the text as written.
 */
final class CompelParser implements PromptParser {
  private static final Pattern CONJUNCTION =
      Pattern.compile("\\s*\\((.*)\\)\\s*\\.(and|add|blend)\\(([^()]*)\\)\\s*", Pattern.DOTALL);
  private static final Pattern QUOTED = Pattern.compile("\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|$)", Pattern.DOTALL);
  private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)");
  private static final Pattern EMBEDDING = Pattern.compile("<([^<>\\s:]+)>");

  @Override
  public ParsedPrompt parse(String positive) {
    Matcher m = CONJUNCTION.matcher(positive);
    if (m.matches()) {
      List<String> parts = quotedList(m.group(1));
      if (parts != null) {
        List<Double> weights = numbers(m.group(3));
        ParsedPrompt.Builder b = ParsedPrompt.builder();
        if (m.group(2).equals("blend")) {
          for (int i = 0; i < parts.size(); i++) {
            b.addSubPrompt(SubPrompt.of(sequence(parts.get(i), 1.0), i < weights.size() ? weights.get(i) : 1.0));
          }
        } else {
          List<Span> spans = new ArrayList<>();
          for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
              spans.add(Span.breakMarker());
            }
            spans.addAll(sequence(parts.get(i), i < weights.size() ? weights.get(i) : 1.0));
          }
          b.addSubPrompt(SubPrompt.of(spans));
        }
        return b.build();
      }
    }
    return ParsedPrompt.builder().addSubPrompt(parseNegative(positive)).build();
  }

  @Override
  public SubPrompt parseNegative(String negative) {
    return SubPrompt.of(sequence(negative, 1.0));
  }

  private static List<String> quotedList(String inner) {
    List<String> parts = new ArrayList<>();
    Matcher q = QUOTED.matcher(inner);
    int pos = 0;
    while (pos < inner.length()) {
      if (!q.find(pos) || q.start() != pos) {
        return null;
      }
      parts.add(q.group(1));
      pos = q.end();
      if (q.group(2).isEmpty()) {
        break;
      }
    }
    return parts.size() >= 1 && pos == inner.length() ? parts : null;
  }

  private static List<Double> numbers(String args) {
    List<Double> out = new ArrayList<>();
    Matcher n = NUMBER.matcher(args);
    while (n.find()) {
      out.add(Double.parseDouble(n.group()));
    }
    return out;
  }

  static List<Span> sequence(String s, double weight) {
    List<Span> out = new ArrayList<>();
    new Scanner(s).run(0, s.length(), weight, out);
    return out;
  }

  /** Recursive descent over one string; each method reads a range [from, to). */
  private static final class Scanner {
    private final String s;

    Scanner(String s) {
      this.s = s;
    }

    void run(int from, int to, double weight, List<Span> out) {
      StringBuilder literal = new StringBuilder();
      int i = from;
      while (i < to) {
        char c = s.charAt(i);
        if (c == '(' || c == '"') {
          int close = c == '(' ? closingParen(i, to) : closingQuote(i, to);
          if (close < 0) {
            literal.append(c);
            i++;
            continue;
          }
          flush(literal, weight, out);
          int[] end = {close + 1};
          double factor = operator(end, to);
          if (c == '(') {
            run(i + 1, close, weight * factor, out);
          } else {
            out.add(Span.text(unescape(s.substring(i + 1, close)), weight * factor));
          }
          i = end[0];
        } else if (Character.isWhitespace(c) || c == ')' || c == ',') {
          literal.append(c);
          i++;
        } else {
          i = word(i, to, weight, literal, out);
        }
      }
      flush(literal, weight, out);
    }

    /** Reads one word with its escapes and a trailing +/- operator; returns the index after it. */
    private int word(int from, int to, double weight, StringBuilder literal, List<Span> out) {
      StringBuilder text = new StringBuilder();
      int lastEscaped = -1;
      int i = from;
      while (i < to) {
        char c = s.charAt(i);
        if (Character.isWhitespace(c) || c == '(' || c == ')' || c == '"' || c == ',') {
          break;
        }
        if (c == '\\' && i + 1 < to) {
          char next = s.charAt(i + 1);
          if (next != '(' && next != ')' && next != '"') {
            text.append('\\');
          }
          text.append(next);
          lastEscaped = text.length() - 1;
          i += 2;
          continue;
        }
        text.append(c);
        i++;
      }
      String word = text.toString();
      int opStart = word.length();
      char op = word.isEmpty() ? ' ' : word.charAt(word.length() - 1);
      if (op == '+' || op == '-') {
        while (opStart > 0 && opStart - 1 > lastEscaped && word.charAt(opStart - 1) == op) {
          opStart--;
        }
      }
      double factor = 1.0;
      if (opStart > 0 && opStart < word.length()) {
        factor = Math.pow(op == '+' ? 1.1 : 0.9, word.length() - opStart);
        word = word.substring(0, opStart);
      }
      Matcher e = EMBEDDING.matcher(word);
      if (factor == 1.0 && !e.matches()) {
        literal.append(word);
        return i;
      }
      flush(literal, weight, out);
      out.add(e.matches() ? Span.embedding(e.group(1), weight * factor) : Span.text(word, weight * factor));
      return i;
    }

    /** A trailing +/-run or number after a group; 1.0 when there is none. Advances {@code at[0]} past it. */
    private double operator(int[] at, int to) {
      int i = at[0];
      if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        char op = s.charAt(i);
        int j = i;
        while (j < to && s.charAt(j) == op) {
          j++;
        }
        if (j == to || !Character.isDigit(s.charAt(j)) && s.charAt(j) != '.') {
          at[0] = j;
          return Math.pow(op == '+' ? 1.1 : 0.9, j - i);
        }
      }
      Matcher n = NUMBER.matcher(s).region(i, to);
      if (n.lookingAt()) {
        at[0] = n.end();
        return Double.parseDouble(n.group());
      }
      return 1.0;
    }

    private int closingParen(int open, int to) {
      int depth = 0;
      for (int i = open; i < to; i++) {
        char c = s.charAt(i);
        if (c == '\\') {
          i++;
        } else if (c == '(') {
          depth++;
        } else if (c == ')' && --depth == 0) {
          return i;
        }
      }
      return -1;
    }

    private int closingQuote(int open, int to) {
      for (int i = open + 1; i < to; i++) {
        char c = s.charAt(i);
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          return i;
        }
      }
      return -1;
    }

    private static String unescape(String t) {
      return t.replace("\\\"", "\"").replace("\\(", "(").replace("\\)", ")");
    }

    private static void flush(StringBuilder literal, double weight, List<Span> out) {
      if (literal.length() > 0) {
        out.add(Span.text(literal.toString(), weight));
        literal.setLength(0);
      }
    }
  }
}
