package dev.darkroom.comfyui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.AuthenticationException;
import dev.darkroom.DarkroomException;
import dev.darkroom.DarkroomException.Details;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.QuotaExceededException;
import dev.darkroom.RequestTimeoutException;
import dev.darkroom.ServerException;
import dev.darkroom.TransportException;
import dev.darkroom.spi.Redactor;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps what ComfyUI answers into Darkroom's exception family, quoting ComfyUI's own text. Machine-readable
 * detail travels in {@link DarkroomException#vendorStatus()}: ComfyUI's error {@code type} for a rejected graph
 * (e.g. {@code prompt_outputs_failed_validation}, {@code invalid_prompt_id}), and {@link #OUT_OF_MEMORY},
 * {@link #EXECUTION_ERROR}, {@link #INTERRUPTED}, {@link #CONNECTION_LOST} for failures while running.
 *
 * <p>Every message and body passes through the redactor, so an auth secret never reaches an exception.
 */
public final class ComfyErrors {
  /** vendorStatus of a run that failed because the GPU ran out of memory. */
  public static final String OUT_OF_MEMORY = "OUT_OF_MEMORY";
  /** vendorStatus of any other exception raised by a node while running. */
  public static final String EXECUTION_ERROR = "EXECUTION_ERROR";
  /** vendorStatus of a run stopped by {@code /interrupt} or a job cancel. */
  public static final String INTERRUPTED = "INTERRUPTED";
  /** vendorStatus of a websocket that closed or failed while a prompt was being watched. */
  public static final String CONNECTION_LOST = "CONNECTION_LOST";

  private static final int MAX_BODY = 64 * 1024;

  private final Redactor redactor;
  private final String engine;

  /**
   * @param engine how to name the engine in messages, e.g. its base URL
   */
  public ComfyErrors(Redactor redactor, String engine) {
    this.redactor = redactor;
    this.engine = engine;
  }

  /** A non-2xx answer to {@code what} (e.g. {@code POST /prompt}). */
  public DarkroomException http(String what, int status, @Nullable String body, @Nullable Duration retryAfter) {
    String b = trim(body);
    String head = "ComfyUI at " + engine + " answered " + what + " with HTTP " + status;
    if (status == 401) {
      return new AuthenticationException(r(head + ": the reverse proxy in front of it wants credentials; configure"
          + " bearer or basic auth for this engine"), null, Details.http(status, null, b));
    }
    if (status == 403) {
      return new AuthenticationException(r(head + ": the credentials were refused (or ComfyUI's origin check"
          + " rejected a cross-origin request)" + quoted(b)), null, Details.http(status, null, b));
    }
    if (status == 429 || (status == 503 && b != null && b.contains("\"queue_full\""))) {
      return new QuotaExceededException(r(head + ": the engine or its proxy is busy (queue full or rate limited)"
          + quoted(b)), null, Details.http(status, "QUEUE_FULL", b).retryable(true).retryAfter(retryAfter));
    }
    if (status == 400 || status == 413 || status == 422) {
      return new InvalidRequestException(r(head + ": the engine refused the request" + quoted(b)), null,
          Details.http(status, null, b));
    }
    if (status == 404 || status == 405) {
      return new ServerException(r(head + ": not found (a file or job the engine does not have, or a route this"
          + " server lacks: an older ComfyUI, or not ComfyUI at all)"), null, Details.http(status, null, b));
    }
    if (status >= 500) {
      return new ServerException(r(head + quoted(b)), null, Details.http(status, null, b).retryable(true)
          .retryAfter(retryAfter));
    }
    return new ServerException(r(head + quoted(b)), null, Details.http(status, null, b));
  }

  /**
   * {@code POST /prompt} refused the graph (400), or accepted it (200) while reporting invalid outputs in
   * {@code node_errors}. The message quotes ComfyUI's {@code error.message}/{@code details} and each node's
   * errors.
   */
  public InvalidRequestException promptRejected(int status, JsonNode body, @Nullable String queuedPromptId) {
    JsonNode error = body.path("error");
    StringBuilder sb = new StringBuilder("ComfyUI at ").append(engine).append(" rejected the graph");
    String type = null;
    if (error.isObject()) {
      type = error.path("type").asText(null);
      sb.append(": ").append(error.path("message").asText(""));
      String details = error.path("details").asText("");
      if (!details.isEmpty() && body.path("node_errors").isEmpty()) {
        sb.append(": ").append(details);
      }
    } else if (error.isTextual()) {
      sb.append(": ").append(error.asText());
    }
    appendNodeErrors(sb, body.path("node_errors"));
    if (queuedPromptId != null) {
      sb.append("\n(the valid outputs were queued as prompt ").append(queuedPromptId).append(" and have been cancelled)");
      type = type == null ? "node_errors" : type;
    }
    String b = trim(body.toString());
    return new InvalidRequestException(r(sb.toString()), null, Details.http(status, type, b));
  }

  /** An {@code execution_error} event (or the same data from {@code /history}): OOM or another node failure. */
  public ServerException executionError(JsonNode data) {
    String node = data.path("node_id").asText("?");
    String nodeType = data.path("node_type").asText("?");
    String exType = data.path("exception_type").asText("");
    String exMessage = data.path("exception_message").asText("").strip();
    String promptId = data.path("prompt_id").asText("");
    boolean oom = isOutOfMemory(exType, exMessage);
    String msg;
    if (oom) {
      msg = "ComfyUI at " + engine + " ran out of GPU memory in node " + node + " (" + nodeType + ") of prompt "
          + promptId + ": " + exType + ": " + exMessage + " — lower the batch size or image size, or free the GPU";
    } else {
      msg = "ComfyUI at " + engine + " failed in node " + node + " (" + nodeType + ") of prompt " + promptId + ": "
          + (exType.isEmpty() ? "" : exType + ": ") + exMessage;
    }
    return new ServerException(r(msg), null, Details.http(0, oom ? OUT_OF_MEMORY : EXECUTION_ERROR, trim(data.toString())));
  }

  /** An {@code execution_interrupted} event: someone (this client's cancel, or another) stopped the prompt. */
  public ServerException interrupted(JsonNode data) {
    String msg = "ComfyUI at " + engine + " interrupted prompt " + data.path("prompt_id").asText("") + " in node "
        + data.path("node_id").asText("?") + " (" + data.path("node_type").asText("?") + ")";
    return new ServerException(r(msg), null, Details.http(0, INTERRUPTED, trim(data.toString())));
  }

  /** The websocket closed or failed while a prompt was being watched; it may still finish on the engine. */
  public TransportException connectionLost(@Nullable String promptId, @Nullable Throwable cause, String how) {
    String msg = "lost the event connection to ComfyUI at " + engine + " (" + how + ")"
        + (promptId == null ? "" : "; prompt " + promptId + " may still finish: check /history/" + promptId);
    return new TransportException(r(msg), cause, Details.http(0, CONNECTION_LOST, null).retryable(true));
  }

  /** An I/O failure talking to the engine: a timeout becomes {@link RequestTimeoutException}. */
  public DarkroomException io(String what, IOException e) {
    if (e instanceof HttpTimeoutException) {
      return new RequestTimeoutException(r("ComfyUI at " + engine + " did not answer " + what + " in time"), e,
          Details.none());
    }
    return new TransportException(r("cannot reach ComfyUI at " + engine + " for " + what + ": " + describe(e)), e,
        Details.none().retryable(true));
  }

  /** The thread was interrupted while waiting; the interrupt flag is restored by the caller. */
  public TransportException interruptedWait(String what, InterruptedException e) {
    return new TransportException(r("interrupted while waiting for ComfyUI at " + engine + " (" + what + ")"), e,
        Details.none());
  }

  static boolean isOutOfMemory(String exceptionType, String exceptionMessage) {
    String t = exceptionType.toLowerCase(Locale.ROOT);
    String m = exceptionMessage.toLowerCase(Locale.ROOT);
    return t.contains("outofmemory") || m.contains("out of memory") || m.contains("ran out of memory")
        || m.contains("allocation on device");
  }

  private static void appendNodeErrors(StringBuilder sb, JsonNode nodeErrors) {
    Iterator<Map.Entry<String, JsonNode>> it = nodeErrors.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String classType = e.getValue().path("class_type").asText("?");
      for (JsonNode err : e.getValue().path("errors")) {
        sb.append("\n  node ").append(e.getKey()).append(" (").append(classType).append("): ")
            .append(err.path("message").asText(""));
        String details = err.path("details").asText("");
        if (!details.isEmpty()) {
          sb.append(": ").append(details);
        }
      }
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " " + m);
  }

  private String quoted(@Nullable String body) {
    return body == null || body.isBlank() ? "" : ": " + (body.length() > 500 ? body.substring(0, 500) + "…" : body);
  }

  private @Nullable String trim(@Nullable String body) {
    if (body == null) {
      return null;
    }
    String b = body.length() > MAX_BODY ? body.substring(0, MAX_BODY) : body;
    return redactor.redact(b);
  }

  private String r(String message) {
    String out = redactor.redact(message);
    return out == null ? "" : out;
  }
}
