package dev.darkroom.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

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

  /** The body cut to {@link #MAX_KEPT} characters. */
  public static String truncate(String s) {
    return s.length() > MAX_KEPT ? s.substring(0, MAX_KEPT) : s;
  }
}
