package dev.darkroom.gemini;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.darkroom.GroundingSource;
import dev.darkroom.Usage;
import dev.darkroom.spi.Conversation;
import dev.darkroom.spi.RawImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Streams a {@code GenerateContentResponse} (or a sequence of them, for SSE) into a
 * {@link ResponseAccumulator}. Base64 image data is decoded straight from the parser's buffer into
 * bytes and thought signatures are skipped without being materialised, so a 4K image with
 * multi-megabyte signatures never exists as a String. Unknown fields are skipped.
 *
 * <p>When the caller continues a conversation ({@code keepTurn}), the model turn is kept as well:
 * every non-thought part in order, its {@code thoughtSignature} decoded to bytes exactly as sent.
 */
final class GeminiResponseReader {
  /** An {@code {"error": ...}} object inside a stream. */
  static final class StreamError extends IOException {
    private static final long serialVersionUID = 1L;
    final int code;
    final String status;

    StreamError(int code, String status, String message) {
      super(message);
      this.code = code;
      this.status = status;
    }
  }

  private final JsonFactory json;

  GeminiResponseReader(JsonFactory json) {
    this.json = json;
  }

  /** Reads every root object in {@code in} (one for generateContent, many for SSE). */
  ResponseAccumulator read(InputStream in, Consumer<String> thoughtSink) throws IOException {
    return read(in, thoughtSink, false);
  }

  /** Like {@link #read(InputStream, Consumer)}; keeps the model turn with its signatures when asked. */
  ResponseAccumulator read(InputStream in, Consumer<String> thoughtSink, boolean keepTurn) throws IOException {
    ResponseAccumulator acc = new ResponseAccumulator(thoughtSink);
    acc.keepTurn = keepTurn;
    try (JsonParser p = json.createParser(in)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t != JsonToken.START_OBJECT) {
          throw new IOException("expected a JSON object, found " + t);
        }
        acc.events++;
        readResponse(p, acc);
      }
    }
    if (acc.events == 0) {
      throw new IOException("empty response body");
    }
    return acc;
  }

  /**
   * Reads one {@code GenerateContentResponse} embedded in a larger document (a batch result), the
   * parser standing on its {@code START_OBJECT}; afterwards it stands on the matching {@code END_OBJECT}.
   */
  ResponseAccumulator readEmbedded(JsonParser p) throws IOException {
    expect(p, JsonToken.START_OBJECT, "response");
    ResponseAccumulator acc = new ResponseAccumulator(text -> {});
    acc.events = 1;
    readResponse(p, acc);
    return acc;
  }

  private void readResponse(JsonParser p, ResponseAccumulator acc) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "candidates" -> readCandidates(p, acc);
        case "promptFeedback" -> readPromptFeedback(p, acc);
        case "usageMetadata" -> acc.usage = readUsage(p);
        case "responseId" -> acc.responseId = p.getValueAsString();
        case "modelVersion" -> acc.modelVersion = p.getValueAsString();
        case "error" -> throw readError(p);
        default -> p.skipChildren();
      }
    }
  }

  private void readCandidates(JsonParser p, ResponseAccumulator acc) throws IOException {
    expect(p, JsonToken.START_ARRAY, "candidates");
    int index = 0;
    while (p.nextToken() == JsonToken.START_OBJECT) {
      acc.candidates = Math.max(acc.candidates, index + 1);
      boolean first = index++ == 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (!first) {
          p.skipChildren();
          continue;
        }
        switch (field) {
          case "content" -> readContent(p, acc);
          case "finishReason" -> acc.finishReason = p.getValueAsString();
          case "finishMessage" -> acc.finishMessage = p.getValueAsString();
          case "safetyRatings" -> readSafetyRatings(p, acc);
          case "groundingMetadata" -> readGrounding(p, acc);
          default -> p.skipChildren();
        }
      }
    }
  }

  private void readContent(JsonParser p, ResponseAccumulator acc) throws IOException {
    expect(p, JsonToken.START_OBJECT, "content");
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (field.equals("parts")) {
        expect(p, JsonToken.START_ARRAY, "parts");
        while (p.nextToken() == JsonToken.START_OBJECT) {
          readPart(p, acc);
        }
      } else {
        p.skipChildren();
      }
    }
  }

  private void readPart(JsonParser p, ResponseAccumulator acc) throws IOException {
    String text = null;
    boolean thought = false;
    byte[] data = null;
    String mimeType = null;
    byte[] signature = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "text" -> text = p.getText();
        case "thoughtSignature", "thought_signature" -> {
          if (acc.keepTurn) {
            signature = decodeBase64(p);
          }
        }
        case "thought" -> thought = p.getValueAsBoolean();
        case "inlineData", "inline_data" -> {
          expect(p, JsonToken.START_OBJECT, field);
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
              case "data" -> data = decodeBase64(p);
              case "mimeType", "mime_type" -> mimeType = p.getValueAsString();
              default -> p.skipChildren();
            }
          }
        }
        // thoughtSignature and anything unknown: moving to the next token skips the value
        // without materialising it.
        default -> p.skipChildren();
      }
    }
    if (data != null) {
      acc.images.add(new RawImage(data, mimeType == null ? "application/octet-stream" : mimeType, thought));
    }
    if (acc.keepTurn && !thought) {
      if (data != null) {
        acc.modelTurn.add(Conversation.Part.image(Conversation.ImageRef.ofBytes(data,
            mimeType == null ? "application/octet-stream" : mimeType), signature));
      } else if (text != null || signature != null) {
        acc.modelTurn.add(Conversation.Part.text(text == null ? "" : text, signature));
      }
    }
    if (text != null) {
      acc.addText(text, thought);
    }
  }

  private static byte[] decodeBase64(JsonParser p) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    p.readBinaryValue(out);
    return out.toByteArray();
  }

  private void readPromptFeedback(JsonParser p, ResponseAccumulator acc) throws IOException {
    expect(p, JsonToken.START_OBJECT, "promptFeedback");
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "blockReason" -> acc.blockReason = p.getValueAsString();
        case "blockReasonMessage" -> acc.blockReasonMessage = p.getValueAsString();
        case "safetyRatings" -> readSafetyRatings(p, acc);
        default -> p.skipChildren();
      }
    }
  }

  private void readSafetyRatings(JsonParser p, ResponseAccumulator acc) throws IOException {
    expect(p, JsonToken.START_ARRAY, "safetyRatings");
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String category = null;
      boolean blocked = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "category" -> category = p.getValueAsString();
          case "blocked" -> blocked = p.getValueAsBoolean();
          default -> p.skipChildren();
        }
      }
      if (blocked && category != null) {
        acc.blockedCategories.add(category);
      }
    }
  }

  private void readGrounding(JsonParser p, ResponseAccumulator acc) throws IOException {
    expect(p, JsonToken.START_OBJECT, "groundingMetadata");
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "webSearchQueries", "imageSearchQueries" -> {
          expect(p, JsonToken.START_ARRAY, field);
          while (p.nextToken() != JsonToken.END_ARRAY) {
            acc.addQuery(p.getValueAsString());
          }
        }
        case "groundingChunks" -> {
          expect(p, JsonToken.START_ARRAY, field);
          while (p.nextToken() == JsonToken.START_OBJECT) {
            readGroundingChunk(p, acc);
          }
        }
        default -> p.skipChildren();
      }
    }
  }

  private void readGroundingChunk(JsonParser p, ResponseAccumulator acc) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      p.nextToken();
      if (p.currentToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      String uri = null;
      String title = "";
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "uri" -> uri = p.getValueAsString();
          case "title" -> title = p.getValueAsString("");
          default -> p.skipChildren();
        }
      }
      if (uri != null) {
        acc.sources.putIfAbsent(uri, new GroundingSource(uri, title));
      }
    }
  }

  private static Usage readUsage(JsonParser p) throws IOException {
    expect(p, JsonToken.START_OBJECT, "usageMetadata");
    long prompt = 0;
    long candidates = 0;
    long image = 0;
    long thoughts = 0;
    long cached = 0;
    long total = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "promptTokenCount" -> prompt = p.getValueAsLong();
        case "candidatesTokenCount" -> candidates = p.getValueAsLong();
        case "thoughtsTokenCount" -> thoughts = p.getValueAsLong();
        case "cachedContentTokenCount" -> cached = p.getValueAsLong();
        case "totalTokenCount" -> total = p.getValueAsLong();
        case "candidatesTokensDetails" -> image = readModalityCount(p, "IMAGE");
        default -> p.skipChildren();
      }
    }
    return new Usage(prompt, candidates, image, thoughts, cached, total == 0 ? prompt + candidates + thoughts : total);
  }

  private static long readModalityCount(JsonParser p, String wanted) throws IOException {
    expect(p, JsonToken.START_ARRAY, "tokensDetails");
    long count = 0;
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String modality = null;
      long tokens = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "modality" -> modality = p.getValueAsString();
          case "tokenCount" -> tokens = p.getValueAsLong();
          default -> p.skipChildren();
        }
      }
      if (wanted.equals(modality)) {
        count += tokens;
      }
    }
    return count;
  }

  private static StreamError readError(JsonParser p) throws IOException {
    int code = 0;
    String status = "";
    String message = "";
    if (p.currentToken() == JsonToken.START_OBJECT) {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "code" -> code = p.getValueAsInt();
          case "status" -> status = p.getValueAsString("");
          case "message" -> message = p.getValueAsString("");
          default -> p.skipChildren();
        }
      }
    }
    return new StreamError(code, status, message);
  }

  private static void expect(JsonParser p, JsonToken token, String field) throws IOException {
    if (p.currentToken() != token) {
      throw new IOException("field '" + field + "' should start with " + token + " but has " + p.currentToken());
    }
  }
}
