package dev.darkroom.batch;

import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Fills {@code {name}} placeholders, as prompts, output names and job files use them.
 *
 * <p>Only a name in single braces is a placeholder: letters, digits, {@code _} and {@code -},
 * starting with a letter or {@code _}. Every other brace is literal text, so JSON such as
 * {@code {"style": {"mood": "{mood}"}}} keeps its braces and only {@code {mood}} is replaced. A
 * literal {@code {name}} is written {@code {{name}}}. Values are inserted as they are, never filled
 * again. Stateless and thread-safe.
 */
public final class Template {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private Template() {}

  /** Thrown when a placeholder has no value. */
  public static final class MissingVariableException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String name;

    MissingVariableException(String name) {
      super("no value for {" + name + "}");
      this.name = name;
    }

    /** The placeholder's name, without braces. */
    public String name() {
      return name;
    }
  }

  /** Whether {@code s} is a valid placeholder name. */
  public static boolean isName(String s) {
    return NAME.matcher(s).matches();
  }

  /**
   * Fills every placeholder of {@code text}.
   *
   * @param values the value of a name, or null when it has none
   * @param used collects the names that were filled
   * @throws MissingVariableException for the first placeholder without a value
   */
  public static String fill(String text, Function<String, @Nullable String> values, Set<String> used) {
    return fill(text, values, used, Function.identity());
  }

  /**
   * Like {@link #fill(String, Function, Set)}, passing each value through {@code escape} before it is
   * inserted (e.g. to make it safe in a file name).
   */
  public static String fill(String text, Function<String, @Nullable String> values, Set<String> used,
      Function<String, String> escape) {
    StringBuilder out = new StringBuilder(text.length());
    Matcher m = NAME.matcher(text);
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '{' && text.startsWith("{", i + 1) && nameAt(m, text, i + 2) && text.startsWith("}}", m.end())) {
        out.append('{').append(m.group()).append('}');
        i = m.end() + 2;
      } else if (c == '{' && nameAt(m, text, i + 1) && text.startsWith("}", m.end())) {
        String name = m.group();
        String value = values.apply(name);
        if (value == null) {
          throw new MissingVariableException(name);
        }
        used.add(name);
        out.append(escape.apply(value));
        i = m.end() + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static boolean nameAt(Matcher m, String text, int from) {
    if (from >= text.length()) {
      return false;
    }
    m.region(from, text.length());
    return m.lookingAt();
  }
}
