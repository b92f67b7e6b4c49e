package dev.darkroom.comfyui.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.darkroom.AuthenticationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real JDK websocket against a minimal loopback RFC 6455 server that sends ComfyUI-shaped frames. */
class ComfyEventsTest {

  @Test
  void opensWsWithClientIdAndAuthAndDeliversTextAndBinaryFrames() throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<String> requestHead = new CopyOnWriteArrayList<>();
      Thread t = new Thread(() -> serve(ss, requestHead, true));
      t.start();
      List<String> events = new CopyOnWriteArrayList<>();
      CountDownLatch closed = new CountDownLatch(1);
      ComfyClient client = ComfyClient.builder().baseUrl("http://127.0.0.1:" + ss.getLocalPort())
          .auth(ComfyAuth.bearer("tok-1234")).version(ComfyVersion.UNKNOWN).requestTimeout(Duration.ofSeconds(10)).build();
      ComfyClient.EventStream stream = client.events("client 1", new ComfyEventListener() {
        @Override
        public void onProgress(String promptId, String nodeId, int value, int max) {
          events.add("progress " + value + "/" + max);
        }

        @Override
        public void onExecuting(String promptId, String nodeId) {
          events.add("executing " + nodeId);
        }

        @Override
        public void onPreview(String mimeType, byte[] image, String promptId, String nodeId) {
          events.add("preview " + mimeType + " " + image.length);
        }

        @Override
        public void onClosed(int statusCode, String reason) {
          events.add("closed " + statusCode);
          closed.countDown();
        }
      });
      try {
        assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
      } finally {
        stream.close();
        stream.close();
      }
      t.join(10_000);
      assertThat(requestHead.get(0)).isEqualTo("GET /ws?clientId=client%201 HTTP/1.1");
      assertThat(requestHead).anyMatch(h -> h.equalsIgnoreCase("Authorization: Bearer tok-1234"));
      assertThat(requestHead).noneMatch(h -> h.toLowerCase().startsWith("origin:"));
      // The progress message arrives split over two frames (a continuation), and is assembled.
      assertThat(events).containsExactly("progress 3/30", "preview image/png 4", "executing null", "closed 1000");
    }
  }

  @Test
  void aRefusedHandshakeIsAnAuthenticationFailure() throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> serve(ss, new CopyOnWriteArrayList<>(), false));
      t.start();
      ComfyClient client = ComfyClient.builder().baseUrl("http://127.0.0.1:" + ss.getLocalPort())
          .auth(ComfyAuth.bearer("tok-1234")).version(ComfyVersion.UNKNOWN).requestTimeout(Duration.ofSeconds(10)).build();
      AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
          () -> client.events("c", new ComfyEventListener() {}));
      assertThat(e.httpStatus()).isEqualTo(401);
      assertThat(e.getMessage()).doesNotContain("tok-1234");
      t.join(10_000);
    }
  }

  private static void serve(ServerSocket ss, List<String> head, boolean accept) {
    try (Socket s = ss.accept()) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      String key = null;
      for (String line : readHead(in).split("\r\n")) {
        head.add(line);
        if (line.toLowerCase().startsWith("sec-websocket-key:")) {
          key = line.substring(line.indexOf(':') + 1).trim();
        }
      }
      if (!accept) {
        out.write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return;
      }
      String acceptKey = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
          .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
      out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Accept: " + acceptKey + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String progress = "{\"type\": \"progress\", \"data\": {\"value\": 3, \"max\": 30, \"prompt_id\": \"p\", \"node\": \"3\"}}";
      int half = progress.length() / 2;
      frame(out, 0x01, progress.substring(0, half).getBytes(StandardCharsets.UTF_8)); // text, not final
      frame(out, 0x80, progress.substring(half).getBytes(StandardCharsets.UTF_8)); // final continuation
      frame(out, 0x82, new byte[] {0, 0, 0, 1, 0, 0, 0, 2, 9, 8, 7, 6}); // PREVIEW_IMAGE, PNG
      frame(out, 0x81, "{\"type\": \"executing\", \"data\": {\"node\": null, \"prompt_id\": \"p\"}}"
          .getBytes(StandardCharsets.UTF_8));
      frame(out, 0x88, new byte[] {0x03, (byte) 0xe8});
      out.flush();
      // Wait for the client's close frame (or EOF) before closing the socket.
      in.read();
    } catch (Exception e) {
      head.add("server failed: " + e);
    }
  }

  private static void frame(OutputStream out, int first, byte[] payload) throws IOException {
    out.write(first);
    if (payload.length < 126) {
      out.write(payload.length);
    } else {
      out.write(126);
      out.write(payload.length >> 8);
      out.write(payload.length & 0xff);
    }
    out.write(payload);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      buf.write(b);
      state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
    }
    return buf.toString(StandardCharsets.US_ASCII).trim();
  }
}
