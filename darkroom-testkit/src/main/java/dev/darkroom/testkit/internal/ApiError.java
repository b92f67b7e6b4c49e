package dev.darkroom.testkit.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A google.rpc.Status error the fake answers with, e.g. 400 INVALID_ARGUMENT. Thrown by
 * validation; turned into {@code {"error":{"code","message","status","details"}}} by
 * {@link #body()}.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;
  private final String status;
  private final transient ArrayNode details;
  private final transient Map<String, String> headers;

  public ApiError(int code, String status, String message) {
    this(code, status, message, Json.NODES.arrayNode(), Map.of());
  }

  public ApiError(int code, String status, String message, ArrayNode details,
      Map<String, String> headers) {
    super(message, null, false, false);
    this.code = code;
    this.status = status;
    this.details = details;
    this.headers = Map.copyOf(headers);
  }

  /** 400 INVALID_ARGUMENT with a BadRequest field violation naming the proto field path. */
  public static ApiError invalidArgument(String field, String message) {
    ArrayNode details = Json.NODES.arrayNode();
    ObjectNode badRequest = details.addObject()
        .put("@type", "type.googleapis.com/google.rpc.BadRequest");
    badRequest.putArray("fieldViolations").addObject()
        .put("field", field)
        .put("description", message);
    return new ApiError(400, "INVALID_ARGUMENT", message, details, Map.of());
  }

  public int code() {
    return code;
  }

  public String status() {
    return status;
  }

  /** Extra HTTP response headers, e.g. {@code Retry-After}. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The JSON error body exactly as Google sends it. */
  public ObjectNode body() {
    ObjectNode root = Json.object();
    ObjectNode error = root.putObject("error");
    error.put("code", code);
    error.put("message", getMessage());
    error.put("status", status);
    if (!details.isEmpty()) {
      error.set("details", details.deepCopy());
    }
    return root;
  }
}
