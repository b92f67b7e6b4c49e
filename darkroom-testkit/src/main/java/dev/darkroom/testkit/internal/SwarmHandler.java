package dev.darkroom.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Routes of a fake SwarmUI: {@code POST /API/<route>} with a JSON body, the
 * {@code GenerateText2ImageWS} websocket, and {@code GET /View/...} for saved outputs.
 */
public final class SwarmHandler implements HttpHandler {
  private static final String INVALID_SESSION = "Invalid session ID. You may need to refresh the page.";

  private final SwarmEngine engine;
  private final Consumer<HttpRequestData> recorder;
  private volatile boolean webSockets = true;
  private volatile boolean backendList = true;
  private final Set<WebSocketSession> sockets = ConcurrentHashMap.newKeySet();
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-swarmui-gen");
    t.setDaemon(true);
    return t;
  });

  public SwarmHandler(SwarmEngine engine, Consumer<HttpRequestData> recorder) {
    this.engine = engine;
    this.recorder = recorder;
  }

  /** Whether websocket upgrades are accepted (false: as behind a proxy that does not forward them). */
  /** Whether sessions may call {@code ListBackends} (SwarmUI's {@code view_backends_list} permission). */
  public void backendList(boolean allowed) {
    this.backendList = allowed;
  }

  public void webSockets(boolean accept) {
    this.webSockets = accept;
  }

  /** Resets every open websocket (the server dies). */
  public void abortSockets() {
    sockets.forEach(WebSocketSession::abort);
    sockets.clear();
  }

  public int socketCount() {
    return sockets.size();
  }

  @Override
  public void handle(HttpRequestData request, ResponseSink sink) throws IOException {
    recorder.accept(request);
    String path = request.path();
    if (path.startsWith("/View/") && request.method().equals("GET")) {
      view(request, sink);
      return;
    }
    if (path.equals("/API/GenerateText2ImageWS") && WebSocketSession.isUpgrade(request) && webSockets) {
      Optional<WebSocketSession> ws = WebSocketSession.accept(request, sink);
      if (ws.isPresent()) {
        serveSocket(ws.get());
      }
      return;
    }
    if (!path.startsWith("/API/")) {
      sink.send(404, "text/html", "<h1>404 Not Found</h1>".getBytes(StandardCharsets.UTF_8), Map.of());
      return;
    }
    if (!request.method().equals("POST")) {
      sink.send(405, "application/json", Json.bytes(SwarmEngine.error("Method not allowed: use POST")), Map.of());
      return;
    }
    JsonNode body;
    try {
      body = request.body().length == 0 ? Json.object() : Json.MAPPER.readTree(request.body());
    } catch (IOException e) {
      json(sink, 200, SwarmEngine.error("Request body is not valid JSON."));
      return;
    }
    String route = path.substring("/API/".length());
    if (route.equals("GetNewSession")) {
      if (!authorised(request)) {
        json(sink, 200, SwarmEngine.error("Invalid or unauthorized."));
        return;
      }
      ObjectNode o = Json.object();
      o.put("session_id", engine.newSession());
      o.put("user_id", "local");
      o.put("output_append_user", true);
      o.put("version", engine.version);
      o.put("server_id", "6f1c1e4e-5b5d-4c1a-9d6e-darkroomfake");
      ArrayNode permissions = o.putArray("permissions").add("basic_image_generation").add("fundamental_model_access");
      if (backendList) {
        permissions.add("view_backends_list");
      }
      json(sink, 200, o);
      return;
    }
    String session = body.path("session_id").asText("");
    if (!engine.hasSession(session)) {
      ObjectNode o = SwarmEngine.error(INVALID_SESSION);
      o.put("error_id", "invalid_session_id");
      json(sink, 401, o);
      return;
    }
    switch (route) {
      case "ListT2IParams" -> json(sink, 200, listT2IParams());
      case "ListModels" -> json(sink, 200, listModels(body));
      case "GetCurrentStatus" -> json(sink, 200, engine.status(0, 0));
      case "ListBackends" -> {
        if (backendList) {
          json(sink, 200, listBackends());
        } else {
          ObjectNode o = SwarmEngine.error("You lack permissions for this route.");
          o.put("error_id", "bad_permissions");
          json(sink, 400, o);
        }
      }
      case "InterruptAll" -> {
        engine.interrupt(body, session, body.path("other_sessions").asBoolean(false));
        ObjectNode ok = Json.object();
        ok.put("success", true);
        json(sink, 200, ok);
      }
      case "GenerateText2Image" -> {
        List<ObjectNode> outputs = new ArrayList<>();
        engine.generate(session, body, false, outputs::add);
        ObjectNode answer = Json.object();
        ArrayNode images = answer.putArray("images");
        for (ObjectNode o : outputs) {
          if (o.has("error")) {
            json(sink, 200, o);
            return;
          }
          if (o.has("image")) {
            images.add(o.get("image").asText());
          }
        }
        json(sink, 200, answer);
      }
      default -> json(sink, 200, SwarmEngine.error("Unknown API route '" + route + "'"));
    }
  }

  private void serveSocket(WebSocketSession ws) {
    sockets.add(ws);
    try {
      boolean[] started = {false};
      ws.readLoop(text -> {
        if (started[0]) {
          return;
        }
        started[0] = true;
        JsonNode input;
        try {
          input = Json.MAPPER.readTree(text);
        } catch (IOException e) {
          ws.sendText(SwarmEngine.error("Invalid JSON input.").toString());
          ws.close(1000, "");
          return;
        }
        String session = input.path("session_id").asText("");
        if (!engine.hasSession(session)) {
          ObjectNode o = SwarmEngine.error(INVALID_SESSION);
          o.put("error_id", "invalid_session_id");
          ws.sendText(o.toString());
          ws.close(1000, "");
          return;
        }
        workers.execute(() -> {
          engine.generate(session, input, true, frame -> ws.sendText(frame.toString()));
          ObjectNode close = Json.object();
          close.put("socket_intention", "close");
          ws.sendText(close.toString());
          ws.close(1000, "");
        });
      });
    } finally {
      sockets.remove(ws);
    }
  }

  private boolean authorised(HttpRequestData request) {
    if (engine.token.isEmpty()) {
      return true;
    }
    for (String part : request.header("Cookie").orElse("").split(";")) {
      String p = part.trim();
      if (p.equals("swarm_token=" + engine.token.get())) {
        return true;
      }
    }
    return false;
  }

  private void view(HttpRequestData request, ResponseSink sink) throws IOException {
    if (!authorised(request)) {
      sink.send(401, "text/plain", "Unauthorized".getBytes(StandardCharsets.UTF_8), Map.of());
      return;
    }
    String path = URLDecoder.decode(request.path().substring(1).replace("+", "%2B"), StandardCharsets.UTF_8);
    Optional<byte[]> file = engine.file(path);
    if (file.isEmpty()) {
      sink.send(404, "text/html", "<h1>404 Not Found</h1>".getBytes(StandardCharsets.UTF_8), Map.of());
      return;
    }
    sink.send(200, "image/png", file.get(), Map.of());
    engine.markServed(path);
  }

  private ObjectNode listT2IParams() {
    ObjectNode o = Json.object();
    o.set("list", SwarmParams.listing(engine.models()));
    o.putArray("groups");
    ObjectNode models = o.putObject("models");
    engine.models().byType().forEach((type, names) -> {
      ArrayNode arr = models.putArray(type);
      names.stream().sorted().forEach(n -> arr.addArray().add(n)
          .add(type.equals("Stable-Diffusion") ? (n.contains("refiner") ? "stable-diffusion-xl-v1-refiner"
              : "stable-diffusion-xl-v1-base") : null));
    });
    o.putArray("wildcards");
    o.putNull("param_edits");
    return o;
  }

  /** {@code ListModels}: files and folders under {@code path}, down to {@code depth} folder levels. */
  private ObjectNode listModels(JsonNode body) {
    String subtype = body.path("subtype").asText("Stable-Diffusion");
    String path = body.path("path").asText("");
    String prefix = path.isEmpty() || path.endsWith("/") ? path : path + "/";
    int depth = body.path("depth").asInt(1);
    Set<String> folders = new TreeSet<>();
    ObjectNode o = Json.object();
    ArrayNode files = Json.NODES.arrayNode();
    for (String name : engine.models().of(subtype)) {
      if (!name.startsWith(prefix)) {
        continue;
      }
      String rest = name.substring(prefix.length());
      String[] parts = rest.split("/");
      for (int i = 1; i < parts.length && i <= depth; i++) {
        folders.add(prefix + String.join("/", java.util.Arrays.copyOfRange(parts, 0, i)));
      }
      if (parts.length - 1 < depth) {
        ObjectNode f = files.addObject();
        f.put("name", name);
        f.put("title", SwarmParams.stripExtension(parts[parts.length - 1]));
        f.put("architecture", subtype.equals("Stable-Diffusion") ? "stable-diffusion-xl-v1-base" : null);
        f.put("local", true);
      }
    }
    ArrayNode fo = o.putArray("folders");
    folders.forEach(fo::add);
    o.set("files", files);
    return o;
  }

  /** {@code ListBackends}: the simulated backends, keyed by id, as SwarmUI describes a ComfyUI self-start backend. */
  private ObjectNode listBackends() {
    ObjectNode o = Json.object();
    for (int i = 0; i < engine.backendCount(); i++) {
      ObjectNode b = o.putObject(Integer.toString(i));
      b.put("type", "comfyui_selfstart");
      b.put("status", "running");
      b.put("id", i);
      b.putObject("settings").put("GPU_ID", Integer.toString(i));
      b.put("modcount", 0);
      b.putArray("features").add("comfyui").add("refiners").add("controlnet");
      b.put("enabled", true);
      b.put("title", "Fake GPU " + i);
      b.put("can_load_models", true);
      b.put("max_usages", 1);
      b.put("seconds_since_used", 0);
      b.put("time_since_used", "Never");
    }
    return o;
  }

  private static void json(ResponseSink sink, int status, JsonNode body) throws IOException {
    sink.send(status, "application/json; charset=utf-8", Json.bytes(body), Map.of());
  }
}
