package dev.darkroom.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Dimension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Executes one job the way ComfyUI's {@code PromptExecutor} reports it: {@code execution_start},
 * {@code execution_cached} (nodes whose inputs match the previous run), then per node
 * {@code executing}, sampler {@code progress} with optional preview frames, {@code executed} for
 * output nodes, and {@code execution_success}, {@code execution_error} or
 * {@code execution_interrupted}; then writes history. Images are real PNGs of the size the graph
 * implies, carrying the graph in a {@code prompt} text chunk.
 */
final class ComfyRun {
  private static final String OOM_TIPS = "This error means you ran out of memory on your GPU.\n\n"
      + "TIPS: If the workflow worked before you might have accidentally set the batch_size to a large number.";

  private record Dim(int width, int height, int batch) {}

  private final ComfyEngine engine;
  private final ComfyEngine.Job job;
  private final long epoch;
  private final ComfyFaultPlan fault;
  private final ObjectNode prompt;
  private final ArrayNode messages = Json.NODES.arrayNode();
  private final Map<String, String> signatures = new HashMap<>();
  private final Map<String, Dim> shapes = new HashMap<>();
  private final Map<String, ObjectNode> nodeStates = new LinkedHashMap<>();
  private final List<String> cachedNodes = new ArrayList<>();

  ComfyRun(ComfyEngine engine, ComfyEngine.Job job, long epoch, ComfyFaultPlan fault) {
    this.engine = engine;
    this.job = job;
    this.epoch = epoch;
    this.fault = fault;
    this.prompt = job.prompt();
  }

  void execute() {
    String promptId = job.promptId();
    addMessage("execution_start", Json.object().put("prompt_id", promptId));
    Iterator<String> ids = prompt.fieldNames();
    while (ids.hasNext()) {
      String id = ids.next();
      if (engine.isCached(signature(id, new LinkedHashSet<>()))) {
        cachedNodes.add(id);
      }
    }
    ObjectNode cachedData = Json.object();
    ArrayNode cachedArray = cachedData.putArray("nodes");
    cachedNodes.forEach(cachedArray::add);
    cachedData.put("prompt_id", promptId);
    addMessage("execution_cached", cachedData);

    List<String> order = executionOrder();
    String failing = failingNode(order);
    Set<String> executed = new LinkedHashSet<>();
    ObjectNode outputs = Json.object();
    ObjectNode meta = Json.object();
    Map<String, ObjectNode> newCache = new LinkedHashMap<>();
    boolean success = true;
    for (String id : order) {
      if (!engine.isCurrent(epoch)) {
        return;
      }
      String classType = classType(id);
      boolean outputNode = engine.nodes().get(classType).outputNode();
      String signature = signature(id, new LinkedHashSet<>());
      Optional<ObjectNode> cached = engine.cached(signature);
      if (cached.isPresent()) {
        if (outputNode) {
          sendExecuted(id, cached.get());
          progressState(id, "finished", null, null);
          outputs.set(id, cached.get().deepCopy());
          meta.set(id, meta(id));
        }
        newCache.put(signature, cached.get());
        continue;
      }
      engine.setExecuting(job.clientId().orElse(null), id);
      progressState(id, "running", 0.0, 1.0);
      ObjectNode executing = Json.object().put("node", id).put("display_node", id).put("prompt_id", promptId);
      engine.send(job.clientId(), "executing", executing);
      if (engine.interruptRequested()) {
        interrupted(id, executed);
        success = false;
        break;
      }
      if (id.equals(failing)) {
        failed(id, executed, newCache);
        success = false;
        break;
      }
      int steps = samplerSteps(id);
      boolean stopped = false;
      for (int step = 1; step <= steps; step++) {
        if (!engine.pause(stepLatency().toMillis(), epoch)) {
          if (!engine.isCurrent(epoch)) {
            return;
          }
          stopped = true;
          break;
        }
        if (fault != null && fault.kind() == ComfyFaultPlan.Kind.GO_AWAY && step == fault.step()) {
          // With little or no step latency the worker gets here before the handler thread has
          // written the POST /prompt response; dying now would drop an accepted request unanswered.
          if (engine.awaitAnswered(job, epoch)) {
            engine.goAway();
          }
          return;
        }
        progressState(id, "running", step, steps);
        ObjectNode progress = Json.object().put("value", step).put("max", steps)
            .put("prompt_id", promptId).put("node", id);
        engine.send(job.clientId(), "progress", progress);
        sendPreview(id);
      }
      if (stopped) {
        interrupted(id, executed);
        success = false;
        break;
      }
      ObjectNode ui = Json.object();
      if (outputNode) {
        ui = saveImages(id);
        sendExecuted(id, ui);
        outputs.set(id, ui.deepCopy());
        meta.set(id, meta(id));
      }
      progressState(id, "finished", null, null);
      executed.add(id);
      newCache.put(signature, ui);
    }
    if (!engine.isCurrent(epoch)) {
      return;
    }
    if (success) {
      addMessage("execution_success", Json.object().put("prompt_id", promptId));
    }
    engine.replaceCache(newCache);
    ObjectNode entry = Json.object();
    entry.set("prompt", job.item());
    entry.set("outputs", outputs);
    ObjectNode status = entry.putObject("status");
    status.put("status_str", success ? "success" : "error");
    status.put("completed", success);
    status.set("messages", messages);
    entry.set("meta", meta);
    engine.recordHistory(job, entry, epoch);
  }

  private java.time.Duration stepLatency() {
    if (fault != null && fault.kind() == ComfyFaultPlan.Kind.SLOW_STEPS) {
      return fault.stepLatency();
    }
    return engine.settings().stepLatency;
  }

  private void addMessage(String event, ObjectNode data) {
    data.put("timestamp", System.currentTimeMillis());
    ArrayNode message = messages.addArray();
    message.add(event);
    message.add(data.deepCopy());
    engine.send(job.clientId(), event, data);
  }

  /**
   * Updates one node's progress and sends {@code progress_state} with every node that has started,
   * as newer ComfyUI builds do around each node and sampler step.
   */
  private void progressState(String id, String state, Number value, Number max) {
    ObjectNode entry = nodeStates.computeIfAbsent(id, k -> Json.object());
    entry.put("state", state);
    if ("finished".equals(state)) {
      if (!entry.has("max")) {
        entry.put("max", 1.0);
      }
      entry.set("value", entry.get("max"));
    } else if (value instanceof Integer) {
      entry.put("value", value.intValue()).put("max", max.intValue());
    } else {
      entry.put("value", value.doubleValue()).put("max", max.doubleValue());
    }
    ObjectNode nodes = Json.object();
    nodeStates.forEach((nodeId, s) -> {
      ObjectNode shown = nodes.putObject(nodeId);
      shown.set("value", s.get("value"));
      shown.set("max", s.get("max"));
      shown.set("state", s.get("state"));
      shown.put("node_id", nodeId);
      shown.put("prompt_id", job.promptId());
      shown.put("display_node_id", nodeId);
      shown.putNull("parent_node_id");
      shown.put("real_node_id", nodeId);
    });
    ObjectNode data = Json.object().put("prompt_id", job.promptId());
    data.set("nodes", nodes);
    engine.send(job.clientId(), "progress_state", data);
  }

  private void sendExecuted(String id, ObjectNode ui) {
    ObjectNode executed = Json.object().put("node", id).put("display_node", id);
    executed.set("output", ui.deepCopy());
    executed.put("prompt_id", job.promptId());
    engine.send(job.clientId(), "executed", executed);
  }

  private ObjectNode meta(String id) {
    ObjectNode meta = Json.object().put("node_id", id).put("display_node", id);
    meta.putNull("parent_node");
    meta.put("real_node_id", id);
    return meta;
  }

  private void interrupted(String id, Set<String> executed) {
    ObjectNode data = Json.object().put("prompt_id", job.promptId()).put("node_id", id)
        .put("node_type", classType(id));
    ArrayNode done = data.putArray("executed");
    executed.forEach(done::add);
    addMessage("execution_interrupted", data);
  }

  private void failed(String id, Set<String> executed, Map<String, ObjectNode> newCache) {
    boolean oom = fault.exceptionType().contains("OutOfMemory");
    ObjectNode data = Json.object().put("prompt_id", job.promptId()).put("node_id", id)
        .put("node_type", classType(id));
    ArrayNode done = data.putArray("executed");
    executed.forEach(done::add);
    data.put("exception_message", fault.message() + "\n" + (oom ? OOM_TIPS : ""));
    data.put("exception_type", fault.exceptionType());
    ArrayNode traceback = data.putArray("traceback");
    traceback.add("  File \"/ComfyUI/execution.py\", line 496, in execute\n"
        + "    output_data, output_ui, has_subgraph, has_pending_tasks = await get_output_data(...)\n");
    traceback.add("  File \"/ComfyUI/nodes.py\", line 1544, in common_ksampler\n"
        + "    samples = comfy.sample.sample(model, noise, steps, cfg, sampler_name, scheduler, ...)\n");
    ObjectNode inputs = data.putObject("current_inputs");
    prompt.get(id).get("inputs").properties().forEach(input -> {
      ArrayNode values = inputs.putArray(input.getKey());
      if (input.getValue().isArray()) {
        values.add("<" + linkedType(input.getValue()) + " object>");
      } else {
        values.add(input.getValue().deepCopy());
      }
    });
    ArrayNode current = data.putArray("current_outputs");
    cachedNodes.forEach(current::add);
    addMessage("execution_error", data);
  }

  private String linkedType(JsonNode link) {
    ComfyNodeDef def = engine.nodes().get(classType(link.get(0).asText()));
    int slot = link.get(1).asInt();
    return def != null && slot >= 0 && slot < def.outputs().size() ? def.outputs().get(slot) : "object";
  }

  private String failingNode(List<String> order) {
    if (fault == null || fault.kind() != ComfyFaultPlan.Kind.EXECUTION_ERROR) {
      return null;
    }
    for (String id : order) {
      String type = classType(id);
      boolean matches = fault.classType().isEmpty()
          ? type.equals("KSampler") || type.equals("KSamplerAdvanced")
          : type.equals(fault.classType());
      if (matches) {
        return id;
      }
    }
    return order.isEmpty() ? null : order.get(order.size() - 1);
  }

  /** Nodes needed by the outputs, dependencies first, each once. */
  private List<String> executionOrder() {
    List<String> order = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String output : job.outputs()) {
      visit(output, seen, order);
    }
    return order;
  }

  private void visit(String id, Set<String> seen, List<String> order) {
    if (!seen.add(id)) {
      return;
    }
    for (JsonNode value : prompt.get(id).get("inputs")) {
      if (value.isArray() && value.size() == 2 && prompt.has(value.get(0).asText())) {
        visit(value.get(0).asText(), seen, order);
      }
    }
    order.add(id);
  }

  private String classType(String id) {
    return prompt.get(id).get("class_type").asText();
  }

  /** A key that changes whenever the node or anything upstream of it changes. */
  private String signature(String id, Set<String> visiting) {
    String known = signatures.get(id);
    if (known != null) {
      return known;
    }
    if (!visiting.add(id) || !prompt.get(id).path("inputs").isObject()) {
      return "?" + id;
    }
    ObjectNode copy = Json.object();
    copy.put("class_type", classType(id));
    ObjectNode inputs = copy.putObject("inputs");
    prompt.get(id).get("inputs").properties().forEach(input -> {
      JsonNode value = input.getValue();
      if (value.isArray() && value.size() == 2 && prompt.has(value.get(0).asText())) {
        ArrayNode link = inputs.putArray(input.getKey());
        link.add(signature(value.get(0).asText(), visiting));
        link.add(value.get(1));
      } else {
        inputs.set(input.getKey(), value);
      }
    });
    if ("PreviewImage".equals(classType(id))) {
      copy.put("run", job.promptId()); // previews are written afresh every run
    }
    String signature = PyText.dumps(copy);
    signatures.put(id, signature);
    return signature;
  }

  /** Progress steps a sampler reports; 0 for other nodes. */
  private int samplerSteps(String id) {
    JsonNode inputs = prompt.get(id).get("inputs");
    int steps = inputs.path("steps").asInt(0);
    switch (classType(id)) {
      case "KSampler" -> {
        return inputs.path("denoise").asDouble(1.0) <= 0 ? 0 : steps;
      }
      case "KSamplerAdvanced" -> {
        int start = inputs.path("start_at_step").asInt(0);
        int end = Math.min(inputs.path("end_at_step").asInt(10000), steps);
        return Math.max(0, end - start);
      }
      default -> {
        return 0;
      }
    }
  }

  private void sendPreview(String id) {
    String method = job.extraData().path("preview_method").asText("");
    if (method.isEmpty() || method.equals("default")) {
      method = engine.settings().previewMethod;
    }
    if ("none".equals(method)) {
      return;
    }
    Dim latent = shape(prompt.get(id).get("inputs").get("latent_image"));
    int scale = "taesd".equals(method) ? 8 : 1;
    int w = Math.max(8, Math.min(512, latent.width() * scale));
    int h = Math.max(8, Math.min(512, latent.height() * scale));
    byte[] jpeg = ImageRenderer.render(w, h, "image/jpeg", Optional.empty());
    ObjectNode metadata = Json.object().put("node_id", id).put("prompt_id", job.promptId())
        .put("display_node_id", id);
    metadata.putNull("parent_node_id");
    metadata.put("real_node_id", id);
    engine.sendPreview(job.clientId(), jpeg, metadata);
  }

  private ObjectNode saveImages(String id) {
    boolean preview = "PreviewImage".equals(classType(id));
    JsonNode inputs = prompt.get(id).get("inputs");
    Dim image = shape(inputs.get("images"));
    String type = preview ? "temp" : "output";
    String prefix = preview ? "ComfyUI_temp_" + randomLetters() : inputs.path("filename_prefix").asText("ComfyUI");
    String subfolder = "";
    int slash = prefix.lastIndexOf('/');
    if (slash >= 0) {
      subfolder = prefix.substring(0, slash);
      prefix = prefix.substring(slash + 1);
    }
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("prompt", PyText.dumps(prompt));
    JsonNode extra = job.extraData().path("extra_pnginfo");
    extra.properties().forEach(e -> texts.put(e.getKey(), PyText.dumps(e.getValue())));
    byte[] png = PngText.withText(ImageRenderer.render(image.width(), image.height(), "image/png",
        Optional.empty()), texts);
    int counter = engine.files().nextCounter(type, subfolder, prefix);
    ObjectNode ui = Json.object();
    ArrayNode images = ui.putArray("images");
    for (int i = 0; i < image.batch(); i++) {
      String name = String.format("%s_%05d_.png", prefix, counter + i);
      engine.files().put(type, subfolder, name, png);
      images.addObject().put("filename", name).put("subfolder", subfolder).put("type", type);
    }
    return ui;
  }

  private static String randomLetters() {
    String letters = "abcdefghijklmnopqrstupvxyz";
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      out.append(letters.charAt(ThreadLocalRandom.current().nextInt(letters.length())));
    }
    return out.toString();
  }

  /**
   * Size carried by a link: pixels for IMAGE, latent cells (pixels / 8) for LATENT.
   */
  private Dim shape(JsonNode link) {
    if (link == null || !link.isArray() || link.size() != 2 || !prompt.has(link.get(0).asText())) {
      return new Dim(128, 128, 1);
    }
    String id = link.get(0).asText();
    Dim known = shapes.get(id);
    if (known != null) {
      return known;
    }
    shapes.put(id, new Dim(128, 128, 1)); // cycle guard
    JsonNode in = prompt.get(id).get("inputs");
    Dim dim = switch (classType(id)) {
      case "EmptyLatentImage" -> new Dim(in.path("width").asInt(512) / 8, in.path("height").asInt(512) / 8,
          in.path("batch_size").asInt(1));
      case "LatentUpscale" -> resize(shape(in.get("samples")), in.path("width").asInt(0) / 8,
          in.path("height").asInt(0) / 8);
      case "KSampler", "KSamplerAdvanced" -> shape(in.get("latent_image"));
      case "VAEEncode" -> {
        Dim pixels = shape(in.get("pixels"));
        yield new Dim(pixels.width() / 8, pixels.height() / 8, pixels.batch());
      }
      case "VAEDecode" -> {
        Dim latent = shape(in.get("samples"));
        yield new Dim(latent.width() * 8, latent.height() * 8, latent.batch());
      }
      case "ImageScale" -> resize(shape(in.get("image")), in.path("width").asInt(0), in.path("height").asInt(0));
      case "LoadImage" -> loadedImage(in.path("image").asText());
      case "SaveImage", "PreviewImage" -> shape(in.get("images"));
      default -> new Dim(128, 128, 1);
    };
    Dim sane = new Dim(Math.max(1, dim.width()), Math.max(1, dim.height()), Math.max(1, dim.batch()));
    shapes.put(id, sane);
    return sane;
  }

  private static Dim resize(Dim from, int width, int height) {
    if (width == 0 && height == 0) {
      return from;
    }
    if (width == 0) {
      width = Math.max(1, Math.round((float) from.width() * height / from.height()));
    } else if (height == 0) {
      height = Math.max(1, Math.round((float) from.height() * width / from.width()));
    }
    return new Dim(width, height, from.batch());
  }

  private Dim loadedImage(String name) {
    String subfolder = "";
    String file = name;
    int slash = name.lastIndexOf('/');
    if (slash >= 0) {
      subfolder = name.substring(0, slash);
      file = name.substring(slash + 1);
    }
    return engine.files().get("input", subfolder, file)
        .flatMap(ImageProbe::dimensions)
        .map((Dimension d) -> new Dim(d.width, d.height, 1))
        .orElse(new Dim(1024, 1024, 1));
  }
}
