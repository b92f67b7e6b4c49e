package dev.darkroom.studio.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One line of a diffusers {@code metadata.jsonl}: {@code {"file_name": "0001.png", "text": "caption"}}. */
final class MetadataLine {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private MetadataLine() {}

  /** The line, with its trailing newline. */
  static String of(String fileName, String caption) {
    ObjectNode line = MAPPER.createObjectNode();
    line.put("file_name", fileName);
    line.put("text", caption);
    try {
      return MAPPER.writeValueAsString(line) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a two-string JSON object always serializes", e);
    }
  }
}
