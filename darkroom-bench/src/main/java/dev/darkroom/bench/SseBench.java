package dev.darkroom.bench;

import dev.darkroom.gemini.SseParse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Darkroom's parse of the case-b SSE body (4K JPEG, thought image, two 3 MB signatures) from
 * memory through Darkroom's SSE filter and streaming reader.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SseBench {
  private byte[] body;

  @Setup
  public void fetch() throws IOException, InterruptedException {
    body = caseBBody();
  }

  static byte[] caseBBody() throws IOException, InterruptedException {
    try (FakeServerProcess server = FakeServerProcess.start(3_000_000)) {
      String json = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + Scenario.PROMPT + "\"}]}],"
          + "\"generationConfig\":{\"responseModalities\":[\"TEXT\",\"IMAGE\"],\"imageConfig\":{\"imageSize\":\"4K\"},"
          + "\"thinkingConfig\":{\"includeThoughts\":true,\"thinkingLevel\":\"HIGH\"}}}";
      HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1beta/models/" + Scenario.PRO
              + ":streamGenerateContent?alt=sse"))
          .header("x-goog-api-key", "test-key").header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)).build();
      HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("fake answered " + response.statusCode());
      }
      return response.body();
    }
  }

  @Benchmark
  public long parse() throws IOException {
    return SseParse.parse(body);
  }
}
