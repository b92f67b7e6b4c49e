package dev.darkroom.internal.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The pieces every provider client builds the same way. */
public final class HttpSupport {
  private HttpSupport() {}

  /**
   * A JSON factory without Jackson's default size limits: provider responses carry images and
   * thought signatures of tens of megabytes, which the readers stream rather than hold as Strings.
   */
  public static JsonFactory largeDocumentJson() {
    return JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength(Integer.MAX_VALUE)
            .maxDocumentLength(-1)
            .build())
        .build();
  }

  /** Daemon threads named {@code prefix-1}, {@code prefix-2} …, so a forgotten client never keeps the JVM alive. */
  public static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * A cached daemon pool for an {@link HttpClient}; shut it down to release the client's threads.
   *
   * <p>It never rejects a task: once shut down, a task the client still hands it (the rest of an exchange
   * that was in flight, or one started later) runs on a daemon thread of its own. On Java 17 to 20 the JDK
   * client drops a task its executor rejects, so an exchange in flight when the pool was shut down would
   * never complete, not even at its timeout: a {@code send} (a job's cancel, a last {@code /history} read)
   * would block its caller forever. Later JDKs fall back to their own pool; this does the same on all.
   */
  public static ExecutorService httpExecutor(String prefix) {
    ThreadFactory threads = daemonThreads(prefix);
    ThreadFactory late = daemonThreads(prefix + "-after-close");
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60L, TimeUnit.SECONDS, new SynchronousQueue<>(), threads,
        (task, pool) -> late.newThread(task).start());
  }

  /**
   * The HTTP version for a request to {@code uri}: HTTP/2 over TLS (negotiated, falls back to 1.1),
   * plain HTTP/1.1 for {@code http://} endpoints such as local gateways and fakes, where an h2c upgrade
   * attempt only adds headers that almost no such server honours.
   */
  public static HttpClient.Version versionFor(java.net.URI uri) {
    return "http".equalsIgnoreCase(uri.getScheme()) ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2;
  }

  /**
   * Stops {@code client}'s selector thread now, aborting any exchange still open, so that the thread
   * is not sitting in a native {@code epoll_wait} when the process exits: HotSpot's exit waits up to
   * 300 ms for every thread in native code to come back, which is a third of a one-shot CLI
   * generation. On JDK 21 and later this is the public {@code HttpClient.shutdownNow()}. On JDK 17–20
   * it is the client's internal selector shutdown, reachable only when the launcher opens the package
   * ({@code --add-opens java.net.http/jdk.internal.net.http=ALL-UNNAMED}, as the {@code darkroom}
   * script does); otherwise nothing happens and the thread ends with the process as before.
   */
  public static void shutdownNow(HttpClient client) {
    try {
      HttpClient.class.getMethod("shutdownNow").invoke(client);
      return;
    } catch (NoSuchMethodException e) {
      // JDK 17-20: below
    } catch (ReflectiveOperationException | RuntimeException e) {
      return;
    }
    Module http = HttpClient.class.getModule();
    if (!http.isOpen("jdk.internal.net.http", HttpSupport.class.getModule())) {
      return;
    }
    try {
      java.lang.reflect.Field implField = client.getClass().getDeclaredField("impl");
      implField.setAccessible(true);
      Object impl = implField.get(client);
      java.lang.reflect.Field selectorField = impl.getClass().getDeclaredField("selmgr");
      selectorField.setAccessible(true);
      Object selector = selectorField.get(impl);
      java.lang.reflect.Method shutdown = selector.getClass().getDeclaredMethod("shutdown");
      shutdown.setAccessible(true);
      shutdown.invoke(selector);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // an internal that changed: the thread ends with the process instead
    }
  }

  /**
   * An HTTP client with a 10 s (or given) connect timeout, following redirects, on {@code executor}. Its TLS
   * context is the JDK default one, set up at the first {@code https://} connection rather than here.
   */
  public static HttpClient httpClient(Duration connectTimeout, ExecutorService executor) {
    HttpClient.Builder b = HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .executor(executor);
    // The JDK's default TLS context (CA certificates, key and trust managers) is built at the first
    // https connection instead of here; a client of http:// endpoints never builds it. Same parameters.
    try {
      b.sslContext(LazyTls.context()).sslParameters(LazyTls.defaultParameters());
    } catch (java.security.GeneralSecurityException | RuntimeException e) {
      // a JDK without a plain "TLS" context: the client builds the default one itself, as before
    }
    return b.build();
  }
}
