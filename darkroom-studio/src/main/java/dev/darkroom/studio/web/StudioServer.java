package dev.darkroom.studio.web;

import com.sun.net.httpserver.HttpServer;
import dev.darkroom.Darkroom;
import dev.darkroom.history.History;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * Darkroom Studio's local web server: the Generate, History, Compare and Edit pages and their JSON API,
 * on 127.0.0.1 only.
 *
 * <pre>{@code
 * try (StudioServer studio = StudioServer.builder().darkroom(darkroom).history(history)
 *     .outputDirectory(Path.of("out")).build()) {
 *   System.out.println(studio.uri()); // open it in a browser
 *   ...
 * }
 * }</pre>
 *
 * <p>Security: it listens on the loopback address only and answers only requests whose {@code Host}
 * is {@code 127.0.0.1} or {@code localhost} at its port (no DNS rebinding). {@link #uri()} carries a
 * random per-launch token; opening it sets a {@code SameSite=Strict}, {@code HttpOnly} cookie that
 * every other request must carry. Requests that change something must also come from this origin
 * with a JSON body. Every response carries a strict Content-Security-Policy (scripts and styles from
 * this server only, no inline code). API keys stay in {@code darkroom}: no page or answer sees them.
 *
 * <p>Generations run on clients built from {@code darkroom}'s configuration ({@link Darkroom#newBuilder()})
 * with the history as recorder, at most {@link Builder#maxJobs} at a time; their files go to
 * {@link Builder#outputDirectory}, uploaded reference images to its {@code uploads} folder. Closing the
 * server cancels running jobs; it does not close {@code darkroom} or {@code history}.
 */
public final class StudioServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService httpExecutor;
  private final JobRunner jobs;
  private final Guard guard;

  private StudioServer(Builder b) throws IOException {
    Darkroom darkroom = Objects.requireNonNull(b.darkroom, "darkroom");
    History history = Objects.requireNonNull(b.history, "history");
    Path out = Objects.requireNonNull(b.outputDirectory, "outputDirectory").toAbsolutePath().normalize();
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 64);
    this.guard = new Guard(server.getAddress().getPort());
    this.jobs = new JobRunner(darkroom, history, out, b.maxJobs);
    // Server-sent event streams hold a thread each for as long as a page watches a job.
    this.httpExecutor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "darkroom-studio-http");
      t.setDaemon(true);
      return t;
    });
    Uploads uploads = new Uploads(out.resolve("uploads"), b.maxUploadBytes);
    Routes routes = new Routes(darkroom, history, jobs, guard, uploads);
    routes.add(new EditRoutes(new EditSessions(darkroom, history, jobs, out.resolve("sessions")), history, uploads, jobs));
    server.createContext("/", routes::handle);
    server.setExecutor(httpExecutor);
    server.start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The port the server listens on (chosen by the system when the builder's port was 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The launch URL, token included: open it in a browser. Treat it as a secret while the server runs. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port() + "/?token=" + guard.token());
  }

  /** Stops listening (waiting at most a second for exchanges in progress) and cancels running jobs. Idempotent. */
  @Override
  public void close() {
    jobs.close();
    server.stop(1);
    httpExecutor.shutdownNow();
  }

  @Override
  public String toString() {
    return "StudioServer{http://127.0.0.1:" + port() + "/}";
  }

  /** Configures a {@link StudioServer}; not thread-safe. */
  public static final class Builder {
    private @Nullable Darkroom darkroom;
    private @Nullable History history;
    private @Nullable Path outputDirectory;
    private int port;
    private int maxJobs = 2;
    private long maxUploadBytes = 20L * 1024 * 1024;

    private Builder() {}

    /** The client whose configuration (keys, endpoints, model table) jobs use; required. */
    public Builder darkroom(Darkroom darkroom) {
      this.darkroom = Objects.requireNonNull(darkroom);
      return this;
    }

    /** The history pages browse and jobs are recorded in; required. */
    public Builder history(History history) {
      this.history = Objects.requireNonNull(history);
      return this;
    }

    /** Where generated images are saved; required, created when missing. */
    public Builder outputDirectory(Path outputDirectory) {
      this.outputDirectory = Objects.requireNonNull(outputDirectory);
      return this;
    }

    /** The port on 127.0.0.1, 0 (the default) for a free one the system picks. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is out of range; allowed: 0 to 65535");
      }
      this.port = port;
      return this;
    }

    /** Jobs running at once; more wait in line. Default 2. */
    public Builder maxJobs(int maxJobs) {
      if (maxJobs < 1) {
        throw new IllegalArgumentException("maxJobs must be at least 1, got " + maxJobs);
      }
      this.maxJobs = maxJobs;
      return this;
    }

    /** The largest reference image a page may upload, in bytes. Default 20 MiB. */
    public Builder maxUploadBytes(long maxUploadBytes) {
      if (maxUploadBytes < 1) {
        throw new IllegalArgumentException("maxUploadBytes must be positive, got " + maxUploadBytes);
      }
      this.maxUploadBytes = maxUploadBytes;
      return this;
    }

    /**
     * Binds and starts the server.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public StudioServer build() {
      try {
        return new StudioServer(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
      }
    }
  }
}
