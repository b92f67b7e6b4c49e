package dev.darkroom.comfyui.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The {@code Authorization} header for an engine behind a reverse proxy (ComfyUI itself has no authentication).
 * The secret is only ever put into that header: {@link #toString()} shows the scheme alone.
 */
public final class ComfyAuth {
  private final String scheme;
  private final String headerValue;
  private final List<String> secrets;

  private ComfyAuth(String scheme, String headerValue, List<String> secrets) {
    this.scheme = scheme;
    this.headerValue = headerValue;
    this.secrets = List.copyOf(secrets);
  }

  /** {@code Authorization: Bearer <token>}. */
  public static ComfyAuth bearer(String token) {
    if (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new IllegalArgumentException("a bearer token must be non-blank printable ASCII without spaces");
    }
    return new ComfyAuth("Bearer", "Bearer " + token, List.of(token));
  }

  /** {@code Authorization: Basic base64(user:password)}. */
  public static ComfyAuth basic(String user, String password) {
    if (user.indexOf(':') >= 0) {
      throw new IllegalArgumentException("a basic-auth user name cannot contain ':'");
    }
    String encoded = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new ComfyAuth("Basic", "Basic " + encoded, List.of(encoded, password));
  }

  /** The header value; for the transport only, never for messages. */
  String headerValue() {
    return headerValue;
  }

  /** Texts a redactor must remove wherever they appear (the token; for basic auth the encoded pair and the password). */
  public List<String> secrets() {
    return secrets;
  }

  @Override
  public String toString() {
    return "ComfyAuth[" + scheme + " " + dev.darkroom.spi.Redactor.MASK + "]";
  }
}
