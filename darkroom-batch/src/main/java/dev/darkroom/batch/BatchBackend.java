package dev.darkroom.batch;

import dev.darkroom.DarkroomException;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.internal.provider.ProviderResponse;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One provider's batch API as the runner uses it: submit the jobs of one group, poll, read results,
 * cancel. Names passed in and out are the provider's own ids; the runner journals them qualified
 * ({@link #journalName}).
 */
interface BatchBackend {
  /** The provider id, as in the model table: {@code gemini}, {@code openai}. */
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
   * Whether {@link #results} has anything to read for a finished batch (a succeeded one; with OpenAI
   * also an expired or cancelled one, for the requests run before).
   */
  boolean hasResults(ProviderBatch batch);

  /**
   * Streams the batch's results. Requests the provider never ran (expired, cancelled) are not
   * reported, so the runner puts their jobs back to pending.
   */
  void results(ProviderBatch batch, Consumer<Result> sink);

  /** Asks the provider to cancel the batch. */
  void cancel(String id);

  /** A job to send, under its key. */
  record Entry(String key, ImageRequest request) {}

  /** One request's outcome; exactly one of {@code response} and {@code error} is present. */
  record Result(String key, @Nullable ProviderResponse response, @Nullable DarkroomException error) {}

  /** How a provider's batch id is journaled: Gemini's names as they are, others as {@code provider:id}. */
  static String journalName(String provider, String id) {
    return provider.equals("gemini") ? id : provider + ":" + id;
  }

  /** The provider of a journaled name; names without a {@code provider:} prefix are Gemini's. */
  static String providerOf(String journalName) {
    int colon = journalName.indexOf(':');
    int slash = journalName.indexOf('/');
    if (colon > 0 && (slash < 0 || colon < slash) && journalName.substring(0, colon).matches("[a-z][a-z0-9-]*")) {
      return journalName.substring(0, colon);
    }
    return "gemini";
  }

  /** The provider's own id of a journaled name. */
  static String idOf(String journalName) {
    String provider = providerOf(journalName);
    return journalName.startsWith(provider + ":") ? journalName.substring(provider.length() + 1) : journalName;
  }
}
