package dev.darkroom.comfyui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.DarkroomException;
import dev.darkroom.MalformedResponseException;
import dev.darkroom.spi.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * ComfyUI's HTTP and websocket API for one engine: discovery, upload, queue, events, history, files, cancel.
 * Thread-safe; one instance per engine. Requests carry no {@code Origin} header (so ComfyUI's origin check
 * passes) and, when configured, an {@code Authorization} header that never appears in a message or
 * {@link #toString()}.
 *
 * <p>Routes used are the unprefixed ones every version serves ({@code /prompt}, {@code /history/{id}},
 * {@code /view}, {@code /upload/image}, {@code /object_info}, {@code /queue}, {@code /interrupt}, {@code /ws}),
 * plus {@code /api/jobs/{id}/cancel}, which exists only under {@code /api}. Features newer than the oldest server
 * are gated on {@link #version()}.
 *
 * <p>Failures are Darkroom exceptions: {@link dev.darkroom.InvalidRequestException} for a rejected graph,
 * {@link dev.darkroom.AuthenticationException} for 401/403, {@link dev.darkroom.ServerException} for 5xx and
 * unexpected statuses, {@link dev.darkroom.TransportException} when the engine cannot be reached,
 * {@link dev.darkroom.RequestTimeoutException} when it does not answer in time,
 * {@link MalformedResponseException} for an answer that is not the expected JSON. Nothing is retried here.
 */
public final class ComfyClient implements AutoCloseable {
  /** The default engine address. */
  public static final URI DEFAULT_BASE_URL = URI.create("http://127.0.0.1:8188");

  private final URI baseUrl;
  private final @Nullable ComfyAuth auth;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final ObjectMapper json;
  private final ComfyErrors errors;
  private volatile @Nullable ComfyVersion version;

  private ComfyClient(Builder b) {
    String s = b.baseUrl.toString();
    this.baseUrl = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    this.auth = b.auth;
    this.http = b.http != null ? b.http
        : HttpClient.newBuilder().connectTimeout(b.connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    this.requestTimeout = b.requestTimeout;
    this.json = b.json;
    this.version = b.version;
    Redactor redactor = new Redactor(auth == null ? List.of() : auth.secrets());
    this.errors = new ComfyErrors(redactor, this.baseUrl.toString());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The engine's base URL, without a trailing slash. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The mapper of ComfyUI answers into exceptions, for events a caller reads itself. */
  public ComfyErrors errors() {
    return errors;
  }

  /** {@code GET /system_stats}: system ({@code comfyui_version}, RAM, Python) and devices (VRAM). */
  public JsonNode systemStats() {
    return getJson("/system_stats");
  }

  /**
   * The engine's version from {@code /system_stats}, fetched once and remembered; {@link ComfyVersion#UNKNOWN}
   * when the server does not report one (or has no {@code /system_stats}).
   */
  public ComfyVersion version() {
    ComfyVersion v = version;
    if (v == null) {
      JsonNode stats;
      try {
        stats = systemStats();
      } catch (dev.darkroom.ServerException e) {
        if (e.httpStatus() == 404) {
          version = ComfyVersion.UNKNOWN;
          return ComfyVersion.UNKNOWN;
        }
        throw e;
      }
      JsonNode text = stats.path("system").path("comfyui_version");
      v = text.isTextual() ? ComfyVersion.parse(text.asText()) : ComfyVersion.UNKNOWN;
      version = v;
    }
    return v;
  }

  /**
   * Everything the engine offers: {@code GET /object_info}, {@code /embeddings}, and the file lists of
   * {@code /models/checkpoints}, {@code /models/loras} and {@code /models/vae} (a folder the server lacks is
   * skipped).
   */
  public ObjectInfo objectInfo() {
    ObjectInfo info;
    try {
      info = ObjectInfo.parse(getJson("/object_info"));
    } catch (IllegalArgumentException e) {
      throw new MalformedResponseException("ComfyUI at " + baseUrl + " answered GET /object_info with something"
          + " that is not node definitions: " + e.getMessage());
    }
    info = info.withEmbeddings(strings("/embeddings", getJson("/embeddings")));
    for (String folder : List.of("checkpoints", "loras", "vae")) {
      HttpResponse<byte[]> r = send(request("/models/" + folder).GET().build(), "GET /models/" + folder);
      if (r.statusCode() == 200) {
        info = info.withModels(folder, strings("/models/" + folder, parse("GET /models/" + folder, r.body())));
      } else if (r.statusCode() != 404) {
        throw failure("GET /models/" + folder, r);
      }
    }
    return info;
  }

  /**
   * {@code POST /upload/image} (multipart: {@code image}, {@code type=input}, {@code overwrite}). ComfyUI keeps
   * an identical file under its existing name and renames a different one on a clash unless {@code overwrite}.
   *
   * @return the stored name; use {@link UploadedImage#loadImageValue()} in a LoadImage node
   */
  public UploadedImage uploadImage(byte[] image, String filename, String contentType, boolean overwrite) {
    String boundary = "darkroom-" + HexFormat.of().formatHex(randomBytes(12));
    ByteArrayOutputStream body = new ByteArrayOutputStream(image.length + 512);
    writeField(body, boundary, "type", "input");
    writeField(body, boundary, "overwrite", overwrite ? "true" : "false");
    write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\""
        + filename.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A") + "\"\r\nContent-Type: "
        + contentType + "\r\n\r\n");
    body.writeBytes(image);
    write(body, "\r\n--" + boundary + "--\r\n");
    HttpRequest req = request("/upload/image")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    JsonNode r = expectJson("POST /upload/image", send(req, "POST /upload/image"));
    if (!r.path("name").isTextual()) {
      throw new MalformedResponseException("ComfyUI at " + baseUrl + " answered POST /upload/image without a name: "
          + r);
    }
    return new UploadedImage(r.get("name").asText(), r.path("subfolder").asText(""), r.path("type").asText("input"));
  }

  /**
   * {@code POST /prompt}. The client-chosen {@code promptId} is sent only when the server accepts one
   * ({@link ComfyVersion#CLIENT_PROMPT_ID}); otherwise the server's id is returned.
   *
   * @param clientId the websocket client id that should receive this prompt's events
   * @param promptId a canonical lowercase hyphenated UUID chosen by the caller (recorded before sending so the
   *     job can be found after a crash), or null to let the server choose
   * @throws dev.darkroom.InvalidRequestException when ComfyUI rejects the graph (400 with its {@code error} and
   *     {@code node_errors}), or accepts it with a non-empty {@code node_errors} (some outputs invalid): then the
   *     queued remainder is cancelled first, so nothing of a half-valid graph runs
   */
  public QueuedPrompt queuePrompt(ObjectNode graph, String clientId, @Nullable String promptId) {
    if (promptId != null && !isCanonicalUuid(promptId)) {
      throw new IllegalArgumentException("promptId must be a canonical lowercase hyphenated UUID, got " + promptId);
    }
    ObjectNode body = json.createObjectNode();
    body.set("prompt", graph);
    body.put("client_id", clientId);
    if (promptId != null && version().atLeast(ComfyVersion.CLIENT_PROMPT_ID)) {
      body.put("prompt_id", promptId);
    }
    HttpResponse<byte[]> r = send(request("/prompt").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body))).build(), "POST /prompt");
    if (r.statusCode() == 400) {
      JsonNode err = tryParse(r.body());
      if (err != null && err.has("error")) {
        throw errors.promptRejected(400, err, null);
      }
    }
    JsonNode ok = expectJson("POST /prompt", r);
    if (!ok.path("prompt_id").isTextual()) {
      throw new MalformedResponseException("ComfyUI at " + baseUrl + " answered POST /prompt without a prompt_id: "
          + ok);
    }
    String id = ok.get("prompt_id").asText();
    JsonNode nodeErrors = ok.path("node_errors");
    if (nodeErrors.isObject() && !nodeErrors.isEmpty()) {
      try {
        cancel(id);
      } catch (DarkroomException e) {
        DarkroomException rejected = errors.promptRejected(200, ok, id);
        rejected.addSuppressed(e);
        throw rejected;
      }
      throw errors.promptRejected(200, ok, id);
    }
    return new QueuedPrompt(id, ok.path("number").asDouble(0));
  }

  /** {@code GET /queue}: {@code queue_running} and {@code queue_pending}, items {@code [number, prompt_id, ...]}. */
  public JsonNode queue() {
    return getJson("/queue");
  }

  /** {@code GET /history/{id}}; empty until the prompt finishes (and for an unknown id). */
  public Optional<HistoryEntry> history(String promptId) {
    return HistoryEntry.parse(promptId, getJson("/history/" + enc(promptId)));
  }

  /** {@code GET /view?filename=&subfolder=&type=}: the file's bytes as the engine stored them. */
  public byte[] view(ImageRef image) {
    String q = "/view?filename=" + enc(image.filename()) + "&subfolder=" + enc(image.subfolder()) + "&type="
        + enc(image.type());
    HttpResponse<byte[]> r = send(request(q).GET().build(), "GET /view " + image.filename());
    if (r.statusCode() != 200) {
      throw failure("GET /view " + image.filename(), r);
    }
    return r.body();
  }

  /**
   * Cancels one prompt, running or pending, and only that one. From {@link ComfyVersion#JOB_CANCEL}:
   * {@code POST /api/jobs/{id}/cancel} (atomic). Before: reads {@code /queue}, deletes the prompt if pending
   * ({@code POST /queue {"delete": [id]}}) and interrupts it if running ({@code POST /interrupt
   * {"prompt_id": id}}, or a plain interrupt on servers older than {@link ComfyVersion#TARGETED_INTERRUPT}, sent
   * only when our prompt is the running one).
   *
   * @return whether the prompt was pending or running (false: already finished, or unknown)
   */
  public boolean cancel(String promptId) {
    if (version().atLeast(ComfyVersion.JOB_CANCEL)) {
      HttpResponse<byte[]> r = post("/api/jobs/" + enc(promptId) + "/cancel", "{}", "POST /api/jobs/{id}/cancel");
      if (r.statusCode() == 200) {
        JsonNode body = parse("POST /api/jobs/{id}/cancel", r.body());
        return body.path("cancelled").asBoolean(false);
      }
      if (r.statusCode() != 404 && r.statusCode() != 405) {
        throw failure("POST /api/jobs/{id}/cancel", r);
      }
    }
    JsonNode q = queue();
    boolean pending = contains(q.path("queue_pending"), promptId);
    boolean running = contains(q.path("queue_running"), promptId);
    if (pending) {
      ObjectNode del = json.createObjectNode();
      del.putArray("delete").add(promptId);
      expectOk("POST /queue", post("/queue", del.toString(), "POST /queue"));
    }
    if (running) {
      String body = "{}";
      if (version().atLeast(ComfyVersion.TARGETED_INTERRUPT)) {
        ObjectNode o = json.createObjectNode();
        o.put("prompt_id", promptId);
        body = o.toString();
      }
      expectOk("POST /interrupt", post("/interrupt", body, "POST /interrupt"));
    }
    return pending || running;
  }

  /**
   * Opens {@code /ws?clientId=...} and delivers its messages to {@code listener} until {@link EventStream#close()}.
   * Waits for the handshake up to the request timeout.
   *
   * @throws dev.darkroom.AuthenticationException when the handshake is refused with 401/403
   * @throws dev.darkroom.TransportException when the engine cannot be reached
   */
  public EventStream events(String clientId, ComfyEventListener listener) {
    String scheme = baseUrl.getScheme().equalsIgnoreCase("https") ? "wss" : "ws";
    URI uri = URI.create(scheme + baseUrl.toString().substring(baseUrl.getScheme().length()) + "/ws?clientId="
        + enc(clientId));
    WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(requestTimeout);
    if (auth != null) {
      b.header("Authorization", auth.headerValue());
    }
    WsAdapter adapter = new WsAdapter(listener, json, errors);
    CompletableFuture<WebSocket> f = b.buildAsync(uri, adapter);
    try {
      WebSocket ws = f.get(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
      return new EventStream(ws);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      throw errors.interruptedWait("websocket handshake", e);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw errors.io("the websocket handshake", new java.net.http.HttpTimeoutException("handshake timed out"));
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof WebSocketHandshakeException h) {
        int status = h.getResponse().statusCode();
        throw errors.http("GET /ws", status, null, null);
      }
      if (c instanceof IOException io) {
        throw errors.io("the websocket", io);
      }
      throw errors.io("the websocket", new IOException(c));
    }
  }

  /** Nothing to release: the JDK client closes idle connections itself. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "ComfyClient[" + baseUrl + (auth == null ? "" : ", " + auth) + "]";
  }

  /** Whether {@code s} is a UUID in the canonical form ComfyUI 0.25.0+ requires. */
  public static boolean isCanonicalUuid(String s) {
    try {
      return UUID.fromString(s).toString().equals(s);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** An open {@code /ws} connection. */
  public static final class EventStream implements AutoCloseable {
    private final WebSocket ws;

    EventStream(WebSocket ws) {
      this.ws = ws;
    }

    /** Sends a normal close and releases the connection; events stop. Safe to call twice. */
    @Override
    public void close() {
      if (!ws.isOutputClosed()) {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(t -> null);
      }
      ws.abort();
    }
  }

  /** Assembles frames into messages and dispatches them. */
  static final class WsAdapter implements WebSocket.Listener {
    private final ComfyEventListener listener;
    private final ObjectMapper json;
    private final ComfyErrors errors;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    WsAdapter(ComfyEventListener listener, ObjectMapper json, ComfyErrors errors) {
      this.listener = listener;
      this.json = json;
      this.errors = errors;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String message = text.toString();
        text.setLength(0);
        dispatchText(message);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      binary.writeBytes(chunk);
      if (last) {
        byte[] message = binary.toByteArray();
        binary.reset();
        dispatchBinary(message);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      listener.onClosed(statusCode, reason);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      listener.onConnectionLost(errors.connectionLost(null, error, "websocket error: " + error));
    }

    void dispatchText(String message) {
      JsonNode m;
      try {
        m = json.readTree(message);
      } catch (IOException e) {
        listener.onOther("invalid_json", json.getNodeFactory().textNode(message));
        return;
      }
      String type = m.path("type").asText("");
      JsonNode d = m.path("data");
      String promptId = d.path("prompt_id").isTextual() ? d.get("prompt_id").asText() : null;
      switch (type) {
        case "status" -> listener.onStatus(d.path("status").path("exec_info").path("queue_remaining").asInt(0),
            d.path("sid").isTextual() ? d.get("sid").asText() : null);
        case "execution_start" -> listener.onExecutionStart(Objects.requireNonNullElse(promptId, ""));
        case "execution_cached" -> {
          List<String> nodes = new ArrayList<>();
          d.path("nodes").forEach(n -> nodes.add(n.asText()));
          listener.onCached(Objects.requireNonNullElse(promptId, ""), nodes);
        }
        case "executing" -> listener.onExecuting(promptId,
            d.path("node").isNull() || d.path("node").isMissingNode() ? null : d.get("node").asText());
        case "progress" -> listener.onProgress(promptId,
            d.path("node").isValueNode() && !d.path("node").isNull() ? d.get("node").asText() : null,
            d.path("value").asInt(0), d.path("max").asInt(0));
        case "executed" -> {
          List<ImageRef> images = new ArrayList<>();
          d.path("output").path("images").forEach(i -> images.add(ImageRef.from(i)));
          listener.onExecuted(Objects.requireNonNullElse(promptId, ""), d.path("node").asText(""), images,
              d.path("output"));
        }
        case "execution_success" -> listener.onSuccess(Objects.requireNonNullElse(promptId, ""));
        case "execution_error" -> listener.onExecutionError(Objects.requireNonNullElse(promptId, ""),
            errors.executionError(d), d);
        case "execution_interrupted" -> listener.onInterrupted(Objects.requireNonNullElse(promptId, ""),
            d.path("node_id").isTextual() ? d.get("node_id").asText() : null);
        default -> listener.onOther(type, d);
      }
    }

    void dispatchBinary(byte[] m) {
      if (m.length < 4) {
        return;
      }
      int event = ByteBuffer.wrap(m, 0, 4).getInt();
      if (event == 1 && m.length >= 8) {
        int format = ByteBuffer.wrap(m, 4, 4).getInt();
        byte[] image = java.util.Arrays.copyOfRange(m, 8, m.length);
        listener.onPreview(format == 2 ? "image/png" : "image/jpeg", image, null, null);
      } else if (event == 4 && m.length >= 8) {
        int metaLength = ByteBuffer.wrap(m, 4, 4).getInt();
        if (metaLength < 0 || 8L + metaLength > m.length) {
          return;
        }
        JsonNode meta;
        try {
          meta = json.readTree(new String(m, 8, metaLength, StandardCharsets.UTF_8));
        } catch (IOException e) {
          return;
        }
        byte[] image = java.util.Arrays.copyOfRange(m, 8 + metaLength, m.length);
        listener.onPreview(meta.path("image_type").asText("image/jpeg"), image,
            meta.path("prompt_id").isTextual() ? meta.get("prompt_id").asText() : null,
            meta.path("node_id").isTextual() ? meta.get("node_id").asText() : null);
      }
      // 3 (TEXT) and unknown binary types carry nothing Darkroom uses.
    }
  }

  /** Builds {@link ComfyClient}. */
  public static final class Builder {
    private URI baseUrl = DEFAULT_BASE_URL;
    private @Nullable ComfyAuth auth;
    private @Nullable HttpClient http;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private ObjectMapper json = new ObjectMapper();
    private @Nullable ComfyVersion version;

    private Builder() {}

    /** The engine, e.g. {@code http://127.0.0.1:8188} or {@code https://gpu.example/comfy}; default loopback 8188. */
    public Builder baseUrl(URI baseUrl) {
      String scheme = baseUrl.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || baseUrl.getHost() == null) {
        throw new IllegalArgumentException("a ComfyUI base URL needs http:// or https:// and a host, got " + baseUrl);
      }
      if (baseUrl.getUserInfo() != null || baseUrl.getQuery() != null) {
        throw new IllegalArgumentException("a ComfyUI base URL must not carry user info or a query; use auth(...)");
      }
      this.baseUrl = baseUrl;
      return this;
    }

    public Builder baseUrl(String baseUrl) {
      return baseUrl(URI.create(baseUrl));
    }

    /** Credentials for a reverse proxy in front of the engine; none by default. */
    public Builder auth(@Nullable ComfyAuth auth) {
      this.auth = auth;
      return this;
    }

    /** A shared JDK client; by default each ComfyClient makes its own. */
    public Builder httpClient(@Nullable HttpClient http) {
      this.http = http;
      return this;
    }

    /** Connection timeout for a client this builder creates; default 10 s. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout);
      return this;
    }

    /** Per-request timeout (also the websocket handshake timeout); default 60 s. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = Objects.requireNonNull(requestTimeout);
      return this;
    }

    public Builder objectMapper(ObjectMapper json) {
      this.json = Objects.requireNonNull(json);
      return this;
    }

    /** Skips the {@code /system_stats} probe by stating the server's version (tests, pinned engines). */
    public Builder version(@Nullable ComfyVersion version) {
      this.version = version;
      return this;
    }

    public ComfyClient build() {
      return new ComfyClient(this);
    }
  }

  // ---- transport helpers ----

  private HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(requestTimeout)
        .header("Accept", "application/json");
    if (auth != null) {
      b.header("Authorization", auth.headerValue());
    }
    return b;
  }

  private HttpResponse<byte[]> post(String path, String body, String what) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), what);
  }

  private HttpResponse<byte[]> send(HttpRequest req, String what) {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw errors.io(what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw errors.interruptedWait(what, e);
    }
  }

  private JsonNode getJson(String path) {
    String what = "GET " + path;
    return expectJson(what, send(request(path).GET().build(), what));
  }

  private JsonNode expectJson(String what, HttpResponse<byte[]> r) {
    if (r.statusCode() != 200) {
      throw failure(what, r);
    }
    return parse(what, r.body());
  }

  private void expectOk(String what, HttpResponse<byte[]> r) {
    if (r.statusCode() != 200) {
      throw failure(what, r);
    }
  }

  private JsonNode parse(String what, byte[] body) {
    JsonNode n = tryParse(body);
    if (n == null) {
      String head = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
      throw new MalformedResponseException("ComfyUI at " + baseUrl + " answered " + what + " with something that"
          + " is not JSON: " + head);
    }
    return n;
  }

  private @Nullable JsonNode tryParse(byte[] body) {
    try {
      JsonNode n = json.readTree(body);
      return n == null || n.isMissingNode() ? null : n;
    } catch (IOException e) {
      return null;
    }
  }

  private DarkroomException failure(String what, HttpResponse<byte[]> r) {
    Duration retryAfter = r.headers().firstValue("Retry-After").flatMap(ComfyClient::seconds).orElse(null);
    return errors.http(what, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), retryAfter);
  }

  private static Optional<Duration> seconds(String v) {
    try {
      long s = Long.parseLong(v.trim());
      return s >= 0 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private List<String> strings(String what, JsonNode array) {
    if (!array.isArray()) {
      throw new MalformedResponseException("ComfyUI at " + baseUrl + " answered GET " + what
          + " with something that is not a list of names");
    }
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static boolean contains(JsonNode items, String promptId) {
    for (JsonNode item : items) {
      if (item.isArray() && item.size() > 1 && promptId.equals(item.get(1).asText())) {
        return true;
      }
    }
    return false;
  }

  private byte[] bytes(JsonNode n) {
    try {
      return json.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void writeField(ByteArrayOutputStream out, String boundary, String name, String value) {
    write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }
}
