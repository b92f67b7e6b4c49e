package dev.darkroom.spi.contract;

import dev.darkroom.ProviderOptions;
import java.time.Duration;
import java.util.Map;

/**
 * A provider's fake as {@link ProviderContract} drives it: started per test, scripted one reply at a
 * time, and asked how many requests reached it. Each scripted reply answers the next request only;
 * after it the fake answers normally again.
 */
public interface ContractFake extends AutoCloseable {
  /** The client settings ({@code <provider>.<name>}) that point a client at this fake, the API key included. */
  Map<String, String> settings();

  /** The secret the settings carry; the contract checks it never shows in an exception. */
  String apiKey();

  /** A paid model of this provider that answers one image per call. */
  String model();

  /** Requests that reached the fake so far (including refused and failed ones). */
  int requestCount();

  /** The next request gets a rate-limit answer asking the client to wait {@code retryAfter}. */
  void enqueueRateLimit(Duration retryAfter);

  /** The next request gets a retryable server error (5xx) with no retry delay. */
  void enqueueServerError();

  /** From now on the fake expects another key, so the client's key is refused as invalid. */
  void rejectKey();

  /** The next request's output is blocked by the provider's safety system. */
  void enqueueBlocked();

  /** The next request is answered without any image and without a block. */
  void enqueueNoImage();

  /** The next request is answered only after {@code delay}. */
  void enqueueSlow(Duration delay);

  /** An option {@link #model()}'s provider has but one of its models refuses. */
  RefusedOption refusedOption();

  @Override
  void close();

  /**
   * An option that a model does not support.
   *
   * @param model the model that refuses it
   * @param options the provider options that carry it
   * @param field the field {@code InvalidRequestException.field()} names, e.g. {@code openai.quality}
   */
  record RefusedOption(String model, ProviderOptions options, String field) {}
}
