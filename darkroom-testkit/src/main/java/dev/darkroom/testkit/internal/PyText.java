package dev.darkroom.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Renders JSON values the way ComfyUI's Python does: {@code json.dumps} with its default separators
 * and ASCII escapes (the PNG {@code prompt} chunk), {@code repr()} and {@code str()} (error
 * details), and Python's float spelling ({@code 1e-05}, {@code 100.0}).
 */
public final class PyText {
  private PyText() {}

  /** {@code json.dumps(value)}: {@code ", "} and {@code ": "} separators, non-ASCII as {@code \\uXXXX}. */
  public static String dumps(JsonNode value) {
    StringBuilder out = new StringBuilder();
    dump(value, out);
    return out.toString();
  }

  /** {@code repr(value)} of the Python object the JSON decodes to. */
  public static String repr(JsonNode value) {
    if (value.isTextual()) {
      return quote(value.asText());
    }
    if (value.isArray()) {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < value.size(); i++) {
        out.append(i == 0 ? "" : ", ").append(repr(value.get(i)));
      }
      return out.append(']').toString();
    }
    if (value.isObject()) {
      StringBuilder out = new StringBuilder("{");
      Iterator<Map.Entry<String, JsonNode>> fields = value.properties().iterator();
      boolean first = true;
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        out.append(first ? "" : ", ").append(quote(field.getKey())).append(": ")
            .append(repr(field.getValue()));
        first = false;
      }
      return out.append('}').toString();
    }
    return scalar(value);
  }

  /** {@code str(value)}: like {@link #repr} except that a string is itself. */
  public static String str(JsonNode value) {
    return value.isTextual() ? value.asText() : repr(value);
  }

  /** Python's {@code repr(float)}: shortest round-trip digits, exponent below 1e-4 or from 1e16. */
  public static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exponent = exact.precision() - exact.scale() - 1;
    if (exponent < -4 || exponent >= 16) {
      String digits = exact.unscaledValue().abs().toString();
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String sign = d < 0 ? "-" : "";
      String exp = String.format("%s%02d", exponent < 0 ? "-" : "+", Math.abs(exponent));
      return sign + mantissa + "e" + exp;
    }
    String plain = exact.toPlainString();
    return plain.contains(".") ? plain : plain + ".0";
  }

  private static String scalar(JsonNode value) {
    if (value.isNull() || value.isMissingNode()) {
      return "None";
    }
    if (value.isBoolean()) {
      return value.booleanValue() ? "True" : "False";
    }
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().toString();
    }
    if (value.isNumber()) {
      return floatRepr(value.doubleValue());
    }
    return value.toString();
  }

  private static String quote(String s) {
    boolean useDouble = s.indexOf('\'') >= 0 && s.indexOf('"') < 0;
    char q = useDouble ? '"' : '\'';
    StringBuilder out = new StringBuilder().append(q);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c == q) {
            out.append('\\').append(c);
          } else if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append(q).toString();
  }

  private static void dump(JsonNode value, StringBuilder out) {
    if (value.isObject()) {
      out.append('{');
      Iterator<Map.Entry<String, JsonNode>> fields = value.properties().iterator();
      boolean first = true;
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!first) {
          out.append(", ");
        }
        dumpString(field.getKey(), out);
        out.append(": ");
        dump(field.getValue(), out);
        first = false;
      }
      out.append('}');
    } else if (value.isArray()) {
      out.append('[');
      for (int i = 0; i < value.size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        dump(value.get(i), out);
      }
      out.append(']');
    } else if (value.isTextual()) {
      dumpString(value.asText(), out);
    } else if (value.isNull() || value.isMissingNode()) {
      out.append("null");
    } else if (value.isBoolean()) {
      out.append(value.booleanValue());
    } else if (value.isIntegralNumber()) {
      out.append(value.bigIntegerValue());
    } else if (value.isNumber()) {
      double d = value.doubleValue();
      out.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity")
          : floatRepr(d));
    } else {
      out.append(value);
    }
  }

  private static void dumpString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
