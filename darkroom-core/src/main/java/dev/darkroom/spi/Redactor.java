package dev.darkroom.spi;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Removes secrets from any text before it reaches a message, log, file or history row. Providers add
 * the secrets they read while they are configured ({@link ProviderContext#secret} does it for them)
 * and pass {@link ProviderContext#redactor()} to whatever builds their messages; thread-safe.
 */
public final class Redactor {
  public static final String MASK = "[REDACTED]";
  private final List<String> secrets = new CopyOnWriteArrayList<>();

  public Redactor(List<String> secrets) {
    secrets.forEach(this::add);
  }

  public static Redactor none() {
    return new Redactor(List.of());
  }

  /** Adds a secret; values shorter than 4 characters are ignored (they would mask ordinary text). */
  public void add(@Nullable String secret) {
    if (secret != null && secret.length() >= 4 && !secrets.contains(secret)) {
      secrets.add(secret);
    }
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
