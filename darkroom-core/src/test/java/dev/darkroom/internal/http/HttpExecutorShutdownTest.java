package dev.darkroom.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An exchange in flight when {@link HttpSupport#httpExecutor}'s pool is shut down (as {@code Darkroom.close()}
 * does) still completes. On Java 17 the JDK client dropped the tasks a shut-down pool rejected, so such a
 * {@code send} never returned, not even at its timeout: a stopped studio job hung in its ComfyUI cancel.
 */
class HttpExecutorShutdownTest {

  @Test
  void anExchangeInFlightWhenThePoolIsShutDownStillCompletes() throws Exception {
    CountDownLatch received = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      received.countDown();
      try {
        answer.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    ExecutorService executor = HttpSupport.httpExecutor("executor-shutdown-test");
    try {
      HttpClient client = HttpSupport.httpClient(Duration.ofSeconds(5), executor);
      HttpRequest request = HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cancel")).timeout(Duration.ofSeconds(30))
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
      CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> {
        try {
          return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
          return "failed: " + e;
        }
      });
      assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
      executor.shutdownNow();
      answer.countDown();
      // Generous: only a hang fails this (the answer comes at once).
      assertThat(sent.get(20, TimeUnit.SECONDS)).isEqualTo("ok");

      // An exchange started after the pool is gone runs too, rather than blocking its caller.
      answer.countDown();
      assertThat(CompletableFuture.supplyAsync(() -> {
        try {
          return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
          return "failed: " + e;
        }
      }).get(20, TimeUnit.SECONDS)).isEqualTo("ok");
    } finally {
      executor.shutdownNow();
      server.stop(0);
    }
  }
}
