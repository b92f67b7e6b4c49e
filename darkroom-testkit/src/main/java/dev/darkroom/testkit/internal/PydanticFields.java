package dev.darkroom.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Field-by-field validation the way A1111's request models (pydantic v1, every field optional) do it: values are
 * coerced where pydantic coerces them ({@code "20"} to 20, 20.7 to 20, 7 to {@code "7"}) and refused otherwise with
 * pydantic's message and error type; {@code null} is accepted everywhere; unknown fields are ignored.
 */
public final class PydanticFields {
  /** A field's declared type. */
  public enum Type { INT, FLOAT, STR, BOOL, DICT, LIST }

  private static final Set<String> TRUE = Set.of("1", "on", "t", "true", "y", "yes");
  private static final Set<String> FALSE = Set.of("0", "off", "f", "false", "n", "no");

  private PydanticFields() {}

  /**
   * Coerces the fields of {@code body} in place and returns FastAPI's 422 {@code detail} list (empty when valid).
   */
  public static ArrayNode validate(ObjectNode body, Map<String, Type> fields) {
    ArrayNode errors = Json.NODES.arrayNode();
    for (Map.Entry<String, Type> f : fields.entrySet()) {
      JsonNode v = body.get(f.getKey());
      if (v == null || v.isNull()) {
        continue;
      }
      JsonNode coerced = coerce(v, f.getValue());
      if (coerced == null) {
        ObjectNode e = errors.addObject();
        e.putArray("loc").add("body").add(f.getKey());
        e.put("msg", message(f.getValue()));
        e.put("type", "type_error." + typeName(f.getValue()));
      } else {
        body.set(f.getKey(), coerced);
      }
    }
    return errors;
  }

  private static JsonNode coerce(JsonNode v, Type type) {
    switch (type) {
      case INT:
        if (v.isIntegralNumber()) {
          return v;
        }
        if (v.isNumber()) {
          return Json.NODES.numberNode(v.decimalValue().toBigInteger());
        }
        if (v.isBoolean()) {
          return Json.NODES.numberNode(v.asBoolean() ? 1 : 0);
        }
        if (v.isTextual()) {
          try {
            return Json.NODES.numberNode(new java.math.BigInteger(v.asText().strip()));
          } catch (NumberFormatException e) {
            return null;
          }
        }
        return null;
      case FLOAT:
        if (v.isNumber()) {
          return v;
        }
        if (v.isBoolean()) {
          return Json.NODES.numberNode(v.asBoolean() ? 1.0 : 0.0);
        }
        if (v.isTextual()) {
          try {
            return Json.NODES.numberNode(new BigDecimal(v.asText().strip()).doubleValue());
          } catch (NumberFormatException e) {
            return null;
          }
        }
        return null;
      case STR:
        if (v.isTextual()) {
          return v;
        }
        return v.isNumber() || v.isBoolean() ? Json.NODES.textNode(v.isBoolean() ? (v.asBoolean() ? "True" : "False")
            : v.asText()) : null;
      case BOOL:
        if (v.isBoolean()) {
          return v;
        }
        if (v.isIntegralNumber() && (v.asLong() == 0 || v.asLong() == 1)) {
          return Json.NODES.booleanNode(v.asLong() == 1);
        }
        if (v.isTextual()) {
          String s = v.asText().strip().toLowerCase(Locale.ROOT);
          return TRUE.contains(s) ? Json.NODES.booleanNode(true) : FALSE.contains(s) ? Json.NODES.booleanNode(false)
              : null;
        }
        return null;
      case DICT:
        return v.isObject() ? v : null;
      case LIST:
        return v.isArray() ? v : null;
      default:
        throw new AssertionError(type);
    }
  }

  private static String message(Type type) {
    return switch (type) {
      case INT -> "value is not a valid integer";
      case FLOAT -> "value is not a valid float";
      case STR -> "str type expected";
      case BOOL -> "value could not be parsed to a boolean";
      case DICT -> "value is not a valid dict";
      case LIST -> "value is not a valid list";
    };
  }

  private static String typeName(Type type) {
    return switch (type) {
      case INT -> "integer";
      case FLOAT -> "float";
      case STR -> "str";
      case BOOL -> "bool";
      case DICT -> "dict";
      case LIST -> "list";
    };
  }
}
