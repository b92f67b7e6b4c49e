package dev.darkroom.gemini;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.darkroom.ImageRequest;
import dev.darkroom.SafetySetting;
import dev.darkroom.spi.Conversation;
import dev.darkroom.spi.PreparedInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a {@code GenerateContentRequest} body (camelCase, as Google documents it). Images go before
 * the prompt in one user turn, after the earlier turns of a conversation (roles {@code user} and
 * {@code model}; each model part keeps its {@code thoughtSignature} byte for byte). Base64 is
 * streamed by the generator, never built as a String; conversation images and signatures held by
 * reference are streamed from their files while writing ({@link #writeTo}), so a body written to a
 * file or socket never holds the earlier turns in memory.
 */
final class GeminiRequestWriter {
  private final JsonFactory json;

  GeminiRequestWriter(JsonFactory json) {
    this.json = json;
  }

  /** The wire body. */
  byte[] write(ImageRequest request, List<PreparedInput> inputs) {
    return write(request, inputs, Conversation.EMPTY);
  }

  /** The wire body of a turn continuing {@code history}. */
  byte[] write(ImageRequest request, List<PreparedInput> inputs, Conversation history) {
    int estimate = 1024 + request.prompt().length() * 2;
    for (PreparedInput in : inputs) {
      estimate += in.bytes().length * 4 / 3 + 128;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(estimate);
    write(request, inputs, history, out, false);
    return out.toByteArray();
  }

  /**
   * Writes the wire body of a turn continuing {@code history} to {@code out}, streaming the earlier
   * turns' images and signatures; {@code out} is closed when the body is complete.
   */
  void writeTo(ImageRequest request, List<PreparedInput> inputs, Conversation history, java.io.OutputStream out) {
    write(request, inputs, history, out, false);
  }

  /**
   * The bytes the earlier turns of {@code history} add to a body: base64 of each image (file sizes,
   * read from the file system, not the files) and of each signature, plus the text.
   */
  static long historyBytes(Conversation history) {
    long total = 0;
    for (Conversation.Turn turn : history.turns()) {
      for (Conversation.Part part : turn.parts()) {
        total += 64 + part.text().map(String::length).orElse(0);
        total += (part.signatureLength() + 2) / 3 * 4;
        if (part.image().isPresent()) {
          total += (part.image().get().size() + 2) / 3 * 4;
        }
      }
    }
    return total;
  }

  /** A pretty-printed body with each image's base64 replaced by a short description. */
  String describe(ImageRequest request, List<PreparedInput> inputs) {
    return describe(request, inputs, Conversation.EMPTY);
  }

  /** Like {@link #describe(ImageRequest, List)}; signatures are elided to their size too. */
  String describe(ImageRequest request, List<PreparedInput> inputs, Conversation history) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(request, inputs, history, out, true);
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void writeTurn(JsonGenerator g, Conversation.Turn turn, boolean elide) throws IOException {
    g.writeStartObject();
    g.writeStringField("role", turn.role() == Conversation.Role.MODEL ? "model" : "user");
    g.writeArrayFieldStart("parts");
    for (Conversation.Part part : turn.parts()) {
      g.writeStartObject();
      if (part.image().isPresent()) {
        Conversation.ImageRef ref = part.image().get();
        g.writeObjectFieldStart("inlineData");
        g.writeStringField("mimeType", ref.mimeType());
        if (elide) {
          g.writeStringField("data", "<base64 of " + ref + ">");
        } else {
          g.writeFieldName("data");
          try (java.io.InputStream in = ref.open()) {
            g.writeBinary(in, Math.toIntExact(ref.size()));
          }
        }
        g.writeEndObject();
      } else {
        g.writeStringField("text", part.text().orElse(""));
      }
      if (part.signed()) {
        if (elide) {
          g.writeStringField("thoughtSignature", "<" + part.signatureLength() + " bytes>");
        } else {
          g.writeFieldName("thoughtSignature");
          try (java.io.InputStream in = part.openSignature()) {
            g.writeBinary(in, Math.toIntExact(part.signatureLength()));
          }
        }
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private void write(ImageRequest request, List<PreparedInput> inputs, Conversation history,
      java.io.OutputStream out, boolean elide) {
    GeminiOptions options = GeminiOptions.of(request);
    try (JsonGenerator g = json.createGenerator(out)) {
      if (elide) {
        g.useDefaultPrettyPrinter();
      }
      g.writeStartObject();
      g.writeArrayFieldStart("contents");
      for (Conversation.Turn turn : history.turns()) {
        writeTurn(g, turn, elide);
      }
      g.writeStartObject();
      g.writeStringField("role", "user");
      g.writeArrayFieldStart("parts");
      for (PreparedInput in : inputs) {
        g.writeStartObject();
        g.writeObjectFieldStart("inlineData");
        g.writeStringField("mimeType", in.mimeType());
        if (elide) {
          g.writeStringField("data", "<base64 of " + in.summary() + ">");
        } else {
          g.writeFieldName("data");
          g.writeBinary(in.bytes());
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      if (!request.prompt().isEmpty()) {
        g.writeStartObject();
        g.writeStringField("text", request.prompt());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();

      if (options.systemPrompt().isPresent() && !options.systemPrompt().get().isBlank()) {
        g.writeObjectFieldStart("systemInstruction");
        g.writeArrayFieldStart("parts");
        g.writeStartObject();
        g.writeStringField("text", options.systemPrompt().get());
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
      }
      if (options.googleSearch()) {
        g.writeArrayFieldStart("tools");
        g.writeStartObject();
        g.writeObjectFieldStart("googleSearch");
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
      }
      if (!options.safetySettings().isEmpty()) {
        g.writeArrayFieldStart("safetySettings");
        for (SafetySetting s : options.safetySettings()) {
          g.writeStartObject();
          g.writeStringField("category", s.category().wireName());
          g.writeStringField("threshold", s.threshold().name());
          g.writeEndObject();
        }
        g.writeEndArray();
      }

      g.writeObjectFieldStart("generationConfig");
      g.writeArrayFieldStart("responseModalities");
      if (!options.imageOnly()) {
        g.writeString("TEXT");
      }
      g.writeString("IMAGE");
      g.writeEndArray();
      boolean sendSize = request.model().imageSizeParameter() && request.imageSize().isPresent();
      if (request.aspectRatio().isPresent() || sendSize) {
        g.writeObjectFieldStart("imageConfig");
        if (request.aspectRatio().isPresent()) {
          g.writeStringField("aspectRatio", request.aspectRatio().get());
        }
        if (sendSize) {
          g.writeStringField("imageSize", request.imageSize().get());
        }
        g.writeEndObject();
      }
      if (options.thinkingLevel().isPresent() || options.includeThoughts()) {
        g.writeObjectFieldStart("thinkingConfig");
        if (options.includeThoughts()) {
          g.writeBooleanField("includeThoughts", true);
        }
        if (options.thinkingLevel().isPresent()) {
          g.writeStringField("thinkingLevel", options.thinkingLevel().get().name());
        }
        g.writeEndObject();
      }
      if (options.temperature().isPresent()) {
        g.writeNumberField("temperature", options.temperature().get());
      }
      if (request.seed().isPresent()) {
        g.writeNumberField("seed", request.seed().get().intValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
