package dev.darkroom.a1111.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkroom.DarkroomException;
import dev.darkroom.DarkroomException.Details;
import dev.darkroom.MalformedResponseException;
import dev.darkroom.RequestTimeoutException;
import dev.darkroom.TransportException;
import dev.darkroom.spi.Redactor;
import dev.darkroom.internal.http.TransportFailures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One A1111 / Forge engine: its base URL, credentials and the HTTP calls Darkroom makes to it. Thread-safe. The
 * credentials travel only in the {@code Authorization} header; every message is redacted.
 */
public final class Engine {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SHORT = Duration.ofSeconds(10);

  private final String baseUrl;
  private final @Nullable String authorization;
  private final HttpClient http;
  private final Redactor redactor;
  private final Duration timeout;
  private final Duration progressInterval;
  private final String userAgent;

  /**
   * @param auth {@code user:password}, or null for an engine without {@code --api-auth}
   * @param timeout the whole-call deadline for discovery calls
   * @param progressInterval how often progress is polled while a job runs
   */
  public Engine(String baseUrl, @Nullable String auth, HttpClient http, Redactor redactor, Duration timeout,
      Duration progressInterval, String userAgent) {
    this.baseUrl = baseUrl;
    this.http = http;
    this.redactor = redactor;
    this.timeout = timeout;
    this.progressInterval = progressInterval;
    this.userAgent = userAgent;
    if (auth != null) {
      String header = "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8));
      redactor.add(header);
      redactor.add(header.substring(6));
      this.authorization = header;
    } else {
      this.authorization = null;
    }
  }

  public String baseUrl() {
    return baseUrl;
  }

  Duration progressInterval() {
    return progressInterval;
  }

  Redactor redactor() {
    return redactor;
  }

  String url(String route) {
    return baseUrl + "/sdapi/v1/" + route;
  }

  HttpRequest.Builder request(String route, Duration deadline) {
    URI uri;
    try {
      uri = URI.create(url(route));
    } catch (IllegalArgumentException e) {
      throw new dev.darkroom.InvalidRequestException("invalid a1111.baseUrl '" + baseUrl + "': " + e.getMessage(),
          "a1111.baseUrl", List.of());
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).version(HttpClient.Version.HTTP_1_1).timeout(deadline)
        .header("User-Agent", userAgent).header("Accept", "application/json");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  /**
   * GETs a route and parses its JSON.
   *
   * @throws DarkroomException classified: an error answer, a transport failure or a timeout
   */
  JsonNode get(String route) {
    return send(request(route, timeout.compareTo(SHORT) < 0 ? timeout : SHORT).GET().build(), route);
  }

  /** POSTs an empty JSON object to a route and parses the answer. */
  JsonNode post(String route) {
    return send(request(route, SHORT).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), route);
  }

  /** Starts a generation POST; the future completes with the raw answer. */
  CompletableFuture<HttpResponse<byte[]>> submit(String route, byte[] body, Duration deadline) {
    HttpRequest request = request(route, deadline).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  /**
   * {@code POST interrupt}, best effort: failures are ignored (the engine may be gone). The calling thread is
   * usually being interrupted itself (a cancel, then the client's close, may each interrupt it), so the
   * answer is awaited regardless of interrupts, for at most 5 s; the interrupt status is restored afterwards.
   */
  boolean interrupt() {
    boolean interrupted = Thread.interrupted();
    try {
      java.util.concurrent.CompletableFuture<HttpResponse<Void>> answer = http.sendAsync(
          request("interrupt", Duration.ofSeconds(5)).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
      while (true) {
        try {
          long left = Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
          return answer.get(left, java.util.concurrent.TimeUnit.MILLISECONDS).statusCode() / 100 == 2;
        } catch (InterruptedException e) {
          interrupted = true;
          if (System.nanoTime() - deadline >= 0) {
            return false;
          }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          return false;
        }
      }
    } catch (RuntimeException e) {
      return false;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** {@code GET progress}, or null when the engine does not answer it well (progress is advisory). */
  @Nullable JsonNode progress(boolean withImage) {
    try {
      HttpResponse<byte[]> r = http.send(request("progress?skip_current_image=" + !withImage,
          progressInterval.multipliedBy(4).plusSeconds(1)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Discovery: checkpoints, samplers and schedulers always; LoRAs, embeddings and VAEs when asked. */
  Inventory inventory(boolean loras, boolean embeddings, boolean vaes) {
    List<Inventory.Checkpoint> checkpoints = new ArrayList<>();
    for (JsonNode m : array(get("sd-models"), "sd-models")) {
      String file = m.path("filename").asText("");
      String fileName = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
      checkpoints.add(new Inventory.Checkpoint(m.path("title").asText(), m.path("model_name").asText(), fileName,
          m.path("hash").asText("")));
    }
    List<String> samplers = new ArrayList<>();
    array(get("samplers"), "samplers").forEach(s -> samplers.add(s.path("name").asText()));
    List<Inventory.Scheduler> schedulers = new ArrayList<>();
    try {
      array(get("schedulers"), "schedulers").forEach(s -> schedulers.add(
          new Inventory.Scheduler(s.path("name").asText(), s.path("label").asText(s.path("name").asText()))));
    } catch (dev.darkroom.ServerException e) {
      // engines before 1.9 have no schedulers route (and no scheduler field)
    }
    List<Inventory.Lora> loraList = new ArrayList<>();
    if (loras) {
      array(get("loras"), "loras").forEach(l -> loraList.add(
          new Inventory.Lora(l.path("name").asText(), l.path("alias").asText(l.path("name").asText()))));
    }
    List<String> embeddingList = new ArrayList<>();
    if (embeddings) {
      get("embeddings").path("loaded").properties().forEach(e -> embeddingList.add(e.getKey()));
    }
    List<String> vaeList = new ArrayList<>();
    if (vaes) {
      array(get("sd-vae"), "sd-vae").forEach(v -> vaeList.add(v.path("model_name").asText()));
    }
    return new Inventory(checkpoints, loraList, embeddingList, samplers, schedulers, vaeList);
  }

  /** Everything, for {@code darkroom models --provider a1111}. */
  public Inventory inventory() {
    return inventory(true, true, true);
  }

  private JsonNode array(JsonNode n, String route) {
    if (!n.isArray()) {
      throw new MalformedResponseException(redactor.redact("A1111 at " + baseUrl + " answered " + route
          + " with something other than a list"), null, Details.none());
    }
    return n;
  }

  private JsonNode send(HttpRequest request, String route) {
    try {
      HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      String body = new String(r.body(), StandardCharsets.UTF_8);
      if (r.statusCode() / 100 != 2) {
        throw A1111Errors.map(r.statusCode(), body, baseUrl, redactor);
      }
      return body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while calling A1111 at " + baseUrl + " (" + route + ")", e,
          Details.none());
    } catch (IOException e) {
      throw io(e, route);
    }
  }

  DarkroomException io(IOException e, String route) {
    if (e instanceof HttpTimeoutException && !(e instanceof HttpConnectTimeoutException)) {
      return new RequestTimeoutException(redactor.redact("A1111 at " + baseUrl + " did not answer " + route
          + " in time"), e, Details.none());
    }
    return TransportFailures.io("A1111", baseUrl, e, redactor);
  }
}
