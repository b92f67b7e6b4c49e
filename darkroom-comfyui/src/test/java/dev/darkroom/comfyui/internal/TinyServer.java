package dev.darkroom.comfyui.internal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback HTTP server for tests: scripted answers per "METHOD /path", every request recorded. */
final class TinyServer implements AutoCloseable {
  record Recorded(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {
    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      List<String> v = headers.get(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  record Answer(int status, String contentType, byte[] body) {}

  private final HttpServer server;
  private final Map<String, Queue<Answer>> answers = new HashMap<>();
  final List<Recorded> requests = new CopyOnWriteArrayList<>();

  TinyServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", ex -> {
      try (ex) {
        byte[] body = ex.getRequestBody().readAllBytes();
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery();
        Map<String, List<String>> headers = new HashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
        requests.add(new Recorded(ex.getRequestMethod(), path + (query == null ? "" : "?" + query), headers, body));
        Answer a;
        synchronized (answers) {
          Queue<Answer> q = answers.get(ex.getRequestMethod() + " " + path);
          a = q == null || q.isEmpty() ? null : (q.size() > 1 ? q.poll() : q.peek());
        }
        if (a == null) {
          a = new Answer(404, "text/plain", "404: Not Found".getBytes(StandardCharsets.UTF_8));
        }
        ex.getResponseHeaders().set("Content-Type", a.contentType());
        ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
        ex.getResponseBody().write(a.body());
      }
    });
    server.start();
  }

  /** Answers {@code key} ("POST /prompt") with JSON from now on (replacing an earlier answer). */
  TinyServer on(String key, int status, String json) {
    return onBytes(key, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  TinyServer onBytes(String key, int status, String contentType, byte[] body) {
    synchronized (answers) {
      Queue<Answer> q = new ArrayDeque<>();
      q.add(new Answer(status, contentType, body));
      answers.put(key, q);
    }
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Recorded> requests(String method, String pathPrefix) {
    return requests.stream().filter(r -> r.method().equals(method) && r.pathAndQuery().startsWith(pathPrefix)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
