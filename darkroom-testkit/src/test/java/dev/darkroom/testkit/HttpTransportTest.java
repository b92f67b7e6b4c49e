package dev.darkroom.testkit;

import static dev.darkroom.testkit.GeminiHttp.body;
import static dev.darkroom.testkit.GeminiHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Dimension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeGeminiExtension.class)
class HttpTransportTest {
  private static final String MODEL = "gemini-2.5-flash-image";

  @Test
  void chunkedRequestBodyIsDecoded(FakeGemini gemini) throws Exception {
    GeminiHttp http = new GeminiHttp(gemini);
    byte[] json = body("chunked please", "").getBytes(StandardCharsets.UTF_8);
    HttpRequest request = http.request(MODEL, "generateContent")
        .header("x-goog-api-key", "test-key")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(json)))
        .build();

    HttpResponse<byte[]> response = http.send(request);

    assertThat(response.statusCode()).isEqualTo(200);
    RecordedRequest recorded = gemini.takeRequest();
    assertThat(recorded.header("transfer-encoding")).hasValue("chunked");
    assertThat(recorded.body()).isEqualTo(json);
    assertThat(recorded.json().path("contents").get(0).path("parts").get(0).path("text").asText())
        .isEqualTo("chunked please");
  }

  @Test
  void rawChunkedRequestWithExtensionsAndTrailer(FakeGemini gemini) throws Exception {
    String json = body("raw", "");
    String chunked = Integer.toHexString(5) + ";ext=1\r\n" + json.substring(0, 5) + "\r\n"
        + Integer.toHexString(json.length() - 5) + "\r\n" + json.substring(5) + "\r\n"
        + "0\r\nX-Trailer: yes\r\n\r\n";
    String head = "POST /v1beta/models/" + MODEL + ":generateContent HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nx-goog-api-key: test-key\r\nTransfer-Encoding: chunked\r\n"
        + "Connection: close\r\n\r\n";

    String response = rawExchange(gemini, head + chunked);

    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
    assertThat(gemini.takeRequest().bodyUtf8()).isEqualTo(json);
  }

  @Test
  void keepAliveReusesOneConnectionForSequentialRequests(FakeGemini gemini) throws Exception {
    GeminiHttp http = new GeminiHttp(gemini);

    for (int i = 0; i < 3; i++) {
      assertThat(http.generate(MODEL, body("n" + i, "")).statusCode()).isEqualTo(200);
    }

    List<RecordedRequest> requests = gemini.requests();
    assertThat(requests).extracting(RecordedRequest::connectionId).containsOnly(
        requests.get(0).connectionId());
    assertThat(requests).extracting(RecordedRequest::sequenceNumber).containsExactly(0, 1, 2);
  }

  @Test
  void h2cUpgradeHeadersAreIgnored(FakeGemini gemini) throws Exception {
    GeminiHttp http = new GeminiHttp(gemini, HttpClient.Version.HTTP_2);

    HttpResponse<byte[]> response = http.generate(MODEL, body("x", ""));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(gemini.takeRequest().header("upgrade")).hasValue("h2c");
  }

  @Test
  void twentyConcurrentRequestsAllSucceed(FakeGemini gemini) throws Exception {
    GeminiHttp http = new GeminiHttp(gemini);
    List<CompletableFuture<HttpResponse<byte[]>>> futures = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      HttpRequest request = http.request("gemini-3.1-flash-image", "generateContent")
          .header("x-goog-api-key", "test-key")
          .POST(HttpRequest.BodyPublishers.ofString(body("parallel " + i, ""))).build();
      futures.add(http.client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()));
    }

    for (CompletableFuture<HttpResponse<byte[]>> future : futures) {
      HttpResponse<byte[]> response = future.get();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(GeminiHttp.finalImage(json(response)).getWidth()).isEqualTo(1024);
    }
    assertThat(gemini.requestCount()).isEqualTo(20);
    assertThat(gemini.requests().stream().map(RecordedRequest::connectionId).distinct().count())
        .as("served on several connections at once").isGreaterThan(1);
  }

  @Test
  void acceptsA100MegabyteRequestBody(FakeGemini gemini) throws Exception {
    gemini.recordBodies(false);
    byte[] png = Base64.getDecoder().decode(GenerateContentTest.base64Png(1600, 900));
    byte[] image = new byte[75_000_000];
    System.arraycopy(png, 0, image, 0, png.length);
    ByteArrayOutputStream json = new ByteArrayOutputStream(101_000_000);
    json.writeBytes(("{\"contents\":[{\"parts\":[{\"text\":\"big\"},{\"inlineData\":{"
        + "\"mimeType\":\"image/png\",\"data\":\"").getBytes(StandardCharsets.US_ASCII));
    try (OutputStream base64 = Base64.getEncoder().wrap(json)) {
      base64.write(image);
    }
    json.writeBytes("\"}}]}]}".getBytes(StandardCharsets.US_ASCII));
    byte[] bytes = json.toByteArray();
    GeminiHttp http = new GeminiHttp(gemini);

    HttpResponse<byte[]> response = http.send(http.request(MODEL, "generateContent")
        .header("x-goog-api-key", "test-key")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());

    assertThat(bytes.length).isGreaterThan(100_000_000);
    assertThat(response.statusCode()).isEqualTo(200);
    java.awt.image.BufferedImage out = GeminiHttp.finalImage(json(response));
    assertThat(new Dimension(out.getWidth(), out.getHeight()))
        .isEqualTo(FakeGemini.pixelSize(MODEL, "16:9", null));
    RecordedRequest recorded = gemini.takeRequest();
    assertThat(recorded.bodySize()).isEqualTo(bytes.length);
    assertThat(recorded.body()).isEmpty();
  }

  @Test
  void malformedHttpGetsPlain400(FakeGemini gemini) throws Exception {
    String response = rawExchange(gemini, "NONSENSE\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n");
  }

  private static String rawExchange(FakeGemini gemini, String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gemini.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      try (InputStream in = socket.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      }
    }
  }
}
