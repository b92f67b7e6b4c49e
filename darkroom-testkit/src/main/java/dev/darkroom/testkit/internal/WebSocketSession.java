package dev.darkroom.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The server side of one RFC 6455 WebSocket: the upgrade handshake, unmasked server frames (text,
 * binary, ping, close), and a read loop for the client's masked frames that answers pings and
 * close frames. Sends are thread-safe; the read loop runs on the connection's own thread.
 */
public final class WebSocketSession {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final int MAX_MESSAGE = 16 * 1024 * 1024;
  private static final int OP_CONTINUATION = 0x0;
  private static final int OP_TEXT = 0x1;
  private static final int OP_BINARY = 0x2;
  private static final int OP_CLOSE = 0x8;
  private static final int OP_PING = 0x9;
  private static final int OP_PONG = 0xA;

  private final RawConnection connection;
  private final Object writeLock = new Object();
  private volatile boolean closeSent;
  private volatile boolean open = true;

  private WebSocketSession(RawConnection connection) {
    this.connection = connection;
  }

  /** Whether the request asks for a WebSocket upgrade ({@code Upgrade: websocket} with a key). */
  public static boolean isUpgrade(HttpRequestData request) {
    return "GET".equals(request.method())
        && request.header("Upgrade").orElse("").toLowerCase(Locale.ROOT).contains("websocket")
        && request.header("Sec-WebSocket-Key").isPresent();
  }

  /** The {@code Sec-WebSocket-Accept} value for a client key (RFC 6455 §4.2.2). */
  public static String acceptValue(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1")
          .digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JVM", e);
    }
  }

  /**
   * Answers the upgrade with {@code 101 Switching Protocols} and takes over the connection. A
   * request with a version other than 13 gets 426 and no session.
   */
  public static Optional<WebSocketSession> accept(HttpRequestData request, ResponseSink sink)
      throws IOException {
    if (!"13".equals(request.header("Sec-WebSocket-Version").orElse("").trim())) {
      sink.send(426, "text/plain", "Unsupported WebSocket version".getBytes(StandardCharsets.UTF_8),
          Map.of("Sec-WebSocket-Version", "13"));
      return Optional.empty();
    }
    RawConnection raw = sink.takeOver();
    String head = "HTTP/1.1 101 Switching Protocols\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + acceptValue(request.header("Sec-WebSocket-Key").orElseThrow())
        + "\r\n"
        + "Server: darkroom-testkit\r\n\r\n";
    raw.out().write(head.getBytes(StandardCharsets.ISO_8859_1));
    raw.out().flush();
    return Optional.of(new WebSocketSession(raw));
  }

  /** Whether neither side has closed the session yet. */
  public boolean isOpen() {
    return open && !connection.socket().isClosed();
  }

  /** Sends one text message in a single frame; false if the session is already closed or broken. */
  public boolean sendText(String text) {
    return send(OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends one binary message in a single frame; false if the session is already closed or broken. */
  public boolean sendBinary(byte[] payload) {
    return send(OP_BINARY, payload);
  }

  /** Sends a ping with up to 125 bytes of application data. */
  public boolean ping(byte[] data) {
    if (data.length > 125) {
      throw new IllegalArgumentException("ping data must be at most 125 bytes, got " + data.length);
    }
    return send(OP_PING, data);
  }

  /** Starts the closing handshake with a status code and reason; the read loop ends on the reply. */
  public void close(int code, String reason) {
    if (closeSent) {
      return;
    }
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[2 + Math.min(text.length, 123)];
    payload[0] = (byte) (code >> 8);
    payload[1] = (byte) code;
    System.arraycopy(text, 0, payload, 2, payload.length - 2);
    send(OP_CLOSE, payload);
    closeSent = true;
  }

  /** Drops the TCP connection without a closing handshake (an engine that dies). */
  public void abort() {
    open = false;
    try {
      connection.socket().setSoLinger(true, 0);
      connection.socket().close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  /**
   * Reads client frames until the client closes, the connection fails or {@link #abort()} is
   * called. Text messages go to {@code onText}; pings are answered with pongs; a close frame is
   * answered with a close frame. Unmasked client frames end the session with status 1002.
   */
  public void readLoop(Consumer<String> onText) {
    InputStream in = connection.in();
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    int messageType = -1;
    try {
      while (open) {
        int b0 = in.read();
        if (b0 < 0) {
          return;
        }
        int b1 = readByte(in);
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        boolean masked = (b1 & 0x80) != 0;
        long length = b1 & 0x7F;
        if (length == 126) {
          length = ((long) readByte(in) << 8) | readByte(in);
        } else if (length == 127) {
          length = 0;
          for (int i = 0; i < 8; i++) {
            length = (length << 8) | readByte(in);
          }
        }
        if (!masked) {
          close(1002, "client frames must be masked");
          return;
        }
        if (length > MAX_MESSAGE) {
          close(1009, "message too big");
          return;
        }
        byte[] mask = in.readNBytes(4);
        byte[] payload = in.readNBytes((int) length);
        if (mask.length != 4 || payload.length != length) {
          return;
        }
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= mask[i & 3];
        }
        switch (opcode) {
          case OP_PING -> send(OP_PONG, payload);
          case OP_PONG -> { }
          case OP_CLOSE -> {
            if (!closeSent) {
              send(OP_CLOSE, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
              closeSent = true;
            }
            return;
          }
          case OP_TEXT, OP_BINARY, OP_CONTINUATION -> {
            if (opcode != OP_CONTINUATION) {
              messageType = opcode;
              message.reset();
            }
            message.write(payload);
            if (fin && messageType == OP_TEXT) {
              onText.accept(message.toString(StandardCharsets.UTF_8));
            }
          }
          default -> {
            close(1002, "unknown opcode " + opcode);
            return;
          }
        }
      }
    } catch (SocketException | EOFException e) {
      // peer went away or we aborted
    } catch (IOException e) {
      // connection failure ends the session
    } finally {
      open = false;
    }
  }

  private boolean send(int opcode, byte[] payload) {
    if (!open || closeSent) {
      return false;
    }
    synchronized (writeLock) {
      try {
        OutputStream out = connection.out();
        out.write(0x80 | opcode);
        int n = payload.length;
        if (n < 126) {
          out.write(n);
        } else if (n <= 0xFFFF) {
          out.write(126);
          out.write(n >> 8);
          out.write(n);
        } else {
          out.write(127);
          for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) ((long) n >> shift));
          }
        }
        out.write(payload);
        out.flush();
        return true;
      } catch (IOException e) {
        open = false;
        return false;
      }
    }
  }

  private static int readByte(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("WebSocket frame cut short");
    }
    return b;
  }
}
