package dev.darkroom.internal.provider;

/**
 * One image-generation backend (Gemini today). Implementations are thread-safe, own no threads, and
 * never retry: {@code Retrier} decides that from the exceptions they throw.
 */
public interface ImageProvider {
  /** The provider id used in the model table, e.g. {@code gemini}. */
  String id();

  /**
   * Makes one HTTP attempt.
   *
   * @throws dev.darkroom.DarkroomException classified, with {@code isRetryable()} and
   *     {@code retryAfter()} set where they apply
   */
  ProviderResponse generate(ProviderCall call);

  /**
   * The exact request {@link #generate} would send, as pretty JSON with base64 payloads elided
   * and no secrets, for {@code --dry-run}.
   */
  String describe(ProviderCall call);

  /** The endpoint a call would go to (no secrets). */
  String endpoint(ProviderCall call);
}
