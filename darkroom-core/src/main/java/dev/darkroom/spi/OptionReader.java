package dev.darkroom.spi;

import dev.darkroom.InvalidRequestException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a provider's options from their canonical key/value form, for {@link ImageProvider#readOptions}.
 * Values may be strings (as typed on a command line) or JSON values (numbers, booleans, lists, objects);
 * each getter converts and refuses what it cannot, naming the field {@code <provider>.<key>}.
 */
public final class OptionReader {
  private final String provider;
  private final Map<String, ?> values;

  /**
   * @param known the keys the provider accepts; any other key is refused, listing these
   */
  public OptionReader(String provider, Map<String, ?> values, List<String> known) {
    this.provider = provider;
    this.values = new LinkedHashMap<>(values);
    Set<String> allowed = Set.copyOf(known);
    for (String key : values.keySet()) {
      if (!allowed.contains(key)) {
        String hint = dev.darkroom.spi.Closest.to(key, known).map(c -> "; did you mean " + c + "?").orElse("");
        throw new InvalidRequestException("'" + key + "' is not an option of provider " + provider + hint
            + "; its options: " + String.join(", ", known), provider + "." + key,
            dev.darkroom.spi.Closest.ranked(key, known));
      }
    }
  }

  /** Whether the key is present with a non-null value. */
  public boolean has(String key) {
    return values.get(key) != null;
  }

  public @Nullable String string(String key) {
    Object v = values.get(key);
    return v == null ? null : v.toString();
  }

  public @Nullable Integer integer(String key) {
    Object v = values.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    try {
      return Integer.valueOf(v.toString().trim());
    } catch (NumberFormatException e) {
      throw bad(key, v, "a whole number");
    }
  }

  public @Nullable Double decimal(String key) {
    Object v = values.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return new BigDecimal(v.toString().trim()).doubleValue();
    } catch (NumberFormatException e) {
      throw bad(key, v, "a number");
    }
  }

  /** A boolean: {@code true}/{@code false}, also {@code yes}/{@code no}, {@code on}/{@code off}, {@code 1}/{@code 0}. */
  public boolean bool(String key) {
    Object v = values.get(key);
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    return switch (v.toString().trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0", "" -> false;
      default -> throw bad(key, v, "true or false");
    };
  }

  /** A list: a JSON array, or a single value as a one-element list. */
  public List<Object> list(String key) {
    Object v = values.get(key);
    if (v == null) {
      return List.of();
    }
    if (v instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    return List.of(v);
  }

  /** An exception naming the field, the bad value and what is allowed. */
  public InvalidRequestException bad(String key, Object value, String allowed) {
    return new InvalidRequestException(provider + "." + key + " '" + value + "' is invalid: expected " + allowed,
        provider + "." + key, List.of(allowed));
  }
}
