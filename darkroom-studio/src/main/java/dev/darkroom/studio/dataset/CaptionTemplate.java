package dev.darkroom.studio.dataset;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns a prompt into a one-line caption: from a template with {@code {name}} and {@code {prompt}}
 * placeholders (none: the prompt itself), then the trigger word in front.
 */
final class CaptionTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

  private final @Nullable String template;
  private final String name;
  private final @Nullable String trigger;

  /** @throws IllegalArgumentException if the template names a placeholder other than name or prompt */
  CaptionTemplate(@Nullable String template, String name, @Nullable String trigger) {
    if (template != null) {
      Matcher m = PLACEHOLDER.matcher(template);
      while (m.find()) {
        String key = m.group(1);
        if (!key.equals("name") && !key.equals("prompt")) {
          throw new IllegalArgumentException("template: unknown placeholder {" + key + "} in '" + template
              + "'; allowed: {name}, {prompt}");
        }
      }
    }
    this.template = template;
    this.name = name;
    this.trigger = trigger == null || trigger.isBlank() ? null : oneLine(trigger);
  }

  /** The caption for an image made from {@code prompt} (null when unknown). */
  String caption(@Nullable String prompt) {
    String p = prompt == null ? "" : oneLine(prompt);
    String text = template == null ? p : tidy(template.replace("{name}", name).replace("{prompt}", p));
    if (trigger == null) {
      return text;
    }
    if (text.isEmpty()) {
      return trigger;
    }
    return startsWithWord(text, trigger) ? text : trigger + ", " + text;
  }

  /** Whitespace, including line breaks, collapsed to single spaces. */
  static String oneLine(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }

  /** One line, without the dangling commas an empty {@code {prompt}} leaves. */
  private static String tidy(String s) {
    String t = oneLine(s).replaceAll("\\s*,(\\s*,)+", ",").replaceAll("\\s+,", ",");
    t = t.replaceAll("^[\\s,]+", "").replaceAll("[\\s,]+$", "");
    return t;
  }

  private static boolean startsWithWord(String text, String word) {
    if (!text.regionMatches(true, 0, word, 0, word.length())) {
      return false;
    }
    return text.length() == word.length() || !Character.isLetterOrDigit(text.charAt(word.length()));
  }
}
