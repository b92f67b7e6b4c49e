package dev.darkroom.testkit.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP/1.1 server on a raw {@link ServerSocket} bound to 127.0.0.1, one daemon thread
 * per connection, with keep-alive. Raw sockets let handlers reset connections or send truncated
 * bodies, which a higher-level server would not allow.
 */
public final class SocketHttpServer implements AutoCloseable {
  private static final AtomicInteger SERVER_IDS = new AtomicInteger();

  private final ServerSocket serverSocket;
  private final HttpHandler handler;
  private final ExecutorService connections;
  private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connectionCount = new AtomicInteger();
  private final CountDownLatch acceptLoopEnded = new CountDownLatch(1);
  private volatile boolean closed;

  private SocketHttpServer(ServerSocket serverSocket, HttpHandler handler) {
    this.serverSocket = serverSocket;
    this.handler = handler;
    this.connections = Executors.newCachedThreadPool(daemonThreads(
        "darkroom-fake-server-" + SERVER_IDS.incrementAndGet() + "-"));
  }

  /**
   * Binds an ephemeral port on 127.0.0.1 and starts accepting connections.
   *
   * @param handler answers every well-formed request; malformed HTTP gets a plain 400 and a close
   */
  public static SocketHttpServer start(HttpHandler handler) {
    return start(handler, 0);
  }

  /** Like {@link #start(HttpHandler)} on a fixed port (0 = ephemeral). */
  public static SocketHttpServer start(HttpHandler handler, int port) {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      SocketHttpServer server = new SocketHttpServer(socket, handler);
      server.connections.execute(server::acceptLoop);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot bind the fake server to 127.0.0.1", e);
    }
  }

  /** The bound port. */
  public int port() {
    return serverSocket.getLocalPort();
  }

  private void acceptLoop() {
    try {
      acceptConnections();
    } finally {
      acceptLoopEnded.countDown();
    }
  }

  private void acceptConnections() {
    while (!closed) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        return; // closed
      }
      openSockets.add(socket);
      try {
        int connectionId = connectionCount.incrementAndGet();
        connections.execute(() -> serve(socket, connectionId));
      } catch (RuntimeException rejected) {
        closeQuietly(socket);
        openSockets.remove(socket);
      }
    }
  }

  private void serve(Socket socket, int connectionId) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      HttpRequestReader reader = new HttpRequestReader(in, out, connectionId);
      while (!closed) {
        Optional<HttpRequestData> next;
        try {
          next = reader.next();
        } catch (HttpProtocolException e) {
          byte[] body = ("Bad request: " + e.getMessage()).getBytes(StandardCharsets.UTF_8);
          new ResponseSink(socket, in, out, false).send(400, "text/plain", body, Map.of());
          return;
        }
        if (next.isEmpty()) {
          return;
        }
        ResponseSink sink = new ResponseSink(socket, in, out, next.get().keepAlive());
        handler.handle(next.get(), sink);
        if (sink.closeAfter() || socket.isClosed()) {
          return;
        }
      }
    } catch (SocketException e) {
      // peer went away or we reset it deliberately
    } catch (IOException e) {
      // connection-level failure: nothing left to answer
    } finally {
      openSockets.remove(socket);
    }
  }

  /**
   * Stops accepting, closes every open connection and stops the connection threads. Returns once
   * the listening socket is released (a thread blocked in {@code accept} defers the release), so
   * the port can be bound again at once.
   */
  @Override
  public void close() {
    closed = true;
    closeQuietly(serverSocket);
    for (Socket socket : openSockets) {
      closeQuietly(socket);
    }
    connections.shutdownNow();
    try {
      acceptLoopEnded.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing during shutdown; nothing to report
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
