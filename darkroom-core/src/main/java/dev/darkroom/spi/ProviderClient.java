package dev.darkroom.spi;

/**
 * A provider opened with one client's configuration. Thread-safe; owns no threads of its own (it
 * uses the context's). It never retries: the client decides that from the exceptions it throws.
 */
public interface ProviderClient extends AutoCloseable {
  /**
   * Makes one attempt. When the calling thread is interrupted (Ctrl-C, {@code Darkroom.close()}),
   * an engine that queues work cancels this call's job, and only this one, before throwing.
   *
   * @throws dev.darkroom.DarkroomException classified, with {@code isRetryable()} and
   *     {@code retryAfter()} set where they apply
   */
  ProviderResponse generate(ProviderCall call);

  /**
   * The exact request {@link #generate} would send, as pretty JSON with image payloads elided and no
   * secrets, for dry runs.
   */
  String describe(ProviderCall call);

  /** The endpoint a call would go to (no secrets). */
  String endpoint(ProviderCall call);

  /** Releases what the client holds. Default: nothing. */
  @Override
  default void close() {}
}
