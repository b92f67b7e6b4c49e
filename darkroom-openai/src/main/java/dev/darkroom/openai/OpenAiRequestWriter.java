package dev.darkroom.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.darkroom.ImageRequest;
import dev.darkroom.spi.PreparedInput;
import dev.darkroom.spi.ProviderCall;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes Images API request bodies: JSON for {@code /images/generations}, multipart/form-data for
 * {@code /images/edits}. Both carry the same fields ({@link #fields}), so a batch writer can reuse
 * them for JSONL lines. Only fields the request sets are sent; the API's defaults apply otherwise.
 */
final class OpenAiRequestWriter {
  private final JsonFactory json;
  private final Supplier<String> boundaries;

  OpenAiRequestWriter(JsonFactory json, Supplier<String> boundaries) {
    this.json = json;
    this.boundaries = boundaries;
  }

  /** Whether the call is an edit (it has reference images). */
  static boolean isEdit(ProviderCall call) {
    return !call.inputs().isEmpty();
  }

  /** Whether the answer streams as server-sent events (partial images were asked for). */
  static boolean isStream(ProviderCall call) {
    return OpenAiOptions.of(call.request()).partialImages() > 0;
  }

  /**
   * The scalar fields of a generation or edit, in wire order, as strings (numbers unquoted in JSON).
   * Booleans and numbers are marked by {@link Num}.
   */
  static Map<String, Object> fields(ProviderCall call) {
    ImageRequest r = call.request();
    OpenAiOptions o = OpenAiOptions.of(r);
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("model", r.model().id());
    f.put("prompt", r.prompt());
    f.put("n", new Num(call.imageCount()));
    r.size().ifPresent(v -> f.put("size", v));
    o.quality().ifPresent(v -> f.put("quality", v));
    o.background().ifPresent(v -> f.put("background", v));
    o.outputFormat().ifPresent(v -> f.put("output_format", v));
    o.outputCompression().ifPresent(v -> f.put("output_compression", new Num(v)));
    o.moderation().ifPresent(v -> f.put("moderation", v));
    o.safetyIdentifier().ifPresent(v -> f.put("safety_identifier", v));
    if (isStream(call)) {
      f.put("stream", new Num(true));
      f.put("partial_images", new Num(o.partialImages()));
    }
    return f;
  }

  /** A number or boolean: written bare in JSON, as text in multipart. */
  record Num(Object value) {
    @Override
    public String toString() {
      return String.valueOf(value);
    }
  }

  /** The JSON body of a generation. */
  byte[] json(ProviderCall call) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512 + call.request().prompt().length() * 2);
    writeJson(fields(call), out, false);
    return out.toByteArray();
  }

  /**
   * The JSON body of an edit ({@code application/json}, as a Batch API line needs): the same fields,
   * then {@code images} as {@code [{"image_url":"data:…;base64,…"}]} and {@code mask} likewise. The
   * base64 is written straight into {@code out}, never held as a String.
   */
  void jsonEdit(ProviderCall call, java.io.OutputStream out) throws IOException {
    byte[] fields = json(call);
    out.write(fields, 0, fields.length - 1); // without the closing brace
    out.write(",\"images\":[".getBytes(StandardCharsets.UTF_8));
    List<PreparedInput> inputs = call.inputs();
    for (int i = 0; i < inputs.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      writeImageRef(inputs.get(i), out);
    }
    out.write(']');
    if (call.mask() != null) {
      out.write(",\"mask\":".getBytes(StandardCharsets.UTF_8));
      writeImageRef(call.mask(), out);
    }
    out.write('}');
  }

  /** Characters of one {@code image_url} data URL, which OpenAI caps at 20,971,520. */
  static long dataUrlLength(PreparedInput in) {
    return ("data:" + in.mimeType() + ";base64,").length() + 4L * ((in.bytes().length + 2) / 3);
  }

  private static void writeImageRef(PreparedInput in, java.io.OutputStream out) throws IOException {
    out.write(("{\"image_url\":\"data:" + in.mimeType() + ";base64,").getBytes(StandardCharsets.UTF_8));
    java.io.OutputStream b64 = java.util.Base64.getEncoder().wrap(new java.io.OutputStream() {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() {
        // closing the encoder writes the padding; the line's stream stays open
      }
    });
    b64.write(in.bytes());
    b64.close();
    out.write("\"}".getBytes(StandardCharsets.UTF_8));
  }

  /** The multipart body of an edit: fields, then {@code image} (one) or {@code image[]} (several), then {@code mask}. */
  Multipart multipart(ProviderCall call) {
    Multipart body = new Multipart(boundaries.get());
    fields(call).forEach((k, v) -> body.field(k, v.toString()));
    List<PreparedInput> inputs = call.inputs();
    String name = inputs.size() == 1 ? "image" : "image[]";
    for (int i = 0; i < inputs.size(); i++) {
      PreparedInput in = inputs.get(i);
      body.file(name, "image-" + (i + 1) + "." + extension(in.mimeType()), in.mimeType(), in.bytes());
    }
    if (call.mask() != null) {
      body.file("mask", "mask.png", "image/png", call.mask().bytes());
    }
    return body;
  }

  /** What would be sent, for {@code --dry-run}: pretty JSON, image data described instead of included. */
  String describe(ProviderCall call) {
    Map<String, Object> f = new LinkedHashMap<>(fields(call));
    if (isEdit(call)) {
      f.put("// encoding", "multipart/form-data");
      int i = 1;
      for (PreparedInput in : call.inputs()) {
        f.put((call.inputs().size() == 1 ? "image" : "image[] #" + i++), describe(in));
      }
      if (call.mask() != null) {
        f.put("mask", describe(call.mask()));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeJson(f, out, true);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String describe(PreparedInput in) {
    return "<" + in.mimeType() + ", " + in.summary() + ">";
  }

  private void writeJson(Map<String, Object> fields, ByteArrayOutputStream out, boolean pretty) {
    try (JsonGenerator g = json.createGenerator(out)) {
      if (pretty) {
        g.useDefaultPrettyPrinter();
      }
      g.writeStartObject();
      for (Map.Entry<String, Object> e : fields.entrySet()) {
        if (e.getValue() instanceof Num n) {
          g.writeFieldName(e.getKey());
          if (n.value() instanceof Boolean b) {
            g.writeBoolean(b);
          } else {
            g.writeNumber(((Number) n.value()).longValue());
          }
        } else {
          g.writeStringField(e.getKey(), e.getValue().toString());
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String extension(String mimeType) {
    return switch (mimeType) {
      case "image/jpeg" -> "jpg";
      case "image/webp" -> "webp";
      case "image/gif" -> "gif";
      default -> "png";
    };
  }
}
