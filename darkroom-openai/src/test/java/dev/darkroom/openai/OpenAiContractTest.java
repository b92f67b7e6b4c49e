package dev.darkroom.openai;

import dev.darkroom.spi.contract.ContractFake;
import dev.darkroom.spi.contract.ProviderContract;
import dev.darkroom.testkit.FakeOpenAI;
import dev.darkroom.testkit.FakeOpenAiReply;
import java.time.Duration;
import java.util.Map;

/** The provider contract against {@link FakeOpenAI}. */
class OpenAiContractTest extends ProviderContract {
  @Override
  protected String providerId() {
    return OpenAiProvider.ID;
  }

  @Override
  protected ContractFake startFake() {
    return new Adapter(FakeOpenAI.start());
  }

  private record Adapter(FakeOpenAI fake) implements ContractFake {
    @Override
    public Map<String, String> settings() {
      return Map.of("openai.apiKey", apiKey(), "openai.baseUrl", fake.baseUrl());
    }

    @Override
    public String apiKey() {
      return FakeOpenAI.DEFAULT_API_KEY;
    }

    @Override
    public String model() {
      return "gpt-image-2";
    }

    @Override
    public int requestCount() {
      return fake.requestCount();
    }

    @Override
    public void enqueueRateLimit(Duration retryAfter) {
      fake.enqueue(FakeOpenAiReply.rateLimited(retryAfter));
    }

    @Override
    public void enqueueServerError() {
      fake.enqueue(FakeOpenAiReply.status(503, "server_error", null, "The server is overloaded."));
    }

    @Override
    public void rejectKey() {
      fake.apiKey("sk-another-key-the-client-does-not-have");
    }

    @Override
    public void enqueueBlocked() {
      fake.enqueue(FakeOpenAiReply.moderationBlocked("output", "violence"));
    }

    @Override
    public void enqueueNoImage() {
      fake.enqueue(FakeOpenAiReply.noImage());
    }

    @Override
    public void enqueueSlow(Duration delay) {
      fake.enqueue(FakeOpenAiReply.delay(delay));
    }

    @Override
    public RefusedOption refusedOption() {
      return new RefusedOption("gpt-image-2", OpenAiOptions.builder().quality("xhigh").build(), "openai.quality");
    }

    @Override
    public void close() {
      fake.close();
    }
  }
}
