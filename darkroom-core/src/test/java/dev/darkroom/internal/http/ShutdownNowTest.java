package dev.darkroom.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;

/** {@link HttpSupport#shutdownNow} ends the client's selector thread where the JDK lets it, and never fails. */
class ShutdownNowTest {

  @Test
  void stopsTheSelectorThreadWhereTheJdkAllowsAndNeverThrows() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    ExecutorService executor = HttpSupport.httpExecutor("shutdown-test");
    try {
      HttpClient client = HttpSupport.httpClient(Duration.ofSeconds(5), executor);
      List<Thread> before = selectorThreads();
      HttpResponse<Void> response = client.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")).build(),
          HttpResponse.BodyHandlers.discarding());
      assertThat(response.statusCode()).isEqualTo(204);
      List<Thread> mine = selectorThreads().stream().filter(t -> !before.contains(t)).toList();

      assertThatCode(() -> HttpSupport.shutdownNow(client)).doesNotThrowAnyException();

      boolean stoppable = Runtime.version().feature() >= 21
          || HttpClient.class.getModule().isOpen("jdk.internal.net.http", HttpSupport.class.getModule());
      if (stoppable) {
        for (Thread t : mine) {
          t.join(5_000);
          assertThat(t.isAlive()).as(t.getName() + " still running after shutdownNow").isFalse();
        }
      }
    } finally {
      executor.shutdownNow();
      server.stop(0);
    }
  }

  private static List<Thread> selectorThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().contains("SelectorManager")).toList();
  }
}
