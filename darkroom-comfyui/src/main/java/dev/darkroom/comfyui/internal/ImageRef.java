package dev.darkroom.comfyui.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A file on the engine, as {@code executed} events and {@code /history} outputs name it; fetch it with
 * {@code GET /view?filename=&subfolder=&type=}.
 *
 * @param type {@code output}, {@code temp} or {@code input}
 */
public record ImageRef(String filename, String subfolder, String type) {
  static ImageRef from(JsonNode n) {
    return new ImageRef(n.path("filename").asText(), n.path("subfolder").asText(""), n.path("type").asText("output"));
  }
}
