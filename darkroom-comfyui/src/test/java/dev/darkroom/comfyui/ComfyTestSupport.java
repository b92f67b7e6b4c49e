package dev.darkroom.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkroom.Darkroom;
import dev.darkroom.GenerationListener;
import dev.darkroom.RetryPolicy;
import dev.darkroom.testkit.FakeComfyUI;
import dev.darkroom.testkit.RecordedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Shared set-up for the provider tests: a Darkroom client on fakes, and what the fakes received. */
final class ComfyTestSupport {
  static final String BASE = "comfyui:sd_xl_base_1.0.safetensors";
  static final String REFINER = "sd_xl_refiner_1.0.safetensors";
  private static final ObjectMapper JSON = new ObjectMapper();

  final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  private ComfyTestSupport() {}

  static ComfyTestSupport create() {
    return new ComfyTestSupport();
  }

  /** A client on one engine (or a pool when several URLs are given), environment ignored, no real waits. */
  Darkroom.Builder builder(GenerationListener listener, String... urls) {
    Darkroom.Builder b = Darkroom.builder()
        .env(Map.of())
        .sleeper(sleeps::add)
        .random(() -> 0.5)
        .listener(listener)
        .retryPolicy(RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(1)).build());
    if (urls.length == 1) {
      b.setting("comfyui.baseUrl", urls[0]);
    } else {
      b.setting("comfyui.engines", String.join(",", urls));
    }
    return b;
  }

  Darkroom client(String... urls) {
    return builder(new GenerationListener() {}, urls).build();
  }

  /** The graphs the fake was sent with {@code POST /prompt}, oldest first. */
  static List<JsonNode> prompts(FakeComfyUI fake) {
    return fake.requests().stream()
        .filter(r -> r.method().equals("POST") && (r.path().equals("/prompt") || r.path().equals("/api/prompt")))
        .map(RecordedRequest::json)
        .toList();
  }

  /** The only graph sent. */
  static JsonNode onlyGraph(FakeComfyUI fake) {
    List<JsonNode> p = prompts(fake);
    if (p.size() != 1) {
      throw new AssertionError("expected one POST /prompt, got " + p.size() + ": " + fake.requests());
    }
    return p.get(0).get("prompt");
  }

  /** {@code GET /queue} of the fake: running plus pending jobs. */
  static int queueLength(FakeComfyUI fake) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/queue")).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode q = JSON.readTree(r.body());
    return q.path("queue_running").size() + q.path("queue_pending").size();
  }

  /** Waits until the fake's queue is empty (up to 10 s), returning its final length. */
  static int awaitEmptyQueue(FakeComfyUI fake) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int n = queueLength(fake);
    while (n > 0 && System.nanoTime() < end) {
      Thread.sleep(20);
      n = queueLength(fake);
    }
    return n;
  }
}
