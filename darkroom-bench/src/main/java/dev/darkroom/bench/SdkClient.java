package dev.darkroom.bench;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.Blob;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.ImageConfig;
import com.google.genai.types.Part;
import com.google.genai.types.ThinkingConfig;
import com.google.genai.types.ThinkingLevel;
import dev.darkroom.testkit.FakeGemini;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Google's official SDK (com.google.genai:google-genai) used the way its README shows: one shared
 * {@link Client}, retries off, responses kept until the image bytes are read. Case c runs 20
 * generateContent calls on a fixed pool of 20 threads (the SDK has no batch-of-n call).
 */
final class SdkClient implements BenchClient {
  private final Client client;
  private final boolean streamThoughts;
  private final GenerateContentConfig flash;
  private final GenerateContentConfig pro;
  private final ExecutorService pool = Executors.newFixedThreadPool(20, r -> {
    Thread t = new Thread(r, "sdk-caller");
    t.setDaemon(true);
    return t;
  });

  SdkClient(String baseUrl, boolean streamThoughts) {
    this.streamThoughts = streamThoughts;
    client = Client.builder()
        .apiKey(FakeGemini.DEFAULT_API_KEY)
        .httpOptions(HttpOptions.builder()
            .baseUrl(baseUrl)
            .timeout(300_000)
            .retryOptions(HttpRetryOptions.builder().attempts(1).build())
            .build())
        .build();
    flash = GenerateContentConfig.builder().responseModalities("TEXT", "IMAGE").build();
    pro = GenerateContentConfig.builder()
        .responseModalities("TEXT", "IMAGE")
        .imageConfig(ImageConfig.builder().imageSize("4K").build())
        .thinkingConfig(ThinkingConfig.builder().includeThoughts(true).thinkingLevel(ThinkingLevel.Known.HIGH).build())
        .build();
  }

  @Override
  public long run(Scenario scenario) throws Exception {
    switch (scenario) {
      case A:
        return finalImageBytes(List.of(client.models.generateContent(Scenario.FLASH, Scenario.PROMPT, flash)), 1);
      case B:
        if (!streamThoughts) {
          return finalImageBytes(List.of(client.models.generateContent(Scenario.PRO, Scenario.PROMPT, pro)), 1);
        }
        List<GenerateContentResponse> events = new ArrayList<>();
        try (ResponseStream<GenerateContentResponse> stream =
            client.models.generateContentStream(Scenario.PRO, Scenario.PROMPT, pro)) {
          for (GenerateContentResponse event : stream) {
            events.add(event);
          }
        }
        return finalImageBytes(events, 1);
      case C:
        List<Future<GenerateContentResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          calls.add(pool.submit(() -> client.models.generateContent(Scenario.FLASH, Scenario.PROMPT, flash)));
        }
        List<GenerateContentResponse> responses = new ArrayList<>();
        for (Future<GenerateContentResponse> f : calls) {
          responses.add(f.get());
        }
        return finalImageBytes(responses, 20);
      default:
        throw new IllegalArgumentException(scenario.name());
    }
  }

  private static long finalImageBytes(List<GenerateContentResponse> responses, int expected) {
    long bytes = 0;
    int images = 0;
    for (GenerateContentResponse response : responses) {
      List<Part> parts = response.parts();
      if (parts == null) {
        continue;
      }
      for (Part part : parts) {
        if (part.thought().orElse(false)) {
          continue;
        }
        if (part.inlineData().isPresent()) {
          Blob blob = part.inlineData().get();
          bytes += blob.data().map(d -> d.length).orElse(0);
          images++;
        }
      }
    }
    if (images != expected) {
      throw new IllegalStateException("expected " + expected + " images, got " + images);
    }
    return bytes;
  }

  @Override
  public void close() {
    pool.shutdownNow();
    client.close();
  }
}
