package dev.darkroom.cli;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {name}} placeholders in prompts from {@code --var}s.
 *
 * <p>Only a name in single braces is a placeholder: letters, digits, {@code _} and {@code -},
 * starting with a letter or {@code _}. Every other brace is literal text, so JSON such as
 * {@code {"style": {"mood": "{mood}"}}} keeps its braces and only {@code {mood}} is replaced. A
 * literal {@code {name}} is written {@code {{name}}}. Values are inserted as they are, never filled
 * again.
 */
final class PromptTemplate {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private PromptTemplate() {}

  static boolean isName(String s) {
    return NAME.matcher(s).matches();
  }

  /**
   * @param where what the text is, for messages, e.g. {@code the prompt}
   * @param used collects the names that were filled
   * @throws CliException naming a placeholder that has no variable
   */
  static String fill(String text, Map<String, String> vars, Set<String> used, String where) {
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
        String value = vars.get(name);
        if (value == null) {
          throw CliException.usage(where + " uses {" + name + "} but no --var " + name + "=... is given"
              + (vars.isEmpty() ? "" : " (given: " + String.join(", ", vars.keySet()) + ")")
              + "; write {{" + name + "}} for a literal {" + name + "}");
        }
        used.add(name);
        out.append(value);
        i = m.end() + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Fails naming the first variable that no text used. */
  static void requireAllUsed(Map<String, String> vars, Set<String> used) {
    for (String name : vars.keySet()) {
      if (!used.contains(name)) {
        throw CliException.usage("--var " + name + " is not used: neither the prompt nor the system prompt"
            + " contains {" + name + "}");
      }
    }
  }

  private static boolean nameAt(Matcher m, String text, int from) {
    if (from >= text.length()) {
      return false;
    }
    m.region(from, text.length());
    return m.lookingAt();
  }
}
