package dev.darkroom;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The call succeeded but returned no final image: finish reason {@code NO_IMAGE}, {@code IMAGE_OTHER},
 * {@code MAX_TOKENS}, or a text-only answer. {@link #modelText()} holds what the model said instead,
 * which often explains why (ask for an image explicitly, or rephrase).
 */
public final class NoImageException extends DarkroomException {
  private static final long serialVersionUID = 1L;

  private final String finishReason;
  private final String modelText;
  private final transient @Nullable Generation generation;

  public NoImageException(String message, String finishReason, String modelText, @Nullable Generation generation) {
    super(message, null, Details.none());
    this.finishReason = finishReason;
    this.modelText = modelText;
    this.generation = generation;
  }

  /** The finish reason, e.g. {@code NO_IMAGE} or {@code STOP} for a text-only answer. */
  public String finishReason() {
    return finishReason;
  }

  /** The text the model returned instead of an image; empty when there was none. */
  public String modelText() {
    return modelText;
  }

  /** What the provider returned (usage, response id), when a response was received. */
  public Optional<Generation> generation() {
    return Optional.ofNullable(generation);
  }

  @Override
  public ErrorKind kind() {
    return ErrorKind.NO_IMAGE;
  }
}
