package dev.darkroom.spi;

import dev.darkroom.ImageRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Everything one attempt needs.
 *
 * @param request the validated request
 * @param inputs its reference images, prepared
 * @param mask the prepared edit mask, when the request has one
 * @param imageCount images this call asks for (providers without {@code n} ask for one)
 * @param timeout the whole-attempt deadline
 * @param thoughts receives streamed thought text; a no-op when nobody listens
 * @param partials receives streamed partial images; a no-op when nobody listens
 * @param progress receives an engine's progress (sampler steps); a no-op when nobody listens
 */
public record ProviderCall(
    ImageRequest request,
    List<PreparedInput> inputs,
    @Nullable PreparedInput mask,
    int imageCount,
    Duration timeout,
    Consumer<String> thoughts,
    PartialSink partials,
    ProgressSink progress) {

  /** A call for one image without mask or partials. */
  public ProviderCall(ImageRequest request, List<PreparedInput> inputs, Duration timeout, Consumer<String> thoughts) {
    this(request, inputs, null, 1, timeout, thoughts, PartialSink.NONE, ProgressSink.NONE);
  }

  /** A call without progress reports. */
  public ProviderCall(ImageRequest request, List<PreparedInput> inputs, @Nullable PreparedInput mask, int imageCount,
      Duration timeout, Consumer<String> thoughts, PartialSink partials) {
    this(request, inputs, mask, imageCount, timeout, thoughts, partials, ProgressSink.NONE);
  }

  /** Receives an engine's progress as it works. */
  @FunctionalInterface
  public interface ProgressSink {
    ProgressSink NONE = (step, total) -> {};

    /**
     * @param step steps done so far (e.g. sampler steps, across base and refiner)
     * @param total steps in all
     */
    void accept(int step, int total);
  }

  /** Receives partial images as they stream in. */
  @FunctionalInterface
  public interface PartialSink {
    PartialSink NONE = (index, image) -> {};

    /** @param index the provider's 0-based partial index */
    void accept(int index, RawImage image);
  }
}
