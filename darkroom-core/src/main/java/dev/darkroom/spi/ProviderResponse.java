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
 * @param charged false when the provider says this call is not billed (e.g. Google's "You will not be
 *     charged for this request" on a blocked prompt): its cost is recorded as zero
 * @param modelTurn when the call continued a conversation: the model turn's parts in order, thought
 *     parts left out, each with its signature byte-exact, image parts referring to the bytes in
 *     {@code images}; empty for one-shot calls
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
    java.time.@Nullable Duration engineTime,
    boolean charged,
    List<Conversation.Part> modelTurn) {

  /** A billed answer of a one-shot call. */
  public ProviderResponse(Outcome outcome, String reason, @Nullable String reasonMessage, List<RawImage> images,
      String text, String thoughts, List<GroundingSource> groundingSources, List<String> searchQueries, Usage usage,
      @Nullable String responseId, @Nullable String modelVersion, java.time.@Nullable Duration engineTime) {
    this(outcome, reason, reasonMessage, images, text, thoughts, groundingSources, searchQueries, usage, responseId,
        modelVersion, engineTime, true, List.of());
  }

  /** A billed answer of a call that continued a conversation. */
  public ProviderResponse(Outcome outcome, String reason, @Nullable String reasonMessage, List<RawImage> images,
      String text, String thoughts, List<GroundingSource> groundingSources, List<String> searchQueries, Usage usage,
      @Nullable String responseId, @Nullable String modelVersion, java.time.@Nullable Duration engineTime,
      List<Conversation.Part> modelTurn) {
    this(outcome, reason, reasonMessage, images, text, thoughts, groundingSources, searchQueries, usage, responseId,
        modelVersion, engineTime, true, modelTurn);
  }

  /** A billed answer of a one-shot call without an engine time (cloud providers). */
  public ProviderResponse(Outcome outcome, String reason, @Nullable String reasonMessage, List<RawImage> images,
      String text, String thoughts, List<GroundingSource> groundingSources, List<String> searchQueries, Usage usage,
      @Nullable String responseId, @Nullable String modelVersion) {
    this(outcome, reason, reasonMessage, images, text, thoughts, groundingSources, searchQueries, usage, responseId,
        modelVersion, null, true, List.of());
  }

  /** This answer, marked as not billed by the provider. */
  public ProviderResponse notCharged() {
    return new ProviderResponse(outcome, reason, reasonMessage, images, text, thoughts, groundingSources, searchQueries,
        usage, responseId, modelVersion, engineTime, false, modelTurn);
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
