package dev.darkroom.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What the fake needs from a {@code GenerateContentRequest}. Keys in {@link #tree()} are
 * normalised to lowerCamelCase; image bytes and thought signatures are not kept.
 *
 * @param tree             the request with snake_case keys rewritten to camelCase
 * @param promptChars      characters of text in contents and systemInstruction
 * @param lastUserText     text of the last user turn, used for grid detection
 * @param images           input images in request order (inline and file references)
 */
public record GenerateRequest(
    ObjectNode tree, long promptChars, String lastUserText, List<InputImage> images) {

  /** {@code generationConfig}, or a missing node. */
  public JsonNode generationConfig() {
    return tree.path("generationConfig");
  }
}
