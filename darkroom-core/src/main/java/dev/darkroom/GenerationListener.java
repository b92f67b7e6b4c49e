package dev.darkroom;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Progress callbacks for a {@link Darkroom} client. Every method has a no-op default. Calls for
 * parallel images arrive on different threads; implementations must be thread-safe and quick.
 * {@code call} is the 0-based index of the image call within one request.
 */
public interface GenerationListener {
  GenerationListener NONE = new GenerationListener() {};

  /** A non-fatal problem worth telling the user, e.g. a deprecated model. */
  default void onWarning(String message) {}

  /** An HTTP attempt is starting (attempt is 1-based). */
  default void onAttempt(int call, int attempt) {}

  /** An attempt failed and will be retried after {@code delay}. */
  default void onRetry(int call, int attempt, Duration delay, DarkroomException cause) {}

  /** Thought text streamed while the model works (only with thoughts requested). */
  default void onThought(int call, String text) {}

  /**
   * A partial image arrived while an image streams (only with partial images requested); it is saved
   * first when {@link SaveOptions#savePartialImages()} is set. The final image follows as usual.
   *
   * @param index 0-based index of the partial within its image
   */
  /** A local engine's progress on call {@code call}: {@code step} of {@code total} steps done. */
  default void onProgress(int call, int step, int total) {}

  default void onPartialImage(int call, int index, GeneratedImage partial) {}

  /** A file was written atomically; called before anything else happens with it. */
  default void onImageSaved(int call, Path path, GeneratedImage image) {}

  /** A call finished with images. */
  default void onCallSucceeded(int call, Generation generation) {}

  /** A call failed for good. */
  default void onCallFailed(int call, DarkroomException error) {}
}
