package dev.darkroom.testkit.internal;

import java.io.IOException;

/** A request that is not valid HTTP/1.1; the server answers 400 and closes the connection. */
public final class HttpProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  public HttpProtocolException(String message) {
    super(message);
  }
}
