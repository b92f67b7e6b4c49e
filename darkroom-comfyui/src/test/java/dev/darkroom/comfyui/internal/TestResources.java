package dev.darkroom.comfyui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

final class TestResources {
  static final ObjectMapper JSON = new ObjectMapper();

  private TestResources() {}

  static JsonNode json(String name) {
    try (InputStream in = TestResources.class.getResourceAsStream("/comfyui/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(String name) {
    try (InputStream in = TestResources.class.getResourceAsStream("/comfyui/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The trimmed object_info (definitions written from ComfyUI's nodes.py) plus /embeddings. */
  static ObjectInfo objectInfo() {
    List<String> embeddings = new ArrayList<>();
    json("embeddings.json").forEach(n -> embeddings.add(n.asText()));
    return ObjectInfo.parse(json("object_info.json")).withEmbeddings(embeddings);
  }
}
