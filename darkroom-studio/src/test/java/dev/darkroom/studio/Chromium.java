package dev.darkroom.studio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A headless Chromium driven over the DevTools protocol with the JDK's WebSocket client: navigate,
 * evaluate, and collect console errors, uncaught exceptions and log errors (CSP violations included).
 */
final class Chromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
  private volatile CountDownLatch loaded = new CountDownLatch(1);

  /** The browser binary: /usr/bin/chromium, or chromium on the PATH. */
  static Optional<Path> find() {
    Path usr = Path.of("/usr/bin/chromium");
    if (Files.isExecutable(usr)) {
      return Optional.of(usr);
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path p = Path.of(dir, "chromium");
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  static Chromium start(Path binary, Path profile) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--remote-allow-origins=*", "--remote-debugging-port=0",
        "--user-data-dir=" + profile, "about:blank");
    pb.redirectErrorStream(true);
    pb.redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile());
    Process process = pb.start();
    try {
      Path portFile = profile.resolve("DevToolsActivePort");
      Instant deadline = Instant.now().plus(TIMEOUT);
      while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
        if (!process.isAlive() || Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("chromium did not start: " + Files.readString(
              profile.resolveSibling(profile.getFileName() + ".log")));
        }
        Thread.sleep(50);
      }
      int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
      HttpClient http = HttpClient.newHttpClient();
      String pageSocket = null;
      while (pageSocket == null) {
        String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        for (JsonNode t : JSON.readTree(list)) {
          if (t.path("type").asText().equals("page")) {
            pageSocket = t.path("webSocketDebuggerUrl").asText();
          }
        }
        if (pageSocket == null) {
          if (Instant.now().isAfter(deadline)) {
            throw new IllegalStateException("chromium has no page target: " + list);
          }
          Thread.sleep(50);
        }
      }
      return new Chromium(process, profile, http, URI.create(pageSocket));
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private Chromium(Process process, Path profile, HttpClient http, URI pageSocket) throws Exception {
    this.process = process;
    this.profile = profile;
    this.socket = http.newWebSocketBuilder().buildAsync(pageSocket, new Listener()).get(30, TimeUnit.SECONDS);
    call("Runtime.enable", JSON.createObjectNode());
    call("Log.enable", JSON.createObjectNode());
    call("Page.enable", JSON.createObjectNode());
  }

  /** Navigates and waits for the load event. */
  void navigate(String url) throws Exception {
    loaded = new CountDownLatch(1);
    JsonNode r = call("Page.navigate", JSON.createObjectNode().put("url", url));
    if (r.has("errorText")) {
      throw new IllegalStateException("navigation failed: " + r);
    }
    if (!loaded.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException("page did not load: " + url);
    }
  }

  /** Evaluates an expression (awaiting promises) and returns its value. */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode r = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
        .put("awaitPromise", true).put("returnByValue", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("evaluation failed: " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** Sets the page's viewport in CSS pixels. */
  void viewport(int width, int height) throws Exception {
    call("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", width).put("height", height)
        .put("deviceScaleFactor", 1).put("mobile", false));
  }

  /** Writes a PNG screenshot of the viewport to {@code file}, creating its folder. */
  void screenshot(Path file) throws Exception {
    JsonNode r = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, java.util.Base64.getDecoder().decode(r.path("data").asText()));
  }

  /** Console errors, uncaught exceptions and error log entries seen so far. */
  List<String> errors() {
    synchronized (errors) {
      return List.copyOf(errors);
    }
  }

  private JsonNode call(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", params);
    socket.sendText(msg.toString(), true).get(30, TimeUnit.SECONDS);
    JsonNode reply = f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new IllegalStateException(method + " failed: " + reply.get("error"));
    }
    return reply.path("result");
  }

  private void onMessage(String text) throws IOException {
    JsonNode m = JSON.readTree(text);
    if (m.has("id")) {
      CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
      if (f != null) {
        f.complete(m);
      }
      return;
    }
    JsonNode p = m.path("params");
    switch (m.path("method").asText()) {
      case "Page.loadEventFired" -> loaded.countDown();
      case "Runtime.consoleAPICalled" -> {
        if (p.path("type").asText().equals("error") || p.path("type").asText().equals("assert")) {
          errors.add("console." + p.path("type").asText() + ": " + p.path("args"));
        }
      }
      case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails"));
      case "Log.entryAdded" -> {
        if (p.path("entry").path("level").asText().equals("error")) {
          errors.add("log: " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText(""));
        }
      }
      default -> { }
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder buffer = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        String text = buffer.toString();
        buffer.setLength(0);
        try {
          onMessage(text);
        } catch (IOException e) {
          errors.add("bad DevTools message: " + e.getMessage());
        }
      }
      webSocket.request(1);
      return null;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the browser is being stopped anyway
    }
    // Chromium forks helpers (zygote, renderer) that keep writing into the profile after the main
    // process is gone; stop them all, then remove the profile so the test's temp dir can be deleted.
    java.util.List<ProcessHandle> helpers = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    for (ProcessHandle helper : helpers) {
      helper.destroyForcibly();
      try {
        helper.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // already gone, or stuck: the profile removal below is best effort anyway
      }
    }
    deleteQuietly(profile);
  }

  private static void deleteQuietly(Path dir) {
    for (int attempt = 0; attempt < 5 && Files.exists(dir); attempt++) {
      try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        // a file vanished or appeared while walking: try again
      }
    }
  }
}
