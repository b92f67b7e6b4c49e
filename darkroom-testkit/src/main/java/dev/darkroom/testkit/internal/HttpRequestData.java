package dev.darkroom.testkit.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One parsed HTTP/1.1 request as it arrived on the socket.
 *
 * @param method  request method, e.g. {@code POST}
 * @param target  request target: path plus query, e.g. {@code /v1beta/models/m:generateContent?alt=sse}
 * @param version protocol version, e.g. {@code HTTP/1.1}
 * @param headers header values by name; the map is case-insensitive and unmodifiable
 * @param body    the request body after removing any chunked transfer coding; empty if none
 * @param connectionId number of the connection on its server, starting at 1
 */
public record HttpRequestData(String method, String target, String version,
    Map<String, List<String>> headers, byte[] body, int connectionId) {

  /** The first value of a header, looked up case-insensitively. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The target without its query string. */
  public String path() {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  /** The raw query string without '?', or an empty string. */
  public String query() {
    int q = target.indexOf('?');
    return q < 0 ? "" : target.substring(q + 1);
  }

  /** Whether the client wants the connection kept open after this exchange. */
  public boolean keepAlive() {
    String connection = header("Connection").orElse("").toLowerCase(Locale.ROOT);
    if (connection.contains("close")) {
      return false;
    }
    return !"HTTP/1.0".equals(version) || connection.contains("keep-alive");
  }
}
