package dev.darkroom.openai;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code multipart/form-data} body (RFC 7578): text fields and files, each file with its own
 * filename and {@code Content-Type}. File bytes are not copied: the body is a concatenation of the
 * part headers and the caller's arrays.
 */
final class Multipart {
  private final String boundary;
  private final List<byte[]> segments = new ArrayList<>();
  private long length;

  /** @param boundary must not occur in any part; callers use a random token */
  Multipart(String boundary) {
    if (boundary.isEmpty() || boundary.length() > 70) {
      throw new IllegalArgumentException("a multipart boundary has 1 to 70 characters");
    }
    this.boundary = boundary;
  }

  /** The {@code Content-Type} header value. */
  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  Multipart field(String name, String value) {
    add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + escape(name) + "\"\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    add(value.getBytes(StandardCharsets.UTF_8));
    add(CRLF);
    return this;
  }

  Multipart file(String name, String filename, String contentType, byte[] content) {
    add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + escape(name) + "\"; filename=\""
        + escape(filename) + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    add(content);
    add(CRLF);
    return this;
  }

  /** Closes the body; call once, last. */
  HttpRequest.BodyPublisher publisher() {
    List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
    for (byte[] s : segments) {
      parts.add(HttpRequest.BodyPublishers.ofByteArray(s));
    }
    parts.add(HttpRequest.BodyPublishers.ofByteArray(closing()));
    return HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new));
  }

  /** The whole body in one array (for tests and small bodies). */
  byte[] toByteArray() {
    byte[] end = closing();
    byte[] out = new byte[Math.toIntExact(length + end.length)];
    int pos = 0;
    for (byte[] s : segments) {
      System.arraycopy(s, 0, out, pos, s.length);
      pos += s.length;
    }
    System.arraycopy(end, 0, out, pos, end.length);
    return out;
  }

  private byte[] closing() {
    return ("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
  }

  private void add(byte[] bytes) {
    segments.add(bytes);
    length += bytes.length;
  }

  /** Quotes and line breaks cannot appear inside a quoted header parameter; browsers percent-encode them. */
  private static String escape(String s) {
    return s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
  }

  private static final byte[] CRLF = {'\r', '\n'};
}
