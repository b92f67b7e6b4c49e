package dev.darkroom;

import java.util.Map;
import java.util.function.Consumer;

/**
 * One provider's own knobs for a request (Gemini's thinking level, OpenAI's quality, a local
 * engine's sampler), attached to an {@link ImageRequest} by type: {@code request.options(GeminiOptions.class)}.
 *
 * <p>Implementations are immutable values with builders, living in their provider's module. Their
 * canonical form, {@link #values()}, is what history, provenance, batch keys and re-runs store; the
 * provider reads it back with {@code ImageProvider.readOptions}.
 */
public interface ProviderOptions {
  /** The id of the provider these options are for, e.g. {@code gemini}. */
  String provider();

  /**
   * The options that are set, in their canonical form: names as the provider documents them, values
   * as strings, numbers, booleans, or lists of those. Unset options are left out; iteration order is
   * stable.
   */
  Map<String, Object> values();

  /**
   * Checks these options against the request they belong to (its model's capabilities, its other
   * settings) and returns them normalised.
   *
   * @param warnings receives adjustments a user should hear about
   * @throws InvalidRequestException naming the field ({@code <provider>.<name>}), the bad value and
   *     what is allowed
   */
  ProviderOptions validate(ImageRequest request, Consumer<String> warnings);

  /**
   * Whether the images these options ask for carry transparency (an alpha channel the user asked for),
   * so that saving them in a format without alpha (JPEG) would lose it. Checked before sending.
   * Default: no.
   */
  default boolean producesTransparency() {
    return false;
  }
}
