package dev.darkroom.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses {@code --var KEY=VALUE} and {@code --var KEY=@FILE} (the file's text, trailing whitespace removed). */
final class TemplateVariables {
  private TemplateVariables() {}

  static Map<String, String> parse(List<String> specs, Environment env) {
    Map<String, String> vars = new LinkedHashMap<>();
    for (String spec : specs) {
      int eq = spec.indexOf('=');
      String key = eq < 0 ? spec : spec.substring(0, eq);
      if (eq < 0 || !PromptTemplate.isName(key)) {
        throw CliException.usage("invalid --var '" + spec + "': expected KEY=VALUE or KEY=@FILE, where KEY is"
            + " letters, digits, '_' and '-', starting with a letter or '_'");
      }
      if (vars.containsKey(key)) {
        throw CliException.usage("--var " + key + " is given twice");
      }
      String value = spec.substring(eq + 1);
      if (value.startsWith("@")) {
        value = TextFiles.read(env, value.substring(1), "file for --var " + key).stripTrailing();
      }
      vars.put(key, value);
    }
    return vars;
  }
}
