package dev.darkroom.swarmui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.AuthenticationException;
import dev.darkroom.DarkroomException;
import dev.darkroom.DarkroomException.Details;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.MalformedResponseException;
import dev.darkroom.ServerException;
import dev.darkroom.TransportException;
import dev.darkroom.spi.Redactor;
import dev.darkroom.internal.http.TransportFailures;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * HTTP calls to one SwarmUI instance with one session: {@code POST /API/<route>} with the
 * {@code session_id} added, the session renewed once (transparently) when SwarmUI answers
 * {@code invalid_session_id}, and {@code GET /View/...} downloads. The {@code swarm_token} cookie goes
 * only on {@code GetNewSession} and {@code /View/}, as SwarmUI checks it only there. Thread-safe.
 */
final class SwarmApi {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ERROR_BODY = 4096;

  private final HttpClient http;
  private final String baseUrl;
  private final @Nullable String token;
  private final Redactor redactor;
  private final String userAgent;
  private final Duration timeout;
  private @Nullable String session;
  private int sessionsCreated;

  SwarmApi(HttpClient http, String baseUrl, @Nullable String token, Redactor redactor, String userAgent,
      Duration timeout) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.token = token;
    this.redactor = redactor;
    this.userAgent = userAgent;
    this.timeout = timeout;
  }

  String baseUrl() {
    return baseUrl;
  }

  /** The current session id, creating one when there is none. */
  synchronized String session() throws InterruptedException {
    if (session == null) {
      session = newSession();
    }
    return session;
  }

  /** Replaces {@code stale} with a new session (unless another thread already did) and returns the current one. */
  synchronized String renew(String stale) throws InterruptedException {
    if (stale.equals(session)) {
      session = newSession();
    }
    return session();
  }

  /** How many sessions this client has created (1 normally; 2 after a renewal). */
  synchronized int sessionsCreated() {
    return sessionsCreated;
  }

  private String newSession() throws InterruptedException {
    JsonNode answer = send("GetNewSession", JSON.createObjectNode(), true);
    if (answer.has("error") || !answer.hasNonNull("session_id")) {
      String error = answer.path("error").asText("no session_id in the answer");
      if (error.toLowerCase(Locale.ROOT).contains("unauthorized") || error.toLowerCase(Locale.ROOT).contains("login")) {
        throw new AuthenticationException("SwarmUI at " + baseUrl + " refused a session: " + redactor.redact(error)
            + (token == null ? "; this instance requires accounts: set DARKROOM_SWARMUI_TOKEN to a token from its"
                + " User tab (Swarm Auth Tokens)" : "; the swarm_token in DARKROOM_SWARMUI_TOKEN was not accepted"),
            null, Details.http(200, "unauthorized", redactor.redact(answer.toString())));
      }
      throw new MalformedResponseException("SwarmUI GetNewSession failed: " + redactor.redact(error), null,
          Details.http(200, null, redactor.redact(answer.toString())));
    }
    sessionsCreated++;
    return answer.get("session_id").asText();
  }

  /**
   * Calls a route with the session, renewing the session once on {@code invalid_session_id}. A route error
   * ({@code {"error": ...}}) is returned as is for the caller to classify.
   */
  JsonNode call(String route, ObjectNode body) throws InterruptedException {
    String s = session();
    ObjectNode withSession = body.deepCopy();
    withSession.put("session_id", s);
    JsonNode answer = send(route, withSession, false);
    if (isInvalidSession(answer)) {
      withSession.put("session_id", renew(s));
      answer = send(route, withSession, false);
      if (isInvalidSession(answer)) {
        throw new ServerException("SwarmUI rejected a new session at once (" + route + "): is the server restarting?",
            null, Details.http(401, "invalid_session_id", redactor.redact(answer.toString())).retryable(true));
      }
    }
    return answer;
  }

  static boolean isInvalidSession(JsonNode answer) {
    return "invalid_session_id".equals(answer.path("error_id").asText(""));
  }

  private JsonNode send(String route, ObjectNode body, boolean withCookie) throws InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/API/" + route))
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("User-Agent", userAgent)
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
    if (withCookie && token != null) {
      b.header("Cookie", "swarm_token=" + token);
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw TransportFailures.io("SwarmUI", baseUrl, e, redactor);
    }
    String text = new String(response.body(), StandardCharsets.UTF_8);
    JsonNode json = null;
    try {
      json = JSON.readTree(text);
    } catch (IOException e) {
      // not JSON: classified below
    }
    if (json != null && json.isObject() && (response.statusCode() == 200 || isInvalidSession(json)
        || json.has("error"))) {
      return json;
    }
    throw httpError(route, response.statusCode(), text);
  }

  private DarkroomException httpError(String route, int status, String body) {
    String shown = redactor.redact(body.length() > MAX_ERROR_BODY ? body.substring(0, MAX_ERROR_BODY) : body);
    Details d = Details.http(status, null, shown);
    if (status == 401 || status == 403) {
      return new AuthenticationException("SwarmUI answered " + status + " to " + route
          + ": check DARKROOM_SWARMUI_TOKEN", null, d);
    }
    if (status == 404) {
      return new InvalidRequestException("SwarmUI at " + baseUrl + " has no route /API/" + route
          + " (is this a SwarmUI server, and a recent one?)", null, d);
    }
    if (status >= 500 || status == 429) {
      return new ServerException("SwarmUI answered " + status + " to " + route, null, d.retryable(true));
    }
    return new MalformedResponseException("SwarmUI answered " + status + " to " + route + " with: "
        + shown.substring(0, Math.min(200, shown.length())), null, d);
  }

  /**
   * Starts downloading an output: a {@code data:} URL is decoded at once, a {@code View/...} path fetched
   * (URL-encoded, with the cookie when a token is set). Started as soon as SwarmUI names the image, so an
   * image already produced is kept even if the server goes away before the generation ends.
   */
  java.util.concurrent.CompletableFuture<byte[]> download(String image) {
    if (image.startsWith("data:")) {
      int comma = image.indexOf(',');
      try {
        return java.util.concurrent.CompletableFuture.completedFuture(
            java.util.Base64.getDecoder().decode(image.substring(comma + 1)));
      } catch (IllegalArgumentException e) {
        return java.util.concurrent.CompletableFuture.failedFuture(new MalformedResponseException(
            "SwarmUI sent an image data URL that is not base64", e, Details.none()));
      }
    }
    String path = image.startsWith("/") ? image.substring(1) : image;
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/" + encodePath(path)))
        .timeout(timeout)
        .header("User-Agent", userAgent)
        .GET();
    if (token != null) {
      b.header("Cookie", "swarm_token=" + token);
    }
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray()).handle((r, error) -> {
      if (error != null) {
        Throwable c = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause() : error;
        throw c instanceof IOException io ? TransportFailures.io("SwarmUI", baseUrl, io, redactor)
            : new TransportException("SwarmUI download failed: " + c, c, Details.none());
      }
      if (r.statusCode() != 200) {
        throw httpError("View", r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
      }
      return r.body();
    });
  }

  /** Each path segment percent-encoded (spaces as {@code %20}). */
  static String encodePath(String path) {
    StringBuilder b = new StringBuilder();
    for (String segment : path.split("/", -1)) {
      if (b.length() > 0 || path.startsWith("/")) {
        b.append('/');
      }
      b.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return b.toString();
  }

  /** The websocket URI of a route: {@code ws://host/API/<route>}. */
  URI webSocketUri(String route) {
    String ws = baseUrl.startsWith("https://") ? "wss://" + baseUrl.substring(8) : "ws://" + baseUrl.substring(7);
    return URI.create(ws + "/API/" + route);
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Classifies a route's {@code {"error": ...}} answer (or websocket error frame): a bad parameter is an
   * invalid request, an unavailable backend or a model that failed to load a server error (retryable when no
   * backend was available).
   */
  static DarkroomException routeError(JsonNode answer, Redactor redactor, String route) {
    String message = redactor.redact(answer.path("error").asText("unknown error"));
    String lower = message.toLowerCase(Locale.ROOT);
    Details d = Details.http(200, Optional.ofNullable(answer.get("error_id")).map(JsonNode::asText).orElse(null),
        redactor.redact(answer.toString()));
    if (lower.startsWith("invalid") || lower.contains("must be") || lower.contains("no model input")
        || lower.contains("does not match")) {
      return new InvalidRequestException("SwarmUI refused the request: " + message, null, d);
    }
    boolean noBackend = lower.contains("no backends") || lower.contains("no backend");
    return new ServerException("SwarmUI " + route + " failed: " + message, null, d.retryable(noBackend));
  }

  /** A transport failure with a message, for a server that went away mid-generation. */
  static TransportException gone(String baseUrl, String what, @Nullable Throwable cause) {
    return new TransportException("SwarmUI at " + baseUrl + " " + what, cause, Details.none().retryable(true));
  }

  static List<String> list(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
