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

  /**
   * Diagnostics: one step of the work took {@code took}, for a per-phase breakdown such as the CLI's
   * {@code --timings}. The phases, in the order they happen: {@value #PHASE_PROVIDER} and
   * {@value #PHASE_INPUTS} (once per request),
   * then per call {@value #PHASE_HISTORY} (before sending and after saving), {@value #PHASE_HTTP}
   * (sending, waiting, and reading and parsing the streamed response, retries included),
   * {@value #PHASE_DECODE} (sniffing and measuring the returned images), {@value #PHASE_ENCODE} (only
   * when the saved format differs from the returned one, and for grid cells), {@value #PHASE_PROVENANCE}
   * and {@value #PHASE_SAVE} (writing files). A phase may be reported several times; sum them.
   */
  default void onPhase(int call, String phase, Duration took) {}

  /** {@link #onPhase} name: finding the model's provider (first use: {@code ServiceLoader}) and opening its client. */
  String PHASE_PROVIDER = "provider discovery/open";
  /** {@link #onPhase} name: reading, downscaling and encoding the reference images. */
  String PHASE_INPUTS = "input preparation";
  /** {@link #onPhase} name: a write to the {@link GenerationRecorder} (the history). */
  String PHASE_HISTORY = "history write";
  /** {@link #onPhase} name: the provider call, from sending to the parsed response. */
  String PHASE_HTTP = "http request/response + parse";
  /** {@link #onPhase} name: identifying and measuring returned images (headers only, no pixel decode). */
  String PHASE_DECODE = "image decode";
  /** {@link #onPhase} name: decoding and re-encoding pixels (format conversion, grid cells). */
  String PHASE_ENCODE = "image re-encode";
  /** {@link #onPhase} name: building and embedding the provenance metadata. */
  String PHASE_PROVENANCE = "provenance embedding";
  /** {@link #onPhase} name: writing image files atomically. */
  String PHASE_SAVE = "image save";
}
