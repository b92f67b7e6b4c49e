package dev.darkroom.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A small ComfyUI client for the tests: JDK HttpClient for HTTP, java.net.http.WebSocket for events. */
final class ComfyHttp {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final FakeComfyUI comfy;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String authorization;

  ComfyHttp(FakeComfyUI comfy) {
    this(comfy, null);
  }

  ComfyHttp(FakeComfyUI comfy, String authorization) {
    this.comfy = comfy;
    this.authorization = authorization;
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> getBytes(String path) throws Exception {
    return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode getJson(String path) throws Exception {
    HttpResponse<String> response = get(path);
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + path + " -> " + response.statusCode() + ": " + response.body());
    }
    return MAPPER.readTree(response.body());
  }

  /** POST /prompt; returns the response (any status). */
  HttpResponse<String> submit(ObjectNode graph, String clientId) throws Exception {
    ObjectNode body = MAPPER.createObjectNode();
    body.set("prompt", graph);
    body.put("client_id", clientId);
    return post("/prompt", body.toString());
  }

  /** POST /prompt expecting 200; returns the prompt id. */
  String queue(ObjectNode graph, String clientId) throws Exception {
    HttpResponse<String> response = submit(graph, clientId);
    if (response.statusCode() != 200) {
      throw new AssertionError("POST /prompt -> " + response.statusCode() + ": " + response.body());
    }
    return MAPPER.readTree(response.body()).get("prompt_id").asText();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(comfy.baseUrl() + path))
        .timeout(Duration.ofSeconds(20));
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  /** Opens {@code /ws?clientId=...} and waits for the initial status message. */
  Events connect(String clientId) throws Exception {
    Events events = new Events();
    WebSocket.Builder builder = http.newWebSocketBuilder();
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    events.socket = builder.buildAsync(comfy.webSocketUri(clientId), events).get(10, TimeUnit.SECONDS);
    JsonNode status = events.next();
    if (!"status".equals(status.path("type").asText())) {
      throw new AssertionError("first message was not status: " + status);
    }
    events.sid = status.path("data").path("sid").asText();
    return events;
  }

  static String newClientId() {
    return UUID.randomUUID().toString();
  }

  /** Everything a WebSocket received: JSON messages, binary frames, pongs and the close. */
  static final class Events implements WebSocket.Listener {
    final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    WebSocket socket;
    String sid;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    record Binary(byte[] bytes) {}

    record Pong(String data) {}

    record Closed(int code) {}

    record Failed(Throwable error) {}

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          received.add(MAPPER.readTree(text.toString()));
        } catch (Exception e) {
          received.add(new Failed(e));
        }
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      binary.writeBytes(chunk);
      if (last) {
        received.add(new Binary(binary.toByteArray()));
        binary.reset();
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
      byte[] bytes = new byte[message.remaining()];
      message.get(bytes);
      received.add(new Pong(new String(bytes, StandardCharsets.UTF_8)));
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      received.add(new Closed(statusCode));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      received.add(new Failed(error));
    }

    /** The next item of any kind. */
    Object nextItem() throws InterruptedException {
      Object item = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (item == null) {
        throw new AssertionError("nothing arrived on the WebSocket within " + WAIT);
      }
      return item;
    }

    /** The next JSON message, skipping binary frames. */
    JsonNode next() throws InterruptedException {
      while (true) {
        Object item = nextItem();
        if (item instanceof JsonNode json) {
          return json;
        }
        if (item instanceof Closed || item instanceof Failed) {
          throw new AssertionError("WebSocket ended: " + item);
        }
      }
    }

    /** The next JSON message of this type, skipping others. */
    JsonNode next(String type) throws InterruptedException {
      while (true) {
        JsonNode message = next();
        if (type.equals(message.path("type").asText())) {
          return message;
        }
      }
    }

    /**
     * Every item up to and including {@code executing} with {@code node: null} for this prompt;
     * status messages are left out.
     */
    List<Object> untilDone(String promptId) throws InterruptedException {
      List<Object> items = new ArrayList<>();
      while (true) {
        Object item = nextItem();
        if (item instanceof Closed || item instanceof Failed) {
          throw new AssertionError("WebSocket ended before the prompt finished: " + item + " after " + items);
        }
        if (item instanceof JsonNode json && "status".equals(json.path("type").asText())) {
          continue;
        }
        items.add(item);
        if (item instanceof JsonNode json && "executing".equals(json.path("type").asText())
            && json.path("data").path("node").isNull()
            && promptId.equals(json.path("data").path("prompt_id").asText())) {
          return items;
        }
      }
    }

    static List<String> types(List<Object> items) {
      List<String> types = new ArrayList<>();
      for (Object item : items) {
        types.add(item instanceof JsonNode json ? json.path("type").asText() : "binary");
      }
      return types;
    }

    static List<JsonNode> ofType(List<Object> items, String type) {
      List<JsonNode> out = new ArrayList<>();
      for (Object item : items) {
        if (item instanceof JsonNode json && type.equals(json.path("type").asText())) {
          out.add(json.path("data"));
        }
      }
      return out;
    }
  }
}
