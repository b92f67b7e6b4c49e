package dev.darkroom.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Job objects of ComfyUI's {@code /api/jobs} routes, built from queue items and history entries as
 * {@code comfy_execution/jobs.py} builds them (absent values are left out, not null).
 */
final class ComfyJobs {
  private ComfyJobs() {}

  static ObjectNode fromQueue(ComfyEngine.Job job, String status) {
    ObjectNode out = Json.object();
    out.put("id", job.promptId());
    out.put("status", status);
    out.set("priority", job.number().deepCopy());
    if (job.extraData().has("create_time")) {
      out.set("create_time", job.extraData().get("create_time"));
    }
    out.put("outputs_count", 0);
    out.put("previewable_outputs_count", 0);
    workflowId(job.extraData(), out);
    return out;
  }

  static ObjectNode fromHistory(String id, ObjectNode entry, boolean includeOutputs) {
    JsonNode item = entry.get("prompt");
    JsonNode extraData = item.get(3);
    JsonNode status = entry.path("status");
    Long start = null;
    Long end = null;
    JsonNode error = null;
    boolean interrupted = false;
    for (JsonNode message : status.path("messages")) {
      String event = message.path(0).asText();
      JsonNode data = message.path(1);
      switch (event) {
        case "execution_start" -> start = data.path("timestamp").asLong();
        case "execution_success", "execution_error", "execution_interrupted" -> {
          end = data.path("timestamp").asLong();
          if (event.equals("execution_error")) {
            error = data;
          }
          interrupted |= event.equals("execution_interrupted");
        }
        default -> { }
      }
    }
    String statusStr = status.path("status_str").asText("");
    String jobStatus = statusStr.equals("error") ? (interrupted ? "cancelled" : "failed") : "completed";
    ObjectNode out = Json.object();
    out.put("id", id);
    out.put("status", jobStatus);
    out.set("priority", item.get(0));
    if (extraData.has("create_time")) {
      out.set("create_time", extraData.get("create_time"));
    }
    if (start != null) {
      out.put("execution_start_time", start);
    }
    if (end != null) {
      out.put("execution_end_time", end);
    }
    if (error != null) {
      out.set("execution_error", error);
    }
    int count = 0;
    ObjectNode preview = null;
    Iterator<Map.Entry<String, JsonNode>> outputs = entry.path("outputs").properties().iterator();
    while (outputs.hasNext()) {
      Map.Entry<String, JsonNode> node = outputs.next();
      for (JsonNode image : node.getValue().path("images")) {
        count++;
        if (preview == null && "output".equals(image.path("type").asText())) {
          preview = ((ObjectNode) image).deepCopy();
          preview.put("nodeId", node.getKey());
          preview.put("mediaType", "images");
        }
      }
    }
    out.put("outputs_count", count);
    out.put("previewable_outputs_count", count);
    if (preview != null) {
      out.set("preview_output", preview);
    }
    workflowId(extraData, out);
    if (includeOutputs) {
      out.set("outputs", entry.path("outputs"));
      out.set("execution_status", status);
      ObjectNode workflow = out.putObject("workflow");
      workflow.set("prompt", item.get(2));
      workflow.set("extra_data", extraData);
    }
    return out;
  }

  private static void workflowId(JsonNode extraData, ObjectNode out) {
    JsonNode id = extraData.path("extra_pnginfo").path("workflow").path("id");
    if (!id.isMissingNode() && !id.isNull()) {
      out.set("workflow_id", id);
    }
  }
}
