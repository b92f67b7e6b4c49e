package dev.darkroom.comfyui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.InvalidRequestException;
import java.util.Iterator;
import java.util.Map;

/**
 * Facts about ComfyUI's API-format graph: a JSON object from node id (a string) to
 * {@code {"inputs": {...}, "class_type": "...", "_meta": {"title": "..."}}}, where an input is either a
 * literal or a link {@code ["sourceNodeId", outputIndex]}. This is what the UI writes with File → Export (API)
 * and what {@code POST /prompt} takes; the UI's own save format ({@code nodes}/{@code links} arrays) is not.
 */
public final class ApiGraphs {
  private ApiGraphs() {}

  /** A link to output {@code outputIndex} of node {@code nodeId}, in ComfyUI's {@code ["id", index]} form. */
  public static ArrayNode link(String nodeId, int outputIndex) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode(2);
    a.add(nodeId);
    a.add(outputIndex);
    return a;
  }

  /** Whether an input value is a link: a two-element array of a node id and an integer output index. */
  public static boolean isLink(JsonNode value) {
    return value.isArray() && value.size() == 2 && (value.get(0).isTextual() || value.get(0).isIntegralNumber())
        && value.get(1).isIntegralNumber();
  }

  /** The node's {@code _meta.title}, or empty when it has none. */
  public static String title(JsonNode node) {
    JsonNode t = node.path("_meta").path("title");
    return t.isTextual() ? t.asText() : "";
  }

  /**
   * Checks that {@code graph} is an API-format graph and returns it as an object.
   *
   * @param source what to call the graph in messages, e.g. the file name
   * @throws InvalidRequestException for a UI-format workflow (with how to export the API format), an empty
   *     graph, or a node without {@code class_type} or {@code inputs}
   */
  public static ObjectNode requireApiFormat(JsonNode graph, String source) {
    if (!graph.isObject()) {
      throw new InvalidRequestException("workflow " + source + " is not a JSON object; expected ComfyUI's API"
          + " format (File → Export (API) in ComfyUI)");
    }
    if (graph.has("nodes") && graph.has("links")) {
      throw new InvalidRequestException("workflow " + source + " is in ComfyUI's UI format (it has \"nodes\" and"
          + " \"links\"), which the server cannot run; in ComfyUI use File → Export (API) (older builds: enable dev"
          + " mode options, then Save (API Format)) and pass that file instead");
    }
    if (graph.isEmpty()) {
      throw new InvalidRequestException("workflow " + source + " has no nodes");
    }
    Iterator<Map.Entry<String, JsonNode>> it = graph.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode node = e.getValue();
      if (!node.isObject() || !node.path("class_type").isTextual() || !node.path("inputs").isObject()) {
        throw new InvalidRequestException("workflow " + source + " is not in ComfyUI's API format: node \"" + e.getKey()
            + "\" needs a string \"class_type\" and an object \"inputs\"; in ComfyUI use File → Export (API)");
      }
    }
    return (ObjectNode) graph;
  }
}
