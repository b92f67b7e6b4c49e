package dev.darkroom.cli;

import dev.darkroom.batch.Template;
import java.util.Map;
import java.util.Set;

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
