package dev.darkroom.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.testkit.MultipartForm;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Answers ComfyUI's HTTP routes, with and without the {@code /api} prefix ({@code /api/jobs} only
 * with it), plus the {@code /ws} upgrade. Order: record, origin check (403), proxy auth (401),
 * route. A GET to an unknown route is 404 and any other method 405, as ComfyUI's static catch-all
 * answers.
 */
public final class ComfyHandler implements HttpHandler {
  private static final String JSON = "application/json; charset=utf-8";
  private static final List<String> MODEL_FOLDERS = List.of("checkpoints", "configs", "loras", "vae",
      "text_encoders", "diffusion_models", "clip_vision", "style_models", "embeddings", "diffusers",
      "vae_approx", "controlnet", "gligen", "upscale_models", "latent_upscale_models", "custom_nodes",
      "hypernetworks", "photomaker", "classifiers", "model_patches", "audio_encoders");
  private static final List<String> JOB_STATUSES = List.of("pending", "in_progress", "completed",
      "failed", "cancelled");

  private final ComfyEngine engine;
  private final Consumer<HttpRequestData> recorder;

  public ComfyHandler(ComfyEngine engine, Consumer<HttpRequestData> recorder) {
    this.engine = engine;
    this.recorder = recorder;
  }

  /** A response; {@code afterSend} runs once it is written, or failed to be. */
  private record Reply(int status, String contentType, byte[] body, Map<String, String> headers,
      Runnable afterSend) {
    Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
      this(status, contentType, body, headers, () -> { });
    }

    static Reply json(int status, JsonNode body) {
      return new Reply(status, JSON, Json.bytes(body), Map.of());
    }

    static Reply text(int status, String body) {
      return new Reply(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }
  }

  @Override
  public void handle(HttpRequestData request, ResponseSink sink) throws IOException {
    recorder.accept(request);
    Optional<Reply> refused = originCheck(request).or(() -> authCheck(request));
    if (refused.isPresent()) {
      send(sink, refused.get());
      return;
    }
    String path = request.path();
    boolean prefixed = path.startsWith("/api/");
    String route = prefixed ? path.substring(4) : path;
    if ("/ws".equals(route) && "GET".equals(request.method())) {
      websocket(request, sink);
      return;
    }
    Reply reply;
    try {
      reply = route(request, route, prefixed);
    } catch (IOException | RuntimeException e) {
      reply = Reply.text(500, "500 Internal Server Error\n\nServer got itself in trouble");
    }
    try {
      send(sink, reply);
    } finally {
      reply.afterSend().run();
    }
  }

  private static void send(ResponseSink sink, Reply reply) throws IOException {
    sink.send(reply.status(), reply.contentType(), reply.body(), reply.headers());
  }

  private Optional<Reply> originCheck(HttpRequestData request) {
    Optional<String> origin = request.header("Origin");
    if (origin.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = URI.create(origin.get());
      String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      if (!authority.equalsIgnoreCase(request.header("Host").orElse(""))) {
        return Optional.of(Reply.text(403, "403: Forbidden"));
      }
    } catch (IllegalArgumentException e) {
      return Optional.of(Reply.text(403, "403: Forbidden"));
    }
    return Optional.empty();
  }

  private Optional<Reply> authCheck(HttpRequestData request) {
    Optional<String> expected = engine.settings().authorization;
    if (expected.isEmpty() || expected.get().equals(request.header("Authorization").orElse(""))) {
      return Optional.empty();
    }
    return Optional.of(new Reply(401, "text/plain; charset=utf-8",
        "401: Unauthorized".getBytes(StandardCharsets.UTF_8),
        Map.of("WWW-Authenticate", engine.settings().challenge)));
  }

  private void websocket(HttpRequestData request, ResponseSink sink) throws IOException {
    if (!WebSocketSession.isUpgrade(request)) {
      send(sink, Reply.text(400, "No WebSocket UPGRADE hdr: " + request.header("Upgrade").orElse("None")
          + "\n Can \"Upgrade\" only to \"WebSocket\"."));
      return;
    }
    Optional<WebSocketSession> accepted = WebSocketSession.accept(request, sink);
    if (accepted.isEmpty()) {
      return;
    }
    WebSocketSession socket = accepted.get();
    String sid = engine.connect(query(request).map("clientId"), socket);
    boolean[] first = {true};
    try {
      socket.readLoop(text -> {
        engine.onClientText(sid, text, first[0]);
        first[0] = false;
      });
    } finally {
      engine.disconnect(sid, socket);
    }
  }

  private Reply route(HttpRequestData request, String route, boolean prefixed) throws IOException {
    String method = request.method();
    ComfySettings settings = engine.settings();
    if ("GET".equals(method) || "HEAD".equals(method)) {
      switch (route) {
        case "/system_stats" -> { return Reply.json(200, systemStats()); }
        case "/features" -> { return Reply.json(200, engine.serverFeatures()); }
        case "/prompt" -> { return Reply.json(200, engine.queueInfo()); }
        case "/object_info" -> { return Reply.json(200, objectInfo(null)); }
        case "/models" -> { return Reply.json(200, strings(MODEL_FOLDERS)); }
        case "/embeddings" -> { return Reply.json(200, strings(settings.embeddings.stream()
            .map(n -> n.contains(".") ? n.substring(0, n.lastIndexOf('.')) : n).toList())); }
        case "/queue" -> { return Reply.json(200, queue()); }
        case "/history" -> { return Reply.json(200, engine.history(query(request).integer("max_items"))); }
        case "/view" -> { return view(request); }
        default -> { }
      }
      if (route.startsWith("/object_info/")) {
        return Reply.json(200, objectInfo(decode(route.substring("/object_info/".length()))));
      }
      if (route.startsWith("/models/")) {
        return models(decode(route.substring("/models/".length())));
      }
      if (route.startsWith("/history/")) {
        String id = decode(route.substring("/history/".length()));
        ObjectNode out = Json.object();
        engine.history(id).ifPresent(entry -> out.set(id, entry));
        return Reply.json(200, out);
      }
      if (prefixed && settings.atLeast("0.6.0")) {
        if ("/jobs".equals(route)) {
          return jobs(request);
        }
        if (route.startsWith("/jobs/") && route.indexOf('/', 6) < 0) {
          return job(decode(route.substring(6)));
        }
      }
      return Reply.text(404, "404: Not Found");
    }
    if ("POST".equals(method)) {
      switch (route) {
        case "/prompt" -> { return postPrompt(request); }
        case "/queue" -> { return postQueue(request); }
        case "/interrupt" -> { return interrupt(request); }
        case "/free" -> { return Reply.text(200, ""); }
        case "/history" -> { return postHistory(request); }
        case "/upload/image" -> { return upload(request); }
        default -> { }
      }
      if (prefixed && settings.atLeast("0.26.0") && route.startsWith("/jobs/")
          && route.endsWith("/cancel") && route.length() > "/jobs//cancel".length()) {
        String id = decode(route.substring(6, route.length() - "/cancel".length()));
        return Reply.json(200, Json.object().put("cancelled", engine.cancel(id)));
      }
    }
    return Reply.text(405, "405: Method Not Allowed");
  }

  // ---- discovery ----

  private ObjectNode systemStats() {
    ObjectNode stats = Json.object();
    ObjectNode system = stats.putObject("system");
    system.put("os", "linux");
    system.put("ram_total", 68_719_476_736L);
    system.put("ram_free", 51_539_607_552L);
    system.put("comfyui_version", engine.settings().version);
    system.put("required_frontend_version", "1.28.8");
    system.put("python_version", "3.12.10 (main, Apr  9 2025, 04:03:51) [GCC 12.2.0]");
    system.put("pytorch_version", "2.8.0+cu128");
    system.put("embedded_python", false);
    system.putArray("argv").add("main.py").add("--listen").add("127.0.0.1");
    ObjectNode device = stats.putArray("devices").addObject();
    device.put("name", "cuda:0 NVIDIA GeForce RTX 4090 : cudaMallocAsync");
    device.put("type", "cuda");
    device.put("index", 0);
    device.put("vram_total", 25_386_352_640L);
    device.put("vram_free", 23_837_917_184L);
    device.put("torch_vram_total", 0);
    device.put("torch_vram_free", 0);
    return stats;
  }

  private ObjectNode objectInfo(String only) {
    ObjectNode out = Json.object();
    engine.nodes().forEach((name, def) -> {
      if (only == null || only.equals(name)) {
        out.set(name, def.objectInfo());
      }
    });
    return out;
  }

  private Reply models(String folder) {
    ComfySettings settings = engine.settings();
    List<String> files = switch (folder) {
      case "checkpoints" -> settings.checkpoints;
      case "loras" -> settings.loras;
      case "vae" -> settings.vaes;
      case "embeddings" -> settings.embeddings;
      default -> MODEL_FOLDERS.contains(folder) ? List.of() : null;
    };
    return files == null ? new Reply(404, "application/octet-stream", new byte[0], Map.of())
        : Reply.json(200, strings(files));
  }

  // ---- prompts and queue ----

  private Reply postPrompt(HttpRequestData request) throws IOException {
    JsonNode body = Json.MAPPER.readTree(request.body());
    if (body == null || !body.isObject()) {
      throw new IOException("body is not a JSON object");
    }
    JsonNode number = body.has("number") ? Json.NODES.numberNode(body.get("number").asDouble())
        : engine.nextNumber(body.path("front").asBoolean(false));
    if (engine.refuseAsFull()) {
      ObjectNode refused = Json.object();
      refused.set("error", ComfyPromptValidator.error("queue_full", "Queue is full",
          "The server refuses new prompts until the queue drains; retry later"));
      refused.putObject("node_errors");
      return new Reply(503, JSON, Json.bytes(refused), Map.of("Retry-After", "1"));
    }
    if (!body.has("prompt")) {
      return badPrompt(ComfyPromptValidator.error("no_prompt", "No prompt provided", "No prompt provided"));
    }
    String promptId = UUID.randomUUID().toString();
    JsonNode requested = body.get("prompt_id");
    ComfySettings settings = engine.settings();
    if (requested != null && !requested.isNull() && settings.atLeast("0.3.45")) {
      if (settings.atLeast("0.25.0") && !isCanonicalUuid(requested)) {
        return badPrompt(ComfyPromptValidator.error("invalid_prompt_id", "prompt_id must be a valid UUID",
            "prompt_id must be a UUID string in canonical lowercase hyphenated form; omit it to let the "
                + "server generate one"));
      }
      promptId = requested.asText();
    }
    JsonNode graph = body.get("prompt");
    if (!graph.isObject()) {
      throw new IOException("prompt is not an object");
    }
    List<String> partial = null;
    if (body.has("partial_execution_targets") && body.get("partial_execution_targets").isArray()) {
      partial = new ArrayList<>();
      for (JsonNode target : body.get("partial_execution_targets")) {
        partial.add(target.asText());
      }
    }
    ObjectNode prompt = (ObjectNode) graph;
    ComfyPromptValidator.Result result = ComfyPromptValidator.validate(prompt, engine.nodes(), partial);
    if (!result.valid()) {
      ObjectNode error = Json.object();
      error.set("error", result.error());
      error.set("node_errors", result.nodeErrors());
      return Reply.json(400, error);
    }
    ObjectNode extraData = body.path("extra_data").isObject()
        ? ((ObjectNode) body.get("extra_data")).deepCopy() : Json.object();
    Optional<String> clientId = Optional.empty();
    if (body.has("client_id")) {
      extraData.set("client_id", body.get("client_id"));
      clientId = Optional.of(body.get("client_id").asText());
    }
    ObjectNode ok = Json.object();
    ok.put("prompt_id", promptId);
    ok.set("number", number);
    ok.set("node_errors", result.nodeErrors());
    byte[] answer = Json.bytes(ok);
    // Nothing may throw between enqueue and return: the job must be marked answered after the send.
    ComfyEngine.Job job = engine.enqueue(number, promptId, prompt, extraData, result.goodOutputs(), clientId);
    return new Reply(200, JSON, answer, Map.of(), () -> engine.answered(job));
  }

  private static boolean isCanonicalUuid(JsonNode value) {
    if (!value.isTextual()) {
      return false;
    }
    try {
      return UUID.fromString(value.asText()).toString().equals(value.asText())
          && value.asText().length() == 36;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Reply badPrompt(ObjectNode error) {
    ObjectNode body = Json.object();
    body.set("error", error);
    body.putObject("node_errors");
    return Reply.json(400, body);
  }

  private ObjectNode queue() {
    ObjectNode out = Json.object();
    ArrayNode running = out.putArray("queue_running");
    engine.runningJob().ifPresent(job -> running.add(job.item()));
    ArrayNode pending = out.putArray("queue_pending");
    engine.pendingJobs().forEach(job -> pending.add(job.item()));
    return out;
  }

  private Reply postQueue(HttpRequestData request) throws IOException {
    JsonNode body = Json.MAPPER.readTree(request.body());
    if (body.path("clear").asBoolean(false)) {
      engine.clearPending();
    }
    for (JsonNode id : body.path("delete")) {
      engine.deletePending(id.asText());
    }
    return Reply.text(200, "");
  }

  private Reply interrupt(HttpRequestData request) {
    JsonNode body;
    try {
      body = request.body().length == 0 ? Json.object() : Json.MAPPER.readTree(request.body());
    } catch (IOException e) {
      body = Json.object();
    }
    String promptId = body.path("prompt_id").asText("");
    if (!promptId.isEmpty() && engine.settings().atLeast("0.3.57")) {
      engine.interrupt(Optional.of(promptId));
    } else {
      engine.interrupt(Optional.empty());
    }
    return Reply.text(200, "");
  }

  private Reply postHistory(HttpRequestData request) throws IOException {
    JsonNode body = Json.MAPPER.readTree(request.body());
    if (body.path("clear").asBoolean(false)) {
      engine.clearHistory();
    }
    for (JsonNode id : body.path("delete")) {
      engine.deleteHistory(id.asText());
    }
    return Reply.text(200, "");
  }

  // ---- files ----

  private Reply view(HttpRequestData request) {
    Query query = query(request);
    Optional<String> filename = query.map("filename");
    if (filename.isEmpty()) {
      return new Reply(404, "application/octet-stream", new byte[0], Map.of());
    }
    String name = filename.get();
    if (name.isEmpty() || name.startsWith("/") || name.contains("..")) {
      return new Reply(400, "application/octet-stream", new byte[0], Map.of());
    }
    String type = query.map("type").orElse("output");
    if (!List.of("output", "input", "temp").contains(type)) {
      return new Reply(400, "application/octet-stream", new byte[0], Map.of());
    }
    String subfolder = query.map("subfolder").orElse("");
    if (subfolder.startsWith("/") || subfolder.contains("..")) {
      return new Reply(403, "application/octet-stream", new byte[0], Map.of());
    }
    String base = name.contains("/") ? name.substring(name.lastIndexOf('/') + 1) : name;
    Optional<byte[]> bytes = engine.files().get(type, subfolder, base);
    if (bytes.isEmpty()) {
      return new Reply(404, "application/octet-stream", new byte[0], Map.of());
    }
    String contentType = base.toLowerCase(Locale.ROOT).endsWith(".png") ? "image/png"
        : base.toLowerCase(Locale.ROOT).matches(".*\\.jpe?g") ? "image/jpeg" : "application/octet-stream";
    return new Reply(200, contentType, bytes.get(), Map.of(
        "Content-Disposition", "filename=\"" + base.replace("\\", "\\\\").replace("\"", "\\\"") + "\"",
        "X-Content-Type-Options", "nosniff"));
  }

  private Reply upload(HttpRequestData request) {
    MultipartForm form;
    try {
      form = MultipartForm.parse(request.header("Content-Type").orElse(""), request.body());
    } catch (IllegalArgumentException e) {
      return new Reply(400, "application/octet-stream", new byte[0], Map.of());
    }
    Optional<MultipartForm.Part> image = form.parts("image").stream().filter(MultipartForm.Part::isFile).findFirst();
    if (image.isEmpty()) {
      return new Reply(400, "application/octet-stream", new byte[0], Map.of());
    }
    String type = form.field("type").filter(t -> !t.isEmpty()).orElse("input");
    String subfolder = form.field("subfolder").orElse("");
    boolean overwrite = form.field("overwrite").map(v -> v.equals("true") || v.equals("1")).orElse(false);
    String name = image.get().filename().orElse("image.png");
    name = name.substring(name.lastIndexOf('/') + 1);
    if (name.isEmpty() || name.contains("..") || subfolder.contains("..") || subfolder.startsWith("/")) {
      return new Reply(400, "application/octet-stream", new byte[0], Map.of());
    }
    if (!overwrite) {
      String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
      String ext = name.contains(".") ? name.substring(name.lastIndexOf('.')) : "";
      for (int i = 1; engine.files().get(type, subfolder, name).isPresent(); i++) {
        name = stem + " (" + i + ")" + ext;
      }
    }
    if ("input".equals(type)) {
      engine.addInputImage(subfolder, name, image.get().body());
    } else {
      engine.files().put(type, subfolder, name, image.get().body());
    }
    ObjectNode out = Json.object().put("name", name).put("subfolder", subfolder).put("type", type);
    return Reply.json(200, out);
  }

  // ---- jobs ----

  private Reply job(String id) {
    for (Map.Entry<String, ObjectNode> entry : engine.historyEntries()) {
      if (entry.getKey().equals(id)) {
        return Reply.json(200, ComfyJobs.fromHistory(id, entry.getValue(), true));
      }
    }
    Optional<ComfyEngine.Job> running = engine.runningJob().filter(j -> j.promptId().equals(id));
    if (running.isPresent()) {
      return Reply.json(200, ComfyJobs.fromQueue(running.get(), "in_progress"));
    }
    for (ComfyEngine.Job job : engine.pendingJobs()) {
      if (job.promptId().equals(id)) {
        return Reply.json(200, ComfyJobs.fromQueue(job, "pending"));
      }
    }
    return Reply.json(404, Json.object().put("error", "Job not found"));
  }

  private Reply jobs(HttpRequestData request) {
    Query query = query(request);
    List<String> statuses = JOB_STATUSES;
    Optional<String> statusParam = query.map("status").filter(s -> !s.isBlank());
    if (statusParam.isPresent()) {
      statuses = new ArrayList<>();
      List<String> invalid = new ArrayList<>();
      for (String s : statusParam.get().split(",")) {
        String status = s.strip().toLowerCase(Locale.ROOT);
        if (!status.isEmpty()) {
          (JOB_STATUSES.contains(status) ? statuses : invalid).add(status);
        }
      }
      if (!invalid.isEmpty()) {
        return Reply.json(400, Json.object().put("error", "Invalid status value(s): "
            + String.join(", ", invalid) + ". Valid values: " + String.join(", ", JOB_STATUSES)));
      }
    }
    String order = query.map("sort_order").orElse("desc").toLowerCase(Locale.ROOT);
    if (!order.equals("asc") && !order.equals("desc")) {
      return Reply.json(400, Json.object().put("error", "sort_order must be 'asc' or 'desc'"));
    }
    Integer limit = null;
    if (query.map("limit").isPresent()) {
      try {
        limit = Integer.parseInt(query.map("limit").get());
      } catch (NumberFormatException e) {
        return Reply.json(400, Json.object().put("error", "limit must be an integer"));
      }
      if (limit <= 0) {
        return Reply.json(400, Json.object().put("error", "limit must be a positive integer"));
      }
    }
    int offset = Math.max(0, query.integer("offset").orElse(0));
    List<ObjectNode> jobs = new ArrayList<>();
    if (statuses.contains("in_progress")) {
      engine.runningJob().ifPresent(job -> jobs.add(ComfyJobs.fromQueue(job, "in_progress")));
    }
    if (statuses.contains("pending")) {
      engine.pendingJobs().forEach(job -> jobs.add(ComfyJobs.fromQueue(job, "pending")));
    }
    for (Map.Entry<String, ObjectNode> entry : engine.historyEntries()) {
      ObjectNode job = ComfyJobs.fromHistory(entry.getKey(), entry.getValue(), false);
      if (statuses.contains(job.path("status").asText())) {
        jobs.add(job);
      }
    }
    Comparator<ObjectNode> byCreated = Comparator.comparingLong(j -> j.path("create_time").asLong(0));
    jobs.sort(order.equals("desc") ? byCreated.reversed() : byCreated);
    int total = jobs.size();
    List<ObjectNode> page = jobs.subList(Math.min(offset, total),
        limit == null ? total : Math.min(total, offset + limit));
    ObjectNode out = Json.object();
    ArrayNode array = out.putArray("jobs");
    page.forEach(array::add);
    ObjectNode pagination = out.putObject("pagination");
    pagination.put("offset", offset);
    if (limit == null) {
      pagination.putNull("limit");
    } else {
      pagination.put("limit", limit);
    }
    pagination.put("total", total);
    pagination.put("has_more", offset + page.size() < total);
    return Reply.json(200, out);
  }

  // ---- helpers ----

  private static ArrayNode strings(List<String> values) {
    ArrayNode array = Json.NODES.arrayNode();
    values.forEach(array::add);
    return array;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private record Query(Map<String, String> values) {
    Optional<String> map(String key) {
      return Optional.ofNullable(values.get(key));
    }

    Optional<Integer> integer(String key) {
      try {
        return map(key).map(Integer::parseInt);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " is not an integer", e);
      }
    }
  }

  private static Query query(HttpRequestData request) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : request.query().split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      values.putIfAbsent(key, value);
    }
    return new Query(values);
  }
}
