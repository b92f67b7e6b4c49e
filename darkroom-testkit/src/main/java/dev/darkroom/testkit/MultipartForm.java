package dev.darkroom.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed {@code multipart/form-data} body (RFC 7578), as {@link RecordedRequest#multipart()}
 * returns it and the fake validates it. Immutable.
 */
public final class MultipartForm {
  /**
   * One part.
   *
   * @param name the form field name, e.g. {@code image[]}
   * @param filename the file name, when the part is a file
   * @param contentType the part's {@code Content-Type}; {@code text/plain} when it declared none
   * @param body the part's bytes
   */
  public record Part(String name, Optional<String> filename, String contentType, byte[] body) {
    /** The body as UTF-8 text. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the part is a file (it has a filename). */
    public boolean isFile() {
      return filename.isPresent();
    }
  }

  private final List<Part> parts;

  private MultipartForm(List<Part> parts) {
    this.parts = List.copyOf(parts);
  }

  /** All parts in order. */
  public List<Part> parts() {
    return parts;
  }

  /** Parts with this field name, in order. */
  public List<Part> parts(String name) {
    return parts.stream().filter(p -> p.name().equals(name)).toList();
  }

  /** The text of the first non-file part with this name. */
  public Optional<String> field(String name) {
    return parts.stream().filter(p -> p.name().equals(name) && !p.isFile()).findFirst().map(Part::text);
  }

  /**
   * Parses a body.
   *
   * @param contentType the request's {@code Content-Type}, which names the boundary
   * @throws IllegalArgumentException when the body is not well-formed multipart
   */
  public static MultipartForm parse(String contentType, byte[] body) {
    String boundary = null;
    for (String param : contentType.split(";")) {
      String p = param.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        boundary = p.substring("boundary=".length());
        if (boundary.startsWith("\"") && boundary.endsWith("\"") && boundary.length() >= 2) {
          boundary = boundary.substring(1, boundary.length() - 1);
        }
      }
    }
    if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data") || boundary == null
        || boundary.isEmpty()) {
      throw new IllegalArgumentException("not multipart/form-data with a boundary: " + contentType);
    }
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    int pos = indexOf(body, delimiter, 0);
    if (pos < 0) {
      throw new IllegalArgumentException("the body does not contain the boundary " + boundary);
    }
    List<Part> parts = new ArrayList<>();
    byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    while (true) {
      pos += delimiter.length;
      if (pos + 2 <= body.length && body[pos] == '-' && body[pos + 1] == '-') {
        return new MultipartForm(parts);
      }
      if (pos + 2 > body.length || body[pos] != '\r' || body[pos + 1] != '\n') {
        throw new IllegalArgumentException("a boundary line must end with CRLF or --");
      }
      pos += 2;
      int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), pos);
      if (headerEnd < 0) {
        throw new IllegalArgumentException("a part has no blank line after its headers");
      }
      String headers = new String(body, pos, headerEnd - pos, StandardCharsets.UTF_8);
      int start = headerEnd + 4;
      int end = indexOf(body, next, start);
      if (end < 0) {
        throw new IllegalArgumentException("the body ends without a closing boundary");
      }
      parts.add(part(headers, java.util.Arrays.copyOfRange(body, start, end)));
      pos = end + 2;
    }
  }

  private static Part part(String headers, byte[] content) {
    String name = null;
    String filename = null;
    String type = "text/plain";
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("malformed part header: " + line);
      }
      String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (key.equals("content-type")) {
        type = value;
      } else if (key.equals("content-disposition")) {
        if (!value.toLowerCase(Locale.ROOT).startsWith("form-data")) {
          throw new IllegalArgumentException("Content-Disposition must be form-data: " + value);
        }
        name = param(value, "name");
        filename = param(value, "filename");
      }
    }
    if (name == null) {
      throw new IllegalArgumentException("a part has no Content-Disposition name: " + headers);
    }
    return new Part(name, Optional.ofNullable(filename), type, content);
  }

  private static String param(String header, String key) {
    for (String p : header.split(";")) {
      String t = p.trim();
      if (t.startsWith(key + "=")) {
        String v = t.substring(key.length() + 1);
        return v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2 ? v.substring(1, v.length() - 1) : v;
      }
    }
    return null;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
