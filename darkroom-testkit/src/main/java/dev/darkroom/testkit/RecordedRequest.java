package dev.darkroom.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.testkit.internal.HttpRequestData;
import dev.darkroom.testkit.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request the fake received, exactly as sent (after removing chunked transfer coding), whether
 * it was answered normally, rejected or faulted. Immutable and thread-safe.
 */
public final class RecordedRequest {
  private final HttpRequestData request;
  private final int sequenceNumber;
  private final int bodySize;
  private volatile JsonNode json;

  RecordedRequest(HttpRequestData request, int sequenceNumber, boolean keepBody) {
    this.request = keepBody ? request : new HttpRequestData(request.method(), request.target(),
        request.version(), request.headers(), new byte[0], request.connectionId());
    this.sequenceNumber = sequenceNumber;
    this.bodySize = request.body().length;
  }

  /** HTTP method, e.g. {@code POST}. */
  public String method() {
    return request.method();
  }

  /** Path including the query, e.g. {@code /v1beta/models/gemini-3-pro-image:generateContent}. */
  public String path() {
    return request.target();
  }

  /** First value of the header, matched case-insensitively. */
  public Optional<String> header(String name) {
    return request.header(name);
  }

  /** All headers; lookups are case-insensitive. Unmodifiable. */
  public Map<String, List<String>> headers() {
    return request.headers();
  }

  /**
   * A copy of the body bytes; empty when body recording is off ({@link
   * FakeGemini#recordBodies(boolean)}, {@link FakeOpenAI#recordBodies(boolean)}).
   */
  public byte[] body() {
    return request.body().clone();
  }

  /** Size of the received body in bytes, also when the body itself was not kept. */
  public int bodySize() {
    return bodySize;
  }

  /** The body decoded as UTF-8. */
  public String bodyUtf8() {
    return new String(request.body(), StandardCharsets.UTF_8);
  }

  /**
   * The body parsed as JSON (parsed once, on first call).
   *
   * @throws UncheckedIOException if the body is not JSON
   */
  public JsonNode json() {
    JsonNode parsed = json;
    if (parsed == null) {
      try {
        parsed = Json.MAPPER.readTree(request.body());
      } catch (IOException e) {
        throw new UncheckedIOException("Request body is not JSON", e);
      }
      json = parsed;
    }
    return parsed;
  }

  /**
   * The body parsed as {@code multipart/form-data} (OpenAI image edits), using the boundary of the
   * request's {@code Content-Type}.
   *
   * @throws IllegalArgumentException if the body is not well-formed multipart
   */
  public MultipartForm multipart() {
    return MultipartForm.parse(header("Content-Type").orElse(""), request.body());
  }

  /** Position of this request among all requests the server received, starting at 0. */
  public int sequenceNumber() {
    return sequenceNumber;
  }

  /** Number of the TCP connection it arrived on, starting at 1; equal numbers mean keep-alive. */
  public int connectionId() {
    return request.connectionId();
  }

  @Override
  public String toString() {
    return "RecordedRequest[#" + sequenceNumber + " " + method() + " " + path() + ", " + bodySize
        + " body bytes, connection " + connectionId() + "]";
  }
}
