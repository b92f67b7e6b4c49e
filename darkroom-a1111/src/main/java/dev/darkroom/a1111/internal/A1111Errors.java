package dev.darkroom.a1111.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkroom.AuthenticationException;
import dev.darkroom.DarkroomException;
import dev.darkroom.DarkroomException.Details;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ServerException;
import dev.darkroom.TransportException;
import dev.darkroom.spi.Redactor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns A1111's error answers into Darkroom exceptions. A1111 answers errors as
 * {@code {"error": type, "detail": …, "body": …, "errors": str(e)}}, and FastAPI's validation errors as
 * {@code {"detail": [{"loc", "msg", "type"}]}}. Messages are redacted.
 */
final class A1111Errors {
  /** {@code vendorStatus} of a CUDA (or other) out-of-memory failure. */
  static final String OUT_OF_MEMORY = "OUT_OF_MEMORY";
  /** {@code vendorStatus} of a connection that dropped while the engine worked. */
  static final String CONNECTION_LOST = "CONNECTION_LOST";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> FIELDS = Map.ofEntries(
      Map.entry("negative_prompt", "a1111.negativePrompt"), Map.entry("steps", "a1111.steps"),
      Map.entry("cfg_scale", "a1111.cfg"), Map.entry("sampler_name", "a1111.sampler"),
      Map.entry("scheduler", "a1111.scheduler"), Map.entry("denoising_strength", "a1111.denoise"),
      Map.entry("refiner_checkpoint", "a1111.refiner"), Map.entry("refiner_switch_at", "a1111.refinerSwitch"),
      Map.entry("prompt", "prompt"), Map.entry("seed", "seed"), Map.entry("width", "size"),
      Map.entry("height", "size"), Map.entry("init_images", "images"), Map.entry("mask", "mask"));

  private A1111Errors() {}

  static DarkroomException map(int status, String body, String engine, Redactor redactor) {
    JsonNode json = parse(body);
    String type = json.path("error").asText("");
    JsonNode detailNode = json.path("detail");
    String detail = detailNode.isTextual() ? detailNode.asText() : "";
    String errors = json.path("errors").asText("");
    String head = "A1111 at " + engine + " answered HTTP " + status;
    Details details = Details.http(status, type.isEmpty() ? null : type, trim(body));
    if (status == 401 || status == 403) {
      return new AuthenticationException(r(redactor, head + ": " + (detail.isEmpty() ? "not authorised" : detail)
          + "; set DARKROOM_A1111_AUTH (or the client setting a1111.apiAuth) to the user:password given to the web"
          + " UI's --api-auth"), null, details);
    }
    if (status == 422 && detailNode.isArray()) {
      List<String> problems = new ArrayList<>();
      String field = "request";
      for (JsonNode e : detailNode) {
        List<String> loc = new ArrayList<>();
        e.path("loc").forEach(l -> loc.add(l.asText()));
        String name = loc.isEmpty() ? "?" : loc.get(loc.size() - 1);
        problems.add(name + ": " + e.path("msg").asText());
        if (field.equals("request")) {
          field = FIELDS.getOrDefault(name, "a1111." + name);
        }
      }
      return new InvalidRequestException(r(redactor, head + ": the engine refused the request ("
          + String.join("; ", problems) + ")"), field, List.of());
    }
    if (status == 400 || status == 422) {
      return new InvalidRequestException(r(redactor, head + ": the engine refused the request"
          + (detail.isEmpty() ? "" : " (" + detail + ")")), null, details);
    }
    if (status == 404 && detail.equals("Sampler not found")) {
      return new InvalidRequestException(r(redactor, head + ": sampler not found"), "a1111.sampler", List.of());
    }
    if (status == 404 && !detail.isEmpty() && !detail.equals("Not Found")) {
      return new InvalidRequestException(r(redactor, head + ": " + detail), null, details);
    }
    if (status == 404 || status == 405) {
      return new ServerException(r(redactor, head + ": route not found; is this an A1111 / Forge web UI started"
          + " with --api, and is the base URL its root (not /sdapi/v1)?"), null, details);
    }
    String text = errors.isEmpty() ? detail : errors;
    String lower = (type + " " + text).toLowerCase(Locale.ROOT);
    if (lower.contains("out of memory") || type.equals("OutOfMemoryError")) {
      return new ServerException(r(redactor, "A1111 at " + engine + " ran out of GPU memory (" + firstLine(text)
          + "); ask for a smaller size or fewer images, or start the web UI with --medvram or --lowvram"), null,
          Details.http(status, OUT_OF_MEMORY, trim(body)));
    }
    if (text.startsWith("Could not find checkpoint with name ")) {
      return new InvalidRequestException(r(redactor, head + ": " + text), "a1111.refiner", List.of());
    }
    boolean retryable = status == 502 || status == 503 || status == 504;
    return new ServerException(r(redactor, head + (type.isEmpty() ? "" : " (" + type + ")")
        + (text.isEmpty() ? "" : ": " + firstLine(text))), null, details.retryable(retryable));
  }

  static TransportException connectionLost(String engine, IOException e, Redactor redactor) {
    return new TransportException(r(redactor, "the connection to A1111 at " + engine + " was lost while it worked ("
        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); is the web UI"
        + " still running?"), e, Details.http(0, CONNECTION_LOST, null).retryable(true));
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n == null ? JSON.createObjectNode() : n;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

  private static String trim(String body) {
    return body.length() > 65536 ? body.substring(0, 65536) : body;
  }

  private static String r(Redactor redactor, String s) {
    String out = redactor.redact(s);
    return out == null ? "" : out;
  }
}
