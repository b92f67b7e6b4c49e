package dev.darkroom.testkit.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@code GenerateContentResponse} in parts, so it can be sent whole ({@link #toJson()}) or as
 * a server-sent-event stream ({@link #toSseEvents()}). A response without candidates (prompt
 * blocked) has {@code finishReason} empty and {@code promptFeedback} set.
 */
public final class ResponseShape {
  private final List<ObjectNode> parts;
  private final Optional<String> finishReason;
  private final Optional<ObjectNode> groundingMetadata;
  private final Optional<ObjectNode> promptFeedback;
  private final ObjectNode usage;
  private final String modelVersion;
  private final String responseId;

  ResponseShape(List<ObjectNode> parts, Optional<String> finishReason,
      Optional<ObjectNode> groundingMetadata, Optional<ObjectNode> promptFeedback,
      ObjectNode usage, String modelVersion, String responseId) {
    this.parts = List.copyOf(parts);
    this.finishReason = finishReason;
    this.groundingMetadata = groundingMetadata;
    this.promptFeedback = promptFeedback;
    this.usage = usage;
    this.modelVersion = modelVersion;
    this.responseId = responseId;
  }

  /** The whole response as Google sends it from {@code generateContent}. */
  public ObjectNode toJson() {
    return envelope(parts, true, usage);
  }

  /**
   * The response as {@code streamGenerateContent?alt=sse} events: one event per text or thought
   * part, the final image whole in the last event, which alone carries {@code finishReason},
   * grounding and the full {@code usageMetadata}. Earlier events report only prompt tokens.
   */
  public List<ObjectNode> toSseEvents() {
    if (parts.size() <= 1) {
      return List.of(toJson());
    }
    ObjectNode earlyUsage = Json.object();
    earlyUsage.set("promptTokenCount", usage.get("promptTokenCount"));
    earlyUsage.set("totalTokenCount", usage.get("promptTokenCount"));
    List<ObjectNode> events = new ArrayList<>();
    for (int i = 0; i < parts.size() - 1; i++) {
      events.add(envelope(List.of(parts.get(i)), false, earlyUsage));
    }
    events.add(envelope(List.of(parts.get(parts.size() - 1)), true, usage));
    return events;
  }

  /** Encodes events as {@code data: <json>\r\n\r\n} frames. */
  public static byte[] sseFrames(List<ObjectNode> events) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ObjectNode event : events) {
      out.writeBytes("data: ".getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(Json.bytes(event));
      out.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }

  private ObjectNode envelope(List<ObjectNode> someParts, boolean last, ObjectNode usageNode) {
    ObjectNode root = Json.object();
    if (finishReason.isPresent()) {
      ArrayNode candidates = root.putArray("candidates");
      ObjectNode candidate = candidates.addObject();
      ObjectNode content = candidate.putObject("content");
      if (!someParts.isEmpty()) {
        ArrayNode partArray = content.putArray("parts");
        someParts.forEach(partArray::add);
      }
      content.put("role", "model");
      if (last) {
        candidate.put("finishReason", finishReason.get());
        groundingMetadata.ifPresent(g -> candidate.set("groundingMetadata", g));
      }
      candidate.put("index", 0);
    }
    promptFeedback.ifPresent(feedback -> root.set("promptFeedback", feedback));
    root.set("usageMetadata", usageNode);
    root.put("modelVersion", modelVersion);
    root.put("responseId", responseId);
    return root;
  }
}
