package dev.darkroom;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The request is invalid: a bad parameter, an unreadable input, an unknown model. Thrown before
 * anything is sent, except when the provider itself rejects the request (then {@link #httpStatus()}
 * is set).
 *
 * <p>When one setting is at fault, {@link #field()} names it in the request's canonical form
 * (e.g. {@code aspectRatio}, {@code openai.quality}) and {@link #allowed()} lists the values it
 * accepts, closest first where a closest is known, so a command line, a job file or a form can point
 * at it without parsing the message.
 */
public final class InvalidRequestException extends DarkroomException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String field;
  private final List<String> allowed;

  public InvalidRequestException(String message) {
    this(message, null, Details.none());
  }

  public InvalidRequestException(String message, @Nullable Throwable cause, Details details) {
    super(message, cause, details);
    this.field = null;
    this.allowed = List.of();
  }

  /**
   * @param field the canonical name of the setting at fault
   * @param allowed the values it accepts (may be empty when they cannot be listed)
   */
  public InvalidRequestException(String message, String field, List<String> allowed) {
    super(message, null, Details.none());
    this.field = field;
    this.allowed = List.copyOf(allowed);
  }

  /** The canonical name of the setting at fault, when one setting is. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  /** The values the field accepts; empty when unknown or not listable. */
  public List<String> allowed() {
    return allowed;
  }

  @Override
  public ErrorKind kind() {
    return ErrorKind.INVALID_REQUEST;
  }
}
