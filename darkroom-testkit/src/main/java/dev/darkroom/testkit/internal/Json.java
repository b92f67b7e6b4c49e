package dev.darkroom.testkit.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** Shared Jackson objects. String limits are lifted: request bodies may carry 100 MB images. */
public final class Json {
  /** Thread-safe mapper without Jackson's default 20M-character string limit. */
  public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxStringLength(Integer.MAX_VALUE)
          .maxDocumentLength(-1L)
          .build())
      .build());
  public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /** Serialises a tree to UTF-8 bytes. */
  public static byte[] bytes(Object tree) {
    try {
      return MAPPER.writeValueAsBytes(tree);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
