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
 * @param signatures       SHA-256 (hex) of each decoded {@code thoughtSignature}, keyed by the
 *                         part's path, e.g. {@code contents[1].parts[0]}
 */
public record GenerateRequest(
    ObjectNode tree, long promptChars, String lastUserText, List<InputImage> images,
    java.util.Map<String, String> signatures) {

  /** A request without signatures. */
  public GenerateRequest(ObjectNode tree, long promptChars, String lastUserText, List<InputImage> images) {
    this(tree, promptChars, lastUserText, images, java.util.Map.of());
  }

  /** {@code generationConfig}, or a missing node. */
  public JsonNode generationConfig() {
    return tree.path("generationConfig");
  }
}
