package dev.darkroom.comfyui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * One finished prompt from {@code GET /history/{id}}: its status, the images each output node saved, and the
 * status messages ({@code execution_start}, {@code execution_cached}, then {@code execution_success},
 * {@code execution_error} or {@code execution_interrupted}, each with a millisecond {@code timestamp}).
 *
 * @param status {@code status.status_str}: {@code success} or {@code error}
 * @param completed {@code status.completed}
 * @param images image files by output node id, in history order
 * @param raw the whole entry as the engine sent it
 */
public record HistoryEntry(String promptId, String status, boolean completed, Map<String, List<ImageRef>> images,
    JsonNode raw) {

  /**
   * Reads the body of {@code /history/{id}}; empty when the engine answers {@code {}} (not finished yet, or an
   * unknown id: ComfyUI does not tell them apart).
   */
  public static Optional<HistoryEntry> parse(String promptId, JsonNode body) {
    JsonNode e = body.get(promptId);
    if (e == null || !e.isObject()) {
      return Optional.empty();
    }
    Map<String, List<ImageRef>> images = new LinkedHashMap<>();
    e.path("outputs").properties().forEach(out -> {
      List<ImageRef> refs = new ArrayList<>();
      out.getValue().path("images").forEach(i -> refs.add(ImageRef.from(i)));
      if (!refs.isEmpty()) {
        images.put(out.getKey(), List.copyOf(refs));
      }
    });
    JsonNode status = e.path("status");
    return Optional.of(new HistoryEntry(promptId, status.path("status_str").asText(""),
        status.path("completed").asBoolean(false), Collections.unmodifiableMap(images), e));
  }

  /** Every image, output nodes in order; {@code temp} previews included (filter on {@link ImageRef#type()}). */
  public List<ImageRef> allImages() {
    List<ImageRef> all = new ArrayList<>();
    images.values().forEach(all::addAll);
    return all;
  }

  /** The data of the last status message of this type, e.g. {@code execution_error}. */
  public Optional<JsonNode> message(String type) {
    JsonNode found = null;
    for (JsonNode m : raw.path("status").path("messages")) {
      if (m.isArray() && m.size() == 2 && type.equals(m.get(0).asText())) {
        found = m.get(1);
      }
    }
    return Optional.ofNullable(found);
  }

  /** Whether the run was interrupted (in history an interrupt looks like an error except for this message). */
  public boolean interrupted() {
    return message("execution_interrupted").isPresent();
  }

  /** The {@code execution_error} data when the run failed with an exception. */
  public Optional<JsonNode> executionError() {
    return message("execution_error");
  }

  /**
   * Milliseconds from {@code execution_start} to the final message, the engine's own timing of the run (the
   * "GPU time"); empty when the engine's messages carry no timestamps.
   */
  public OptionalLong executionMillis() {
    Long start = timestamp("execution_start");
    Long end = null;
    for (String t : List.of("execution_success", "execution_error", "execution_interrupted")) {
      Long v = timestamp(t);
      if (v != null) {
        end = v;
      }
    }
    return start != null && end != null && end >= start ? OptionalLong.of(end - start) : OptionalLong.empty();
  }

  private @Nullable Long timestamp(String type) {
    return message(type).filter(d -> d.path("timestamp").isNumber()).map(d -> d.get("timestamp").asLong()).orElse(null);
  }
}
