package dev.darkroom.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.darkroom.Usage;
import dev.darkroom.spi.ProviderCall.PartialSink;
import dev.darkroom.spi.RawImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Streams an {@code ImagesResponse}, or the data of {@code image_generation.*} / {@code image_edit.*}
 * server-sent events, into a {@link Result}. {@code b64_json} is decoded straight from the parser's
 * buffer into bytes, never held as a String. Unknown fields and event types are skipped.
 */
final class OpenAiResponseReader {
  /** An {@code {"error": ...}} object inside a 200 body or a stream. */
  static final class StreamError extends IOException {
    private static final long serialVersionUID = 1L;
    final String json;

    StreamError(String json) {
      super("error event");
      this.json = json;
    }
  }

  /** What one response carried. */
  static final class Result {
    final List<RawImage> images = new ArrayList<>();
    @Nullable Usage usage;
    @Nullable String outputFormat;
    @Nullable String size;
    @Nullable String quality;
    @Nullable String background;
    @Nullable String revisedPrompt;
    @Nullable String model;
    /** An {@code {"error":…}} body read by {@link #readEmbedded}, instead of images. */
    @Nullable String errorJson;
    int events;
    int partials;
  }

  private final JsonFactory json;

  OpenAiResponseReader(JsonFactory json) {
    this.json = json;
  }

  /**
   * Reads a JSON body (one root object) or SSE data (one root object per event, ending at EOF or
   * {@code [DONE]}).
   */
  Result read(InputStream in, PartialSink partials) throws IOException {
    Result result = new Result();
    try (JsonParser p = json.createParser(in)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.START_ARRAY) {
          break; // data: [DONE]
        }
        if (t != JsonToken.START_OBJECT) {
          throw new IOException("expected a JSON object, found " + t);
        }
        result.events++;
        readObject(p, result, partials);
      }
    }
    if (result.events == 0) {
      throw new IOException("empty response body");
    }
    return result;
  }

  /**
   * Reads one {@code ImagesResponse} (or an {@code {"error":…}} body, into {@link Result#errorJson})
   * embedded in a larger document, such as a Batch API output line; the parser stands on its
   * START_OBJECT and is left on its END_OBJECT.
   */
  Result readEmbedded(JsonParser p) throws IOException {
    Result result = new Result();
    result.events = 1;
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new IOException("expected a JSON object, found " + p.currentToken());
    }
    try {
      readObject(p, result, PartialSink.NONE);
    } catch (StreamError e) {
      result.errorJson = e.json;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        p.nextToken();
        p.skipChildren();
      }
    }
    return result;
  }

  /** The current value (small: an error object) re-serialised as JSON text. */
  static String readJson(JsonParser p) throws IOException {
    return readTree(p);
  }

  private void readObject(JsonParser p, Result r, PartialSink partials) throws IOException {
    String type = null;
    byte[] image = null;
    Integer partialIndex = null;
    String format = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "type" -> type = p.getValueAsString();
        case "data" -> readData(p, r);
        case "b64_json" -> image = decode(p);
        case "partial_image_index" -> partialIndex = p.getValueAsInt();
        case "usage" -> r.usage = readUsage(p);
        case "output_format" -> format = p.getValueAsString();
        case "size" -> r.size = p.getValueAsString();
        case "quality" -> r.quality = p.getValueAsString();
        case "background" -> r.background = p.getValueAsString();
        case "model" -> r.model = p.getValueAsString();
        case "error" -> throw new StreamError("{\"error\":" + readTree(p) + "}");
        default -> p.skipChildren();
      }
    }
    if (format != null) {
      r.outputFormat = format;
    }
    if (image == null) {
      return;
    }
    RawImage raw = new RawImage(image, mimeType(format != null ? format : r.outputFormat), false);
    if (type != null && type.endsWith(".partial_image")) {
      r.partials++;
      partials.accept(partialIndex == null ? r.partials - 1 : partialIndex, raw);
    } else if (type == null || type.endsWith(".completed")) {
      r.images.add(raw);
    }
  }

  private void readData(JsonParser p, Result r) throws IOException {
    expect(p, JsonToken.START_ARRAY, "data");
    while (p.nextToken() == JsonToken.START_OBJECT) {
      byte[] image = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "b64_json" -> image = decode(p);
          case "revised_prompt" -> r.revisedPrompt = p.getValueAsString();
          default -> p.skipChildren();
        }
      }
      if (image != null) {
        // The format field may follow data; the client sniffs the bytes anyway.
        r.images.add(new RawImage(image, mimeType(r.outputFormat), false));
      }
    }
  }

  private static byte @Nullable [] decode(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    p.readBinaryValue(out);
    return out.toByteArray();
  }

  private static @Nullable Usage readUsage(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    long input = 0;
    long imageInput = 0;
    long output = 0;
    long imageOutput = -1;
    long total = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "input_tokens" -> input = p.getValueAsLong();
        case "output_tokens" -> output = p.getValueAsLong();
        case "total_tokens" -> total = p.getValueAsLong();
        case "input_tokens_details" -> imageInput = readDetail(p, "image_tokens");
        case "output_tokens_details" -> imageOutput = readDetail(p, "image_tokens");
        default -> p.skipChildren();
      }
    }
    long image = imageOutput < 0 ? output : imageOutput;
    return new Usage(input, output, image, 0, 0, total == 0 ? input + output : total, imageInput);
  }

  private static long readDetail(JsonParser p, String wanted) throws IOException {
    long value = 0;
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return value;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (field.equals(wanted)) {
        value = p.getValueAsLong();
      } else {
        p.skipChildren();
      }
    }
    return value;
  }

  private static String readTree(JsonParser p) throws IOException {
    StringBuilder b = new StringBuilder();
    copy(p, b);
    return b.toString();
  }

  /** Re-serialises the current value (an error object: small) as JSON text. */
  private static void copy(JsonParser p, StringBuilder b) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        b.append('{');
        boolean first = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          if (!first) {
            b.append(',');
          }
          first = false;
          b.append(quote(p.currentName())).append(':');
          p.nextToken();
          copy(p, b);
        }
        b.append('}');
      }
      case START_ARRAY -> {
        b.append('[');
        boolean first = true;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          if (!first) {
            b.append(',');
          }
          first = false;
          copy(p, b);
        }
        b.append(']');
      }
      case VALUE_STRING -> b.append(quote(p.getText()));
      default -> b.append(p.getText());
    }
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  static String mimeType(@Nullable String format) {
    if (format == null) {
      return "image/png";
    }
    return switch (format) {
      case "jpeg", "jpg" -> "image/jpeg";
      case "webp" -> "image/webp";
      case "gif" -> "image/gif";
      case "svg" -> "image/svg+xml";
      default -> "image/png";
    };
  }

  private static void expect(JsonParser p, JsonToken token, String field) throws IOException {
    if (p.currentToken() != token) {
      throw new IOException("field '" + field + "' should start with " + token + " but has " + p.currentToken());
    }
  }
}
