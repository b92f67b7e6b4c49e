package dev.darkroom.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkroom.DarkroomException;
import dev.darkroom.DarkroomException.Details;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.MalformedResponseException;
import dev.darkroom.spi.Redactor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Small helpers for the error bodies providers send (JSON, or a proxy's HTML page). */
public final class ErrorBodies {
  /** The most of an error body kept in an exception, in characters. */
  public static final int MAX_KEPT = 65536;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ErrorBodies() {}

  /** The body as JSON, or a missing node when it is not JSON. */
  public static JsonNode parse(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n == null ? JSON.missingNode() : n;
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }

  /** The first non-blank line, at most 200 characters, for messages about non-JSON bodies. */
  public static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    t = nl < 0 ? t : t.substring(0, nl);
    return t.length() > 200 ? t.substring(0, 200) + "…" : t;
  }

  /**
   * A 404 whose body is not the provider's JSON error: the URL does not exist on that server, which
   * means a wrong base URL (a missing or doubled API version), not a retired model.
   *
   * @param provider the provider's display name, e.g. {@code Gemini}
   * @param url the URL called (without secrets; it is redacted anyway)
   * @param hint what the base URL should look like, e.g. {@code it must end in /v1}
   * @return the exception, or empty when the body is JSON (the provider maps it) or the status is not 404
   */
  public static Optional<DarkroomException> wrongEndpoint(String provider, String url, int status, String body,
      String hint, Redactor redactor) {
    if (status != 404 || parse(body).isObject()) {
      return Optional.empty();
    }
    String safe = redactor.redact(body);
    return Optional.of(new InvalidRequestException("there is no " + provider + " endpoint at POST " + redactor.redact(url)
        + ": the server answered 404 with " + describe(safe) + ", not " + provider
        + "'s JSON error, so the base URL is probably wrong; " + hint, null,
        Details.http(status, null, truncate(safe))));
  }

  /**
   * Checks that a successful answer is JSON before it is parsed: an HTML page (a proxy, a login portal,
   * a web server at the wrong path) is reported as such, with the status and URL, instead of a JSON
   * parser's complaint. Leaves the stream where it was. Not retried: the same URL will answer the same.
   *
   * @throws MalformedResponseException when the body does not start like JSON
   */
  public static void requireJson(String provider, String url, int status, Optional<String> contentType,
      BufferedInputStream in, Redactor redactor) throws IOException {
    in.mark(4096);
    byte[] head = in.readNBytes(4096);
    in.reset();
    String start = new String(head, StandardCharsets.UTF_8).stripLeading();
    boolean html = contentType.orElse("").toLowerCase(java.util.Locale.ROOT).contains("html");
    if (!html && (start.isEmpty() || start.startsWith("{") || start.startsWith("["))) {
      return;
    }
    String safe = redactor.redact(start);
    throw new MalformedResponseException(provider + " answered " + status + " with " + describe(safe)
        + " instead of JSON, at POST " + redactor.redact(url) + "; check the base URL (a proxy or web page answers"
        + " there, not the " + provider + " API)", null, Details.http(status, null, truncate(safe)));
  }

  /** "an HTML page (title)" or "a non-JSON body: first line". */
  private static String describe(String body) {
    String t = body.strip();
    String lower = t.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("<!doctype html") || lower.startsWith("<html") || lower.contains("<body")) {
      int open = lower.indexOf("<title>");
      int close = lower.indexOf("</title>");
      String title = open >= 0 && close > open ? t.substring(open + 7, close).strip() : "";
      return "an HTML page" + (title.isEmpty() ? "" : " (\"" + firstLine(title) + "\")");
    }
    return t.isEmpty() ? "an empty body" : "a non-JSON body: " + firstLine(t);
  }

  /** The body cut to {@link #MAX_KEPT} characters. */
  public static String truncate(String s) {
    return s.length() > MAX_KEPT ? s.substring(0, MAX_KEPT) : s;
  }
}
