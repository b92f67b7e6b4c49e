package dev.darkroom.spi;

import dev.darkroom.GroundingSource;
import dev.darkroom.Usage;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One provider answer, parsed and classified but not yet judged: the client turns it into a
 * {@code Generation} or a blocked / no-image failure.
 *
 * @param outcome what the answer amounts to
 * @param reason the finish or block reason
 * @param reasonMessage the provider's explanation of the reason, when given
 * @param engineTime time the engine spent producing the images (a local engine's GPU time), when it
 *     reports one
 */
public record ProviderResponse(
    Outcome outcome,
    String reason,
    @Nullable String reasonMessage,
    List<RawImage> images,
    String text,
    String thoughts,
    List<GroundingSource> groundingSources,
    List<String> searchQueries,
    Usage usage,
    @Nullable String responseId,
    @Nullable String modelVersion,
    java.time.@Nullable Duration engineTime) {

  /** An answer without an engine time (cloud providers). */
  public ProviderResponse(Outcome outcome, String reason, @Nullable String reasonMessage, List<RawImage> images,
      String text, String thoughts, List<GroundingSource> groundingSources, List<String> searchQueries, Usage usage,
      @Nullable String responseId, @Nullable String modelVersion) {
    this(outcome, reason, reasonMessage, images, text, thoughts, groundingSources, searchQueries, usage, responseId,
        modelVersion, null);
  }

  /** Classification of an HTTP-200 answer. */
  public enum Outcome {
    /** At least one final image. */
    IMAGES,
    /** The prompt or the output was refused. */
    BLOCKED,
    /** No final image and no block: NO_IMAGE, IMAGE_OTHER, text only, MAX_TOKENS. */
    NO_IMAGE
  }
}
