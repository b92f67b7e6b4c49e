package dev.darkroom;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The provider refused the prompt ({@code promptFeedback.blockReason}) or the generated image
 * (a finish reason such as {@code IMAGE_SAFETY} or {@code PROHIBITED_CONTENT}; OpenAI's
 * {@code moderation_blocked} error). Never retried: the same
 * prompt is likely to be blocked again. The call may still have been billed for its prompt tokens;
 * {@link #generation()} carries its usage and cost.
 */
public final class ContentBlockedException extends DarkroomException {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final transient @Nullable Generation generation;

  public ContentBlockedException(String message, String reason, @Nullable Generation generation) {
    this(message, reason, generation, Details.none());
  }

  /** A block reported as an HTTP error (OpenAI's {@code moderation_blocked}), with its status and body. */
  public ContentBlockedException(String message, String reason, @Nullable Generation generation, Details details) {
    super(message, null, details.retryable(false));
    this.reason = reason;
    this.generation = generation;
  }

  /** The finish reason or block reason the provider gave, e.g. {@code IMAGE_SAFETY}. */
  public String reason() {
    return reason;
  }

  /** What the provider returned (usage, response id, text), when a response was received. */
  public Optional<Generation> generation() {
    return Optional.ofNullable(generation);
  }

  @Override
  public ErrorKind kind() {
    return ErrorKind.CONTENT_BLOCKED;
  }
}
