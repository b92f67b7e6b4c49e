package dev.darkroom.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes one HTTP/1.1 response (or deliberately broken response) to a connection. Every method
 * except {@link #send} leaves the connection unusable; the server then closes it.
 */
public final class ResponseSink {
  private static final Map<Integer, String> REASONS = Map.ofEntries(
      Map.entry(101, "Switching Protocols"), Map.entry(200, "OK"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
      Map.entry(402, "Payment Required"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
      Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
      Map.entry(409, "Conflict"), Map.entry(413, "Payload Too Large"),
      Map.entry(429, "Too Many Requests"), Map.entry(499, "Client Closed Request"),
      Map.entry(500, "Internal Server Error"), Map.entry(502, "Bad Gateway"),
      Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final boolean clientKeepAlive;
  private boolean closeAfter;

  ResponseSink(Socket socket, InputStream in, OutputStream out, boolean clientKeepAlive) {
    this.socket = socket;
    this.in = in;
    this.out = out;
    this.clientKeepAlive = clientKeepAlive;
  }

  /** Sends a complete response framed by {@code Content-Length}. */
  public void send(int status, String contentType, byte[] body, Map<String, String> extraHeaders)
      throws IOException {
    closeAfter |= !clientKeepAlive;
    writeHead(status, contentType, body.length, extraHeaders);
    out.write(body);
    out.flush();
  }

  /**
   * Announces {@code body.length} bytes but sends only the first {@code sentBytes}, then closes
   * the connection.
   */
  public void sendTruncated(int status, String contentType, byte[] body, int sentBytes)
      throws IOException {
    closeAfter = true;
    writeHead(status, contentType, body.length, Map.of());
    out.write(body, 0, Math.min(sentBytes, body.length));
    out.flush();
  }

  /**
   * Starts a response without length whose end is the connection close (used for server-sent
   * events). The caller writes to the returned stream and must not close the socket itself.
   */
  public OutputStream beginUntilClose(int status, String contentType) throws IOException {
    closeAfter = true;
    writeHead(status, contentType, -1, Map.of());
    out.flush();
    return out;
  }

  /** Aborts the connection with a TCP reset (linger zero) and sends nothing. */
  public void reset() throws IOException {
    closeAfter = true;
    socket.setSoLinger(true, 0);
    socket.close();
  }

  /**
   * Hands the raw connection to the handler for a protocol switch (a WebSocket upgrade). The handler
   * owns the streams until it returns; the server then closes the connection.
   */
  public RawConnection takeOver() {
    closeAfter = true;
    return new RawConnection(socket, in, out);
  }

  boolean closeAfter() {
    return closeAfter;
  }

  private void writeHead(int status, String contentType, long length, Map<String, String> extra)
      throws IOException {
    StringBuilder head = new StringBuilder(256)
        .append("HTTP/1.1 ").append(status).append(' ')
        .append(REASONS.getOrDefault(status, "Status " + status)).append("\r\n")
        .append("Content-Type: ").append(contentType).append("\r\n")
        .append("Vary: Origin\r\nVary: X-Origin\r\nVary: Referer\r\n")
        .append("Server: darkroom-testkit\r\n");
    if (length >= 0) {
      head.append("Content-Length: ").append(length).append("\r\n");
    }
    extra.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    if (closeAfter) {
      head.append("Connection: close\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
  }
}
