package dev.darkroom.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads HTTP/1.1 requests from a buffered socket stream: request line, headers, and a body framed
 * by {@code Content-Length} or {@code Transfer-Encoding: chunked}. Answers {@code Expect:
 * 100-continue} itself. {@code Upgrade} headers (such as the JDK client's {@code h2c}) are ignored.
 */
public final class HttpRequestReader {
  private static final int MAX_LINE = 64 * 1024;
  private static final int MAX_HEADERS = 200;

  private final InputStream in;
  private final OutputStream out;
  private final int connectionId;

  /**
   * @param in           buffered input of the connection
   * @param out          output of the connection, used only for {@code 100 Continue}
   * @param connectionId number of the connection, copied into every request
   */
  public HttpRequestReader(InputStream in, OutputStream out, int connectionId) {
    this.in = in;
    this.out = out;
    this.connectionId = connectionId;
  }

  /**
   * Reads the next request.
   *
   * @return the request, or empty if the client closed the connection cleanly between requests
   * @throws HttpProtocolException if the request is malformed
   * @throws IOException if the connection fails or ends in the middle of a request
   */
  public Optional<HttpRequestData> next() throws IOException {
    String requestLine = readLine(true);
    while (requestLine != null && requestLine.isEmpty()) {
      requestLine = readLine(true); // tolerate stray CRLF between requests (RFC 9112 §2.2)
    }
    if (requestLine == null) {
      return Optional.empty();
    }
    String[] parts = requestLine.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new HttpProtocolException("Malformed request line: " + requestLine);
    }
    Map<String, List<String>> headers = readHeaders();
    if (headers.containsKey("Expect")
        && "100-continue".equalsIgnoreCase(headers.get("Expect").get(0))) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
    byte[] body = readBody(headers);
    return Optional.of(new HttpRequestData(parts[0], parts[1], parts[2], headers, body, connectionId));
  }

  private Map<String, List<String>> readHeaders() throws IOException {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int count = 0; ; count++) {
      String line = readLine(false);
      if (line.isEmpty()) {
        break;
      }
      if (count >= MAX_HEADERS) {
        throw new HttpProtocolException("More than " + MAX_HEADERS + " header lines");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new HttpProtocolException("Malformed header line: " + line);
      }
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    Map<String, List<String>> frozen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(frozen);
  }

  private byte[] readBody(Map<String, List<String>> headers) throws IOException {
    List<String> transferEncoding = headers.get("Transfer-Encoding");
    if (transferEncoding != null
        && String.join(",", transferEncoding).toLowerCase(Locale.ROOT).contains("chunked")) {
      return readChunked();
    }
    List<String> contentLength = headers.get("Content-Length");
    if (contentLength == null) {
      return new byte[0];
    }
    long length;
    try {
      length = Long.parseLong(contentLength.get(0));
    } catch (NumberFormatException e) {
      throw new HttpProtocolException("Malformed Content-Length: " + contentLength.get(0));
    }
    if (length < 0 || length > Integer.MAX_VALUE - 16) {
      throw new HttpProtocolException("Unsupported Content-Length: " + length);
    }
    return readExactly((int) length);
  }

  private byte[] readChunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(false);
      int semicolon = sizeLine.indexOf(';');
      String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
      int size;
      try {
        size = Integer.parseInt(hex, 16);
      } catch (NumberFormatException e) {
        throw new HttpProtocolException("Malformed chunk size: " + sizeLine);
      }
      if (size < 0) {
        throw new HttpProtocolException("Malformed chunk size: " + sizeLine);
      }
      if (size == 0) {
        while (!readLine(false).isEmpty()) {
          // skip trailer fields
        }
        return body.toByteArray();
      }
      body.write(readExactly(size));
      if (!readLine(false).isEmpty()) {
        throw new HttpProtocolException("Chunk not followed by CRLF");
      }
    }
  }

  private byte[] readExactly(int n) throws IOException {
    byte[] bytes = in.readNBytes(n);
    if (bytes.length != n) {
      throw new EOFException("Connection closed after " + bytes.length + " of " + n + " body bytes");
    }
    return bytes;
  }

  /** Reads a CRLF- or LF-terminated ISO-8859-1 line; null at a clean end of stream if allowed. */
  private String readLine(boolean endAllowed) throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (endAllowed && line.length() == 0) {
          return null;
        }
        throw new EOFException("Connection closed in the middle of a request head");
      }
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw new HttpProtocolException("Header line longer than " + MAX_LINE + " bytes");
      }
      line.append((char) b);
    }
  }
}
