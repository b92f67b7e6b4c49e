package dev.darkroom.gemini;

import dev.darkroom.spi.contract.ContractFake;
import dev.darkroom.spi.contract.ProviderContract;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeReply;
import java.time.Duration;
import java.util.Map;

/** The provider contract against {@link FakeGemini}. */
class GeminiContractTest extends ProviderContract {
  @Override
  protected String providerId() {
    return GeminiProvider.ID;
  }

  @Override
  protected ContractFake startFake() {
    return new Adapter(FakeGemini.start());
  }

  private record Adapter(FakeGemini fake) implements ContractFake {
    @Override
    public Map<String, String> settings() {
      return Map.of("gemini.apiKey", apiKey(), "gemini.baseUrl", fake.baseUrl());
    }

    @Override
    public String apiKey() {
      return FakeGemini.DEFAULT_API_KEY;
    }

    @Override
    public String model() {
      return "gemini-3-pro-image";
    }

    @Override
    public int requestCount() {
      return fake.requestCount();
    }

    @Override
    public void enqueueRateLimit(Duration retryAfter) {
      fake.enqueue(FakeReply.rateLimited(retryAfter));
    }

    @Override
    public void enqueueServerError() {
      fake.enqueue(FakeReply.status(503, "UNAVAILABLE", "The model is overloaded."));
    }

    @Override
    public void rejectKey() {
      fake.apiKey("another-key-the-client-does-not-have");
    }

    @Override
    public void enqueueBlocked() {
      fake.enqueue(FakeReply.imageSafety());
    }

    @Override
    public void enqueueNoImage() {
      fake.enqueue(FakeReply.noImage());
    }

    @Override
    public void enqueueSlow(Duration delay) {
      fake.enqueue(FakeReply.delay(delay));
    }

    @Override
    public RefusedOption refusedOption() {
      return new RefusedOption("gemini-2.5-flash-image",
          GeminiOptions.builder().systemPrompt("be terse").build(), "gemini.systemPrompt");
    }

    @Override
    public void close() {
      fake.close();
    }
  }
}
