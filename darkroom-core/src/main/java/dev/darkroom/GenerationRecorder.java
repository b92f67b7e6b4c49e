package dev.darkroom;

import java.util.List;

/**
 * Keeps a durable record of every provider call (Darkroom's history store implements it).
 * {@link #begin} runs before the request is sent, so a crash leaves an "interrupted" record rather
 * than a paid image without a trace; the returned {@link Call} is completed after the images are
 * safely on disk, or with the failure. Implementations must be thread-safe.
 */
public interface GenerationRecorder {
  /** Records nothing. */
  GenerationRecorder NONE = (request, inputSha256, call) -> new Call() {};

  /**
   * Records that a call is about to be sent.
   *
   * @param inputSha256 SHA-256 of each reference image as given, in order
   * @param call 0-based call index within the request
   * @throws RuntimeException to stop the call before anything is sent
   */
  Call begin(ImageRequest request, List<String> inputSha256, int call);

  /**
   * Records that a call is about to be sent by a client that downscales reference images to
   * {@code maxInputSide}, which a record needs to send the same image bytes again. The client calls
   * this one; the default ignores {@code maxInputSide} and calls {@link #begin(ImageRequest, List, int)}.
   *
   * @param maxInputSide the client's longest side for reference images in pixels, 0 when sent unchanged
   * @throws RuntimeException to stop the call before anything is sent
   */
  default Call begin(ImageRequest request, List<String> inputSha256, int call, int maxInputSide) {
    return begin(request, inputSha256, call);
  }

  /** Completes one call's record. Exceptions thrown here are reported as warnings, never lose images. */
  interface Call {
    /** The call returned images, all already saved. */
    default void succeeded(Generation generation) {}

    /** The call failed; blocked and no-image failures carry the provider's response. */
    default void failed(DarkroomException error) {}
  }
}
