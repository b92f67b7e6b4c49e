package dev.darkroom.testkit.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses a {@code GenerateContentRequest} body with Jackson's streaming parser. Base64 payloads
 * ({@code inlineData.data}, {@code thoughtSignature}) are decoded straight from the input buffer
 * without building Strings, so 100+ MB bodies cost no more than their bytes; only the first
 * {@value #HEADER_BYTES} decoded bytes of each image are kept, to read its pixel size.
 */
public final class GenerateRequestReader {
  private static final int HEADER_BYTES = 256 * 1024;

  private final List<InputImage> images = new ArrayList<>();
  private final List<String> path = new ArrayList<>();
  private final java.util.Map<String, String> signatures = new java.util.LinkedHashMap<>();

  private GenerateRequestReader() {}

  /**
   * @throws ApiError 400 INVALID_ARGUMENT for a body that is not JSON or carries bad base64
   */
  public static GenerateRequest read(byte[] body) {
    return new GenerateRequestReader().parse(body);
  }

  private GenerateRequest parse(byte[] body) {
    ObjectNode tree;
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw invalidJson("Expected a JSON object");
      }
      tree = readObject(parser, "");
      if (parser.nextToken() != null) {
        throw invalidJson("Unexpected content after the request object");
      }
    } catch (StreamReadException | IllegalArgumentException e) {
      String field = path.isEmpty() ? "" : path.get(path.size() - 1);
      if (field.equals("data") || field.equals("thoughtSignature")) {
        throw ApiError.invalidArgument(protoPath(),
            "Invalid value at '" + protoPath() + "' (TYPE_BYTES), Base64 decoding failed");
      }
      throw invalidJson(e instanceof StreamReadException
          ? ((StreamReadException) e).getOriginalMessage() : e.getMessage());
    } catch (IOException e) {
      throw invalidJson(e.getMessage());
    }
    addFileReferences(tree);
    return new GenerateRequest(tree, promptChars(tree), lastUserText(tree), List.copyOf(images),
        java.util.Map.copyOf(signatures));
  }

  private ObjectNode readObject(JsonParser p, String parentField) throws IOException {
    ObjectNode node = Json.object();
    String inlineMime = null;
    long inlineSize = -1;
    byte[] inlineHeader = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = camelCase(p.currentName());
      JsonToken value = p.nextToken();
      path.add(name);
      if ("inlineData".equals(parentField) && "data".equals(name)
          && value == JsonToken.VALUE_STRING) {
        HeaderCapture capture = new HeaderCapture(false);
        p.readBinaryValue(capture);
        inlineSize = capture.count;
        inlineHeader = capture.header();
        node.put(name, "<" + capture.count + " bytes>");
      } else if ("thoughtSignature".equals(name) && value == JsonToken.VALUE_STRING) {
        HeaderCapture capture = new HeaderCapture(true);
        p.readBinaryValue(capture);
        node.put(name, "<" + capture.count + " bytes>");
        signatures.put(String.join(".", path.subList(0, path.size() - 1)), capture.sha256());
      } else {
        node.set(name, readValue(p, name));
        if ("inlineData".equals(parentField) && "mimeType".equals(name)) {
          inlineMime = node.path(name).asText();
        }
      }
      path.remove(path.size() - 1);
    }
    if (inlineHeader != null) {
      images.add(new InputImage(inlineMime == null ? "" : inlineMime, inlineSize,
          ImageProbe.dimensions(inlineHeader)));
    }
    return node;
  }

  private JsonNode readValue(JsonParser p, String fieldName) throws IOException {
    switch (p.currentToken()) {
      case START_OBJECT:
        return readObject(p, fieldName);
      case START_ARRAY:
        ArrayNode array = Json.NODES.arrayNode();
        int index = 0;
        int last = path.size() - 1;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          path.set(last, fieldName + "[" + index++ + "]");
          array.add(readValue(p, fieldName));
        }
        path.set(last, fieldName);
        return array;
      case VALUE_STRING:
        return Json.NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        return Json.NODES.numberNode(p.getLongValue());
      case VALUE_NUMBER_FLOAT:
        return Json.NODES.numberNode(p.getDecimalValue());
      case VALUE_TRUE:
        return Json.NODES.booleanNode(true);
      case VALUE_FALSE:
        return Json.NODES.booleanNode(false);
      case VALUE_NULL:
        return Json.NODES.nullNode();
      default:
        throw invalidJson("Unexpected token " + p.currentToken());
    }
  }

  /** {@code fileData} parts count as input images of unknown size. */
  private void addFileReferences(ObjectNode tree) {
    for (JsonNode content : tree.path("contents")) {
      for (JsonNode part : content.path("parts")) {
        JsonNode file = part.path("fileData");
        if (file.isObject()) {
          images.add(new InputImage(file.path("mimeType").asText(""), 0, Optional.empty()));
        }
      }
    }
  }

  private static long promptChars(ObjectNode tree) {
    long chars = 0;
    for (JsonNode content : tree.path("contents")) {
      for (JsonNode part : content.path("parts")) {
        chars += part.path("text").asText("").length();
      }
    }
    for (JsonNode part : tree.path("systemInstruction").path("parts")) {
      chars += part.path("text").asText("").length();
    }
    return chars;
  }

  private static String lastUserText(ObjectNode tree) {
    JsonNode contents = tree.path("contents");
    for (int i = contents.size() - 1; i >= 0; i--) {
      JsonNode content = contents.get(i);
      if (!"model".equals(content.path("role").asText("user"))) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content.path("parts")) {
          text.append(part.path("text").asText("")).append('\n');
        }
        return text.toString();
      }
    }
    return "";
  }

  /** {@code inline_data} becomes {@code inlineData}; camelCase keys are left alone. */
  static String camelCase(String key) {
    if (key.indexOf('_') < 0) {
      return key;
    }
    StringBuilder out = new StringBuilder(key.length());
    boolean upper = false;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '_' && out.length() > 0) {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  private String protoPath() {
    StringBuilder out = new StringBuilder();
    for (String segment : path) {
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(snakeCase(segment));
    }
    return out.toString();
  }

  private static String snakeCase(String key) {
    StringBuilder out = new StringBuilder(key.length() + 4);
    for (char c : key.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static ApiError invalidJson(String detail) {
    return new ApiError(400, "INVALID_ARGUMENT",
        "Invalid JSON payload received. " + (detail == null ? "" : detail));
  }

  /** Counts decoded bytes, keeps the first {@value #HEADER_BYTES} of them and, when asked, digests them all. */
  private static final class HeaderCapture extends OutputStream {
    private final byte[] buffer = new byte[HEADER_BYTES];
    private final java.security.MessageDigest digest; // null when not digesting
    private long count;

    HeaderCapture(boolean digest) {
      this.digest = digest ? ThoughtSignatures.sha256() : null;
    }

    String sha256() {
      return digest == null ? "" : java.util.HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void write(int b) {
      if (digest != null) {
        digest.update((byte) b);
      }
      if (count < HEADER_BYTES) {
        buffer[(int) count] = (byte) b;
      }
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (digest != null) {
        digest.update(b, off, len);
      }
      if (count < HEADER_BYTES) {
        System.arraycopy(b, off, buffer, (int) count, (int) Math.min(len, HEADER_BYTES - count));
      }
      count += len;
    }

    byte[] header() {
      return java.util.Arrays.copyOf(buffer, (int) Math.min(count, HEADER_BYTES));
    }
  }
}
