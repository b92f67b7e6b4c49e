package dev.darkroom.internal.http;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Removes secrets from any text before it reaches a message, log, file or history row. */
public final class Redactor {
  public static final String MASK = "[REDACTED]";
  private final List<String> secrets;

  public Redactor(List<String> secrets) {
    this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 4).toList();
  }

  public static Redactor none() {
    return new Redactor(List.of());
  }

  /** {@code text} with every secret replaced by {@value #MASK}; null stays null. */
  public @Nullable String redact(@Nullable String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, MASK);
    }
    return out;
  }
}
