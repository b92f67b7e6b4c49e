package dev.darkroom.studio.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A test client for a {@link StudioServer}: logs in through the launch URL, then calls the API with the cookie. */
final class StudioClient {
  static final ObjectMapper JSON = new ObjectMapper();

  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  final String base;
  final String cookie;

  record Event(String type, JsonNode data) {}

  StudioClient(StudioServer server) throws Exception {
    this.base = "http://127.0.0.1:" + server.port();
    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(server.uri()).build(), HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() != 303) {
      throw new IllegalStateException("login answered " + r.statusCode());
    }
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    this.cookie = setCookie.substring(0, setCookie.indexOf(';'));
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).header("Cookie", cookie);
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> bytes(String path) throws IOException, InterruptedException {
    return http.send(request(path).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return http.send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  /** Starts a job and returns its id, failing with the server's answer otherwise. */
  String start(String body) throws Exception {
    HttpResponse<String> r = post("/api/generate", body);
    if (r.statusCode() != 202) {
      throw new AssertionError("generate answered " + r.statusCode() + ": " + r.body());
    }
    return json(r).path("job").asText();
  }

  /** Reads a job's event stream to its {@code done} event. */
  List<Event> events(String job) throws Exception {
    HttpResponse<Stream<String>> r = http.send(request("/api/jobs/" + job + "/events").build(),
        HttpResponse.BodyHandlers.ofLines());
    List<Event> events = new ArrayList<>();
    String type = null;
    try (Stream<String> lines = r.body()) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.startsWith("event: ")) {
          type = line.substring(7);
        } else if (line.startsWith("data: ") && type != null) {
          events.add(new Event(type, JSON.readTree(line.substring(6))));
          if (type.equals("done")) {
            break;
          }
        }
      }
    }
    return events;
  }

  static Event last(List<Event> events) {
    return events.get(events.size() - 1);
  }
}
