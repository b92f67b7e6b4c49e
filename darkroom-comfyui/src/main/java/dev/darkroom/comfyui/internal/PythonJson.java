package dev.darkroom.comfyui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON byte-for-byte as Python's {@code json.dumps(obj)} does with its defaults, which is how ComfyUI's
 * SaveImage writes the {@code prompt} PNG chunk: {@code ", "} and {@code ": "} separators, keys in insertion
 * order, every character outside printable ASCII escaped as {@code \}{@code uXXXX} (lowercase hex, surrogate
 * pairs for characters beyond the BMP), floats in Python's {@code repr} form ({@code 7.0}, {@code 1e-05},
 * {@code 1e+16}), integers of any size as digits, {@code NaN}/{@code Infinity} as Python writes them.
 */
public final class PythonJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private PythonJson() {}

  public static String dumps(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    write(node, sb);
    return sb.toString();
  }

  private static void write(JsonNode n, StringBuilder sb) {
    switch (n.getNodeType()) {
      case OBJECT -> {
        sb.append('{');
        Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator();
        boolean first = true;
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!first) {
            sb.append(", ");
          }
          first = false;
          string(e.getKey(), sb);
          sb.append(": ");
          write(e.getValue(), sb);
        }
        sb.append('}');
      }
      case ARRAY -> {
        sb.append('[');
        for (int i = 0; i < n.size(); i++) {
          if (i > 0) {
            sb.append(", ");
          }
          write(n.get(i), sb);
        }
        sb.append(']');
      }
      case STRING -> string(n.asText(), sb);
      case NUMBER -> {
        if (n.isIntegralNumber()) {
          sb.append(n.bigIntegerValue());
        } else {
          sb.append(floatRepr(n.doubleValue()));
        }
      }
      case BOOLEAN -> sb.append(n.asBoolean() ? "true" : "false");
      case NULL, MISSING -> sb.append("null");
      default -> string(n.asText(), sb);
    }
  }

  /** Python's {@code repr(float)}: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
  public static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    String digits = bd.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - bd.scale(); // decimal exponent of the first digit
    String sign = d < 0 ? "-" : "";
    if (exp < -4 || exp >= 16) {
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
    String plain = bd.abs().toPlainString();
    if (!plain.contains(".")) {
      plain = plain + ".0";
    }
    return sign + plain;
  }

  private static void string(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c >= 0x20 && c <= 0x7e) {
            sb.append(c);
          } else {
            sb.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
          }
        }
      }
    }
    sb.append('"');
  }
}
