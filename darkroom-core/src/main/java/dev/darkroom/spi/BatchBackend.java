package dev.darkroom.spi;

import dev.darkroom.DarkroomException;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One provider's batch API as the batch runner uses it: submit the jobs of one group, poll, read
 * results, cancel. Names passed in and out are the provider's own ids; the runner journals them
 * qualified as {@code provider:id}.
 */
public interface BatchBackend extends AutoCloseable {
  /** The provider id, as in the model table. */
  String provider();

  /**
   * Refuses a request this API cannot carry, before anything is sent.
   *
   * @throws InvalidRequestException naming the problem
   */
  void check(ImageRequest request);

  /** Jobs with the same group go in one batch (at least: the same model). */
  String group(ImageRequest request);

  /** Submits one batch; all entries share a {@link #group}. */
  ProviderBatch submit(String label, List<Entry> entries);

  /** The batch's state now. */
  ProviderBatch get(String id);

  /** Polls until the batch is finished, telling {@code onPoll} each state. */
  ProviderBatch await(String id, Consumer<ProviderBatch> onPoll);

  /**
   * Whether {@link #results} has anything to read for a finished batch (a succeeded one, or, where
   * the provider keeps them, the results of an expired or cancelled one).
   */
  boolean hasResults(ProviderBatch batch);

  /**
   * Streams the batch's results. Requests the provider never ran (expired, cancelled) are not
   * reported, so the runner puts their jobs back to pending.
   */
  void results(ProviderBatch batch, Consumer<Result> sink);

  /** Asks the provider to cancel the batch. */
  void cancel(String id);

  /** Releases what the backend holds. Default: nothing. */
  @Override
  default void close() {}

  /** A job to send, under its key. */
  record Entry(String key, ImageRequest request) {}

  /** One request's outcome; exactly one of {@code response} and {@code error} is present. */
  record Result(String key, @Nullable ProviderResponse response, @Nullable DarkroomException error) {}

  /**
   * How the runner polls.
   *
   * @param pollInitial first wait between polls
   * @param pollMax longest wait between polls (waits grow towards it)
   */
  record Settings(Duration pollInitial, Duration pollMax) {
    /** 10 s growing to 60 s. */
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(10), Duration.ofSeconds(60));
    }
  }
}
