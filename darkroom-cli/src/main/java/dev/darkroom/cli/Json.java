package dev.darkroom.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** The JSON the commands print: pretty-printed, decimals written plainly (never {@code 1E-5}). */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Writes one JSON value followed by a newline, and flushes. */
  static void print(PrintWriter out, JsonNode node) {
    try {
      out.println(MAPPER.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    out.flush();
  }

  /** A USD amount rounded to 6 decimals, trailing zeros dropped. */
  static BigDecimal usd(BigDecimal amount) {
    BigDecimal r = amount.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
    return r.scale() < 0 ? r.setScale(0) : r;
  }

  /** {@code {"error": {"kind", "message", "exitCode"}}}. */
  static ObjectNode error(Failure f) {
    ObjectNode root = object();
    root.putObject("error").put("kind", f.kind()).put("message", f.message()).put("exitCode", f.exitCode());
    return root;
  }
}
