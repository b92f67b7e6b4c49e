package dev.darkroom;

import dev.darkroom.internal.io.WritableDirs;
import dev.darkroom.spi.PreparedInput;
import dev.darkroom.spi.ProviderResponse;
import dev.darkroom.spi.RawImage;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finishes provider answers that arrived outside {@link Darkroom#generate}: the results of a
 * provider's batch API, fetched hours after the requests were sent, possibly by another process.
 * Each answer is judged exactly as {@code generate} judges one (images, blocked, no image), priced at
 * the model's batch rate ({@link Pricing#batchCost}), and its images are converted, sliced, given
 * provenance and written atomically, as {@link SaveOptions} say.
 *
 * <p>Used by {@code dev.darkroom.gemini.GeminiBatchClient} and {@code dev.darkroom.openai.OpenAiBatchClient} callers such as the batch runner; most
 * applications never need it. Thread-safe.
 */
public final class DeferredResults {
  private final InputPreparer preparer;
  private final GenerationListener listener;

  /**
   * @param maxInputSide reference images are downscaled to this longest side, as
   *     {@link Darkroom.Builder#maxInputSide} does; 0 sends them unchanged
   * @param listener told about warnings and each saved file
   */
  public DeferredResults(int maxInputSide, GenerationListener listener) {
    if (maxInputSide < 0) {
      throw new IllegalArgumentException("maxInputSide must be 0 (off) or positive, got " + maxInputSide);
    }
    HttpClient http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
    this.preparer = new InputPreparer(http, maxInputSide);
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Loads the request's reference images as {@code generate} would send them (downscaled, converted),
   * with the SHA-256 of each original.
   *
   * @throws InvalidRequestException naming an input that cannot be loaded
   */
  public List<PreparedInput> prepare(ImageRequest request) {
    return preparer.prepare(request.images());
  }

  /**
   * Loads the request's edit mask as {@code generate} would send it, checked against the first input
   * (same size, PNG with alpha); empty when the request has no mask.
   *
   * @param inputs the request's inputs from {@link #prepare}
   * @throws InvalidRequestException naming a mask that cannot be loaded or does not fit
   */
  public java.util.Optional<PreparedInput> prepareMask(ImageRequest request, List<PreparedInput> inputs) {
    if (request.mask().isEmpty() || inputs.isEmpty()) {
      return java.util.Optional.empty();
    }
    PreparedInput mask = preparer.prepare(List.of(request.mask().get())).get(0);
    PreparedInput first = inputs.get(0);
    MaskCheck.checkPrepared(mask.bytes(), mask.source(), first.width(), first.height(), first.source());
    return java.util.Optional.of(mask);
  }

  /**
   * Judges and saves one answer.
   *
   * @param inputs the request's inputs from {@link #prepare}, for provenance
   * @param latency how long the answer took to arrive, as far as anyone knows
   * @return the generation with its saved images, priced at the batch rate
   * @throws ContentBlockedException when the provider refused the prompt or the image (carrying the
   *     generation and its cost)
   * @throws NoImageException when the answer has no final image
   * @throws OutputException when an image can be saved neither where asked nor in the temporary directory
   */
  public Generation finish(ImageRequest request, List<PreparedInput> inputs, ProviderResponse response,
      Duration latency, SaveOptions save) {
    Objects.requireNonNull(save, "save");
    try {
      WritableDirs.requireWritable(save.directory().toAbsolutePath(), true);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
    List<GeneratedImage> finals = new ArrayList<>();
    List<GeneratedImage> thoughts = new ArrayList<>();
    for (RawImage raw : response.images()) {
      (raw.thought() ? thoughts : finals).add(Darkroom.toImage(raw));
    }
    BigDecimal cost = request.model().pricing().batchCost(response.usage());
    Generation g = new Generation(request.model().id(), response.modelVersion(), response.responseId(), finals,
        thoughts, response.text(), response.thoughts(), response.reason(), response.groundingSources(),
        response.searchQueries(), latency, 1, response.usage(), cost);
    switch (response.outcome()) {
      case BLOCKED -> throw Darkroom.blocked(response, g);
      case NO_IMAGE -> throw Darkroom.noImage(response, g);
      case IMAGES -> {
        ImageSaver saver = new ImageSaver(save, request.model().provider(), listener::onWarning);
        Generation done = saver.finish(request, inputs, g, finals, thoughts, 0, 1, listener);
        listener.onCallSucceeded(0, done);
        return done;
      }
      default -> throw new IllegalStateException(response.outcome().name());
    }
  }
}
