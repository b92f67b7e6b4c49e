package dev.darkroom.cli;

import dev.darkroom.batch.Template;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Fills {@code {name}} placeholders in prompts from {@code --var}s, with {@link Template} (shared
 * with job files), turning a missing variable into a usage error that names the option.
 */
final class PromptTemplate {
  private PromptTemplate() {}

  static boolean isName(String s) {
    return Template.isName(s);
  }

  /**
   * @param where what the text is, for messages, e.g. {@code the prompt}
   * @param used collects the names that were filled
   * @throws CliException naming a placeholder that has no variable
   */
  static String fill(String text, Map<String, String> vars, Set<String> used, String where) {
    try {
      return Template.fill(text, vars::get, used);
    } catch (Template.MissingVariableException e) {
      String name = e.name();
      throw CliException.usage(where + " uses {" + name + "} but no --var " + name + "=... is given"
          + (vars.isEmpty() ? "" : " (given: " + String.join(", ", vars.keySet()) + ")")
          + "; write {{" + name + "}} for a literal {" + name + "}");
    }
  }

  /**
   * Warns, on {@code err}, when a text used without any {@code --var} has {@code {name}} placeholders: they are
   * sent as written (without {@code --var} no brace is ever touched), and the warning names them and says how
   * to fill them. Sends nothing and changes nothing.
   *
   * @param where what the text is, for the warning, e.g. {@code the prompt}
   */
  static void warnUnfilled(String text, String where, PrintWriter err) {
    Set<String> names = new LinkedHashSet<>();
    Template.fill(text, name -> {
      names.add(name);
      return "";
    }, new HashSet<>());
    if (!names.isEmpty()) {
      String first = names.iterator().next();
      err.println("darkroom: warning: " + where + " contains "
          + names.stream().map(n -> "{" + n + "}").collect(Collectors.joining(", "))
          + " but no --var is given, so it is sent as written; to fill it add --var " + first
          + "=VALUE (with --var, {{" + first + "}} keeps a literal {" + first + "})");
      err.flush();
    }
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
}
