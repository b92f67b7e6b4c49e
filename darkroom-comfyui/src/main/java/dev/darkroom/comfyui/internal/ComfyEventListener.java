package dev.darkroom.comfyui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.DarkroomException;
import dev.darkroom.TransportException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Events from ComfyUI's {@code /ws} websocket, one method per message type; every method does nothing by
 * default. Execution events reach only the socket whose {@code clientId} queued the prompt, but a client id may
 * queue several prompts, so each event carries its {@code promptId} for the listener to filter.
 *
 * <p>Methods run on the websocket's thread, one at a time, in arrival order; they must return quickly and not
 * throw (a thrown exception closes the socket).
 */
public interface ComfyEventListener {
  /** {@code status}: queue length changed (also sent once on connect, with the socket's {@code sid}). */
  default void onStatus(int queueRemaining, @Nullable String sid) {}

  /** {@code execution_start}: the prompt started running. */
  default void onExecutionStart(String promptId) {}

  /** {@code execution_cached}: these nodes are skipped, their outputs are cached from an earlier run. */
  default void onCached(String promptId, List<String> nodeIds) {}

  /**
   * {@code executing}: a node is about to run; {@code nodeId} null means the prompt is finished (the signal
   * ComfyUI's own examples wait for).
   */
  default void onExecuting(@Nullable String promptId, @Nullable String nodeId) {}

  /** {@code progress}: a step of a node that reports progress, such as a sampler ({@code value} of {@code max}). */
  default void onProgress(@Nullable String promptId, @Nullable String nodeId, int value, int max) {}

  /** {@code executed}: an output node finished; {@code images} are its files, {@code output} the whole UI output. */
  default void onExecuted(String promptId, String nodeId, List<ImageRef> images, JsonNode output) {}

  /** {@code execution_success}: every node finished. */
  default void onSuccess(String promptId) {}

  /** {@code execution_error}: a node raised; {@code error} is already mapped (OOM or other), {@code data} raw. */
  default void onExecutionError(String promptId, DarkroomException error, JsonNode data) {}

  /** {@code execution_interrupted}: the prompt was stopped by {@code /interrupt} or a cancel. */
  default void onInterrupted(String promptId, @Nullable String nodeId) {}

  /**
   * A binary preview frame: the sampler's current picture.
   *
   * @param mimeType {@code image/jpeg} or {@code image/png}
   * @param promptId known only for frames with metadata (newer servers), else null
   */
  default void onPreview(String mimeType, byte[] image, @Nullable String promptId, @Nullable String nodeId) {}

  /** Any other JSON message ({@code progress_state}, {@code feature_flags}, custom nodes' messages). */
  default void onOther(String type, JsonNode data) {}

  /** The server closed the socket normally or with a status. */
  default void onClosed(int statusCode, String reason) {}

  /** The socket failed (network error, or a frame that could not be read). */
  default void onConnectionLost(TransportException error) {}
}
