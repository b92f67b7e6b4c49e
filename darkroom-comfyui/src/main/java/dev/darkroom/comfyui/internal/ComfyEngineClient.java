package dev.darkroom.comfyui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.DarkroomException;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.QuotaExceededException;
import dev.darkroom.ServerException;
import dev.darkroom.TransportException;
import dev.darkroom.Usage;
import dev.darkroom.comfyui.ComfyOptions;
import dev.darkroom.comfyui.ComfyUIProvider;
import dev.darkroom.spi.Redactor;
import dev.darkroom.Sleeper;
import dev.darkroom.spi.PreparedInput;
import dev.darkroom.spi.ProviderCall;
import dev.darkroom.spi.ProviderClient;
import dev.darkroom.spi.ProviderResponse;
import dev.darkroom.spi.RawImage;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The ComfyUI provider's client: runs one job per call on an engine of the pool.
 *
 * <p>Per call: pick an engine (its {@code /object_info} is cached; an unknown checkpoint, LoRA, embedding,
 * sampler or scheduler is refused here, before anything is queued), upload the input image for img2img, build the
 * graph ({@link GraphBuilder}, or {@link WorkflowFiller} for a user's workflow) and check it against the engine's
 * node definitions, open {@code /ws} with a fresh client id, queue the graph under a prompt id chosen here, report
 * sampler steps and preview frames, then read {@code /history} and fetch the images with {@code /view}. The PNGs
 * keep ComfyUI's {@code prompt} chunk (added when an engine did not write it).
 *
 * <p>Failures: a graph the engine rejects is {@link InvalidRequestException}; an execution error or out of GPU
 * memory a {@link ServerException} (vendor status {@link ComfyErrors#EXECUTION_ERROR} /
 * {@link ComfyErrors#OUT_OF_MEMORY}, not retried); a full queue {@link QuotaExceededException} (retryable); an
 * engine that cannot be reached or goes away mid-job a retryable {@link TransportException}
 * ({@link ComfyErrors#CONNECTION_LOST}); an engine that restarted and lost the job a retryable
 * {@link ServerException} ({@link #ENGINE_RESTARTED}). Engine failures take the engine out of the pool, and a job
 * that has not been queued yet moves on to the next engine at once.
 *
 * <p>Cancel: when the calling thread is interrupted, or the client is closed, the job is cancelled on its engine
 * (only that job) before the call throws.
 */
public final class ComfyEngineClient implements ProviderClient {
  /** vendorStatus of a job lost because its engine restarted. */
  public static final String ENGINE_RESTARTED = "ENGINE_RESTARTED";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_RECONNECTS = 3;
  private static final Duration REGISTER_WAIT = Duration.ofSeconds(10);
  private static final Duration HISTORY_POLL = Duration.ofSeconds(2);

  private final EnginePool pool;
  private final Sleeper sleeper;
  private final Redactor redactor;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public ComfyEngineClient(EnginePool pool, Sleeper sleeper, Redactor redactor) {
    this.pool = pool;
    this.sleeper = sleeper;
    this.redactor = redactor;
  }

  @Override
  public ProviderResponse generate(ProviderCall call) {
    if (closed) {
      throw new TransportException("the ComfyUI client is closed", null, DarkroomException.Details.none());
    }
    ImageRequest request = call.request();
    GraphSettings settings = settings(request, call.imageCount());
    BigInteger seed = GraphBuilder.unsignedSeed(request.seed().orElseThrow(() -> new IllegalStateException(
        "no seed: Darkroom chooses one through ComfyUIProvider.chooseSeed")));
    List<Engine> tried = new ArrayList<>();
    while (true) {
      Engine engine = pool.pick(settings, request.prompt(), tried);
      tried.add(engine);
      boolean queued = false;
      try {
        Job job = prepare(engine, settings, request, call, seed);
        queued = true;
        ProviderResponse r = run(engine, job, call);
        engine.markUp();
        return r;
      } catch (EngineFailure f) {
        pool.markDown(engine);
        if (f.beforeQueue && tried.size() < pool.engines().size() && !Thread.currentThread().isInterrupted()) {
          continue;
        }
        throw f.error;
      } finally {
        if (!queued) {
          engine.release();
        }
        engine.finish();
      }
    }
  }

  /** Uploads, builds and checks the graph; nothing is queued yet. */
  private Job prepare(Engine engine, GraphSettings settings, ImageRequest request, ProviderCall call, BigInteger seed) {
    ObjectInfo info;
    String image = null;
    try {
      info = engine.info(false);
      if (!call.inputs().isEmpty()) {
        PreparedInput in = call.inputs().get(0);
        String name = "darkroom-" + in.sourceSha256().substring(0, Math.min(16, in.sourceSha256().length()))
            + extension(in.mimeType());
        image = engine.client().uploadImage(in.bytes(), name, in.mimeType(), false).loadImageValue();
      }
    } catch (InvalidRequestException e) {
      throw e;
    } catch (QuotaExceededException | TransportException e) {
      throw new EngineFailure(e, true);
    } catch (ServerException e) {
      throw e.isRetryable() ? new EngineFailure(e, true) : e;
    }
    ObjectNode graph = new GraphBuilder().build(settings, request.prompt(), seed, image);
    List<ObjectInfo.Problem> problems = info.validate(graph);
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(redactor.redact("the graph for " + request.model().id()
          + " does not fit ComfyUI at " + engine.url() + ": " + problems), "options", List.of());
    }
    return new Job(graph, info, UUID.randomUUID().toString(), "darkroom-" + UUID.randomUUID());
  }

  private ProviderResponse run(Engine engine, Job job, ProviderCall call) {
    ComfyClient client = engine.client();
    Watcher watcher = new Watcher(call, expectedSteps(call.request()));
    Running r = new Running(engine, job.promptId, watcher);
    running.put(job.promptId, r);
    ComfyClient.EventStream events = null;
    try {
      try {
        events = client.events(job.clientId, watcher);
      } catch (TransportException e) {
        throw new EngineFailure(e, true);
      }
      awaitRegistered(watcher);
      QueuedPrompt queued;
      try {
        queued = client.queuePrompt(job.graph, job.clientId, job.promptId);
      } catch (QuotaExceededException | TransportException e) {
        throw new EngineFailure(e, true);
      } catch (ServerException e) {
        if (e.isRetryable()) {
          throw new EngineFailure(e, true);
        }
        throw e;
      } finally {
        engine.release();
      }
      r.promptId = queued.promptId();
      if (closed) {
        cancelQuietly(engine, queued.promptId());
        throw closedError();
      }
      HistoryEntry entry = await(engine, queued.promptId(), job, watcher, events, call.timeout());
      return response(engine, job, entry, watcher);
    } finally {
      running.remove(job.promptId);
      if (events != null) {
        events.close();
      }
    }
  }

  /**
   * Waits for the socket's first {@code status} message (with its {@code sid}), which ComfyUI sends once the
   * socket is registered: a prompt queued before that could run before anyone listens for its events. A server
   * that sends none is used anyway (the history poll in {@link #await} covers it).
   */
  private static void awaitRegistered(Watcher watcher) {
    try {
      watcher.registered.get(REGISTER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while connecting to ComfyUI", e, DarkroomException.Details.none());
    } catch (TimeoutException | ExecutionException e) {
      // proceed: events may still come, and the history is polled
    }
  }

  /**
   * Waits for the job to finish, following reconnects; cancels it when interrupted, timed out or closed. While
   * no completion event arrives, {@code /history} is read every {@link #HISTORY_POLL}, so a lost event cannot
   * stall a job.
   */
  private HistoryEntry await(Engine engine, String promptId, Job job, Watcher watcher,
      ComfyClient.EventStream events, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int reconnects = 0;
    ComfyClient.EventStream stream = events;
    while (true) {
      try {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException();
        }
        try {
          watcher.done.get(Math.min(left, HISTORY_POLL.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException slice) {
          if (left > HISTORY_POLL.toNanos()) {
            boolean inHistory;
            try {
              inHistory = engine.client().history(promptId).isPresent();
            } catch (DarkroomException unreachable) {
              inHistory = false; // the socket reports a lost engine
            }
            if (!inHistory) {
              continue;
            }
          }
          if (left <= HISTORY_POLL.toNanos()) {
            throw slice;
          }
        }
        if (closed) {
          throw closedError();
        }
        return finished(engine, promptId);
      } catch (InterruptedException e) {
        cancelQuietly(engine, promptId);
        Thread.currentThread().interrupt();
        throw new TransportException(redactor.redact("interrupted: cancelled prompt " + promptId + " on ComfyUI at "
            + engine.url()), e, DarkroomException.Details.none());
      } catch (TimeoutException e) {
        cancelQuietly(engine, promptId);
        throw new dev.darkroom.RequestTimeoutException(redactor.redact("ComfyUI at " + engine.url()
            + " did not finish prompt " + promptId + " within " + timeout.toSeconds() + " s; it was cancelled"), e,
            DarkroomException.Details.none());
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof ClosedByClient) {
          throw closedError();
        }
        if (!(c instanceof ConnectionLost lost)) {
          throw (DarkroomException) c;
        }
        // The socket dropped: the job may have finished, may still run, or the engine may be gone.
        Optional<HistoryEntry> h;
        JsonNode queue;
        try {
          h = engine.client().history(promptId);
          queue = h.isPresent() ? null : engine.client().queue();
        } catch (DarkroomException unreachable) {
          TransportException t = engine.client().errors().connectionLost(promptId, lost.getCause(), lost.how);
          throw new EngineFailure(t, false);
        }
        if (h.isPresent()) {
          return finished(engine, promptId);
        }
        if (!contains(queue.path("queue_running"), promptId) && !contains(queue.path("queue_pending"), promptId)) {
          throw new EngineFailure(new ServerException(redactor.redact("ComfyUI at " + engine.url()
              + " restarted and lost prompt " + promptId + " (it is neither queued nor in its history)"), null,
              DarkroomException.Details.http(0, ENGINE_RESTARTED, null).retryable(true)), false);
        }
        if (++reconnects > MAX_RECONNECTS) {
          cancelQuietly(engine, promptId);
          throw new EngineFailure(engine.client().errors().connectionLost(promptId, lost.getCause(), lost.how), false);
        }
        stream.close();
        watcher.rearm();
        if (closed) {
          throw closedError();
        }
        try {
          stream = engine.client().events(job.clientId, watcher);
        } catch (TransportException t) {
          throw new EngineFailure(t, false);
        }
        // The job may have finished while no socket listened.
        if (engine.client().history(promptId).isPresent()) {
          stream.close();
          return finished(engine, promptId);
        }
      }
    }
  }

  /** The history entry of a finished prompt, polled briefly when the events ran ahead of it. */
  private HistoryEntry finished(Engine engine, String promptId) {
    for (int i = 0; ; i++) {
      Optional<HistoryEntry> h = engine.client().history(promptId);
      if (h.isPresent()) {
        HistoryEntry e = h.get();
        if (e.interrupted()) {
          throw engine.client().errors().interrupted(e.message("execution_interrupted").orElse(JSON.createObjectNode()));
        }
        if (e.executionError().isPresent()) {
          throw engine.client().errors().executionError(e.executionError().get());
        }
        return e;
      }
      if (i >= 50) {
        throw new dev.darkroom.MalformedResponseException(redactor.redact("ComfyUI at " + engine.url()
            + " reported prompt " + promptId + " finished but has no history entry for it"));
      }
      try {
        sleeper.sleep(Duration.ofMillis(20));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransportException("interrupted while reading ComfyUI history", e, DarkroomException.Details.none());
      }
    }
  }

  private ProviderResponse response(Engine engine, Job job, HistoryEntry entry, Watcher watcher) {
    List<RawImage> images = new ArrayList<>();
    for (ImageRef ref : entry.allImages()) {
      if (!ref.type().equals("output")) {
        continue;
      }
      byte[] bytes = engine.client().view(ref);
      if (bytes.length > 8 && bytes[0] == (byte) 0x89 && bytes[1] == 'P') {
        bytes = PngPromptChunk.ensure(bytes, job.graph, job.info);
      }
      images.add(new RawImage(bytes, ref.filename().toLowerCase(java.util.Locale.ROOT).endsWith(".png")
          ? "image/png" : "application/octet-stream", false));
    }
    Duration engineTime = entry.executionMillis().isPresent() ? Duration.ofMillis(entry.executionMillis().getAsLong())
        : watcher.elapsed();
    String version = "ComfyUI " + engine.client().version();
    if (images.isEmpty()) {
      return new ProviderResponse(ProviderResponse.Outcome.NO_IMAGE, "NO_OUTPUT", "the graph saved no image (no"
          + " SaveImage output)", List.of(), "", "", List.of(), List.of(), Usage.ZERO, entry.promptId(), version,
          engineTime);
    }
    return new ProviderResponse(ProviderResponse.Outcome.IMAGES, "SUCCESS", null, images, "", "", List.of(),
        List.of(), Usage.ZERO, entry.promptId(), version, engineTime);
  }

  @Override
  public String describe(ProviderCall call) {
    ImageRequest request = call.request();
    GraphSettings settings = settings(request, call.imageCount());
    BigInteger seed = GraphBuilder.unsignedSeed(request.seed().orElse(0L));
    String image = call.inputs().isEmpty() ? null : "darkroom-<uploaded input>.png";
    ObjectNode graph = new GraphBuilder().build(settings, request.prompt(), seed, image);
    ObjectNode body = JSON.createObjectNode();
    body.set("prompt", graph);
    body.put("client_id", "<per job>");
    body.put("prompt_id", "<per job>");
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String endpoint(ProviderCall call) {
    return pool.engines().get(0).url() + "/prompt";
  }

  /** Cancels every job in flight (each on its own engine) and refuses new ones. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Running r : running.values()) {
      r.watcher.done.completeExceptionally(new ClosedByClient());
    }
    for (Running r : running.values()) {
      cancelQuietly(r.engine, r.promptId);
    }
  }

  /** What the engines offer, by kind; see {@link ComfyUIProvider#inventory}. */
  public Map<String, List<String>> inventory() {
    Map<String, Set<String>> kinds = new LinkedHashMap<>();
    for (String k : List.of("checkpoints", "loras", "embeddings", "vaes", "samplers", "schedulers")) {
      kinds.put(k, new TreeSet<>());
    }
    DarkroomException last = null;
    int reached = 0;
    for (Engine e : pool.engines()) {
      ObjectInfo info;
      try {
        info = e.info(true);
      } catch (DarkroomException x) {
        last = x;
        continue;
      }
      reached++;
      kinds.get("checkpoints").addAll(info.checkpoints());
      kinds.get("loras").addAll(info.loras());
      kinds.get("embeddings").addAll(info.embeddings());
      kinds.get("vaes").addAll(info.vaes());
      kinds.get("samplers").addAll(info.samplers());
      kinds.get("schedulers").addAll(info.schedulers());
    }
    if (reached == 0 && last != null) {
      throw last;
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    kinds.forEach((k, v) -> out.put(k, List.copyOf(v)));
    if (pool.engines().size() > 1) {
      out.put("engines", pool.engines().stream().map(Engine::url).toList());
    }
    return out;
  }

  static GraphSettings settings(ImageRequest request, int batchSize) {
    ComfyOptions o = ComfyOptions.of(request);
    String checkpoint = request.model().id().substring(ComfyUIProvider.ID.length() + 1);
    String size = request.effectiveImageSize();
    int w = 1024;
    int h = 1024;
    int x = size.indexOf('x');
    if (x > 0) {
      w = Integer.parseInt(size.substring(0, x));
      h = Integer.parseInt(size.substring(x + 1));
    }
    return GraphSettings.from(o, checkpoint, w, h, request.size().isPresent(), batchSize);
  }

  /** Sampler steps a built graph runs (for a progress total); 0 when a workflow decides. */
  private static int expectedSteps(ImageRequest request) {
    ComfyOptions o = ComfyOptions.of(request);
    if (o.workflow().isPresent()) {
      return 0;
    }
    if (o.refiner().isPresent() && !request.images().isEmpty()) {
      double d = o.denoise().orElse(ComfyOptions.DEFAULT_IMG2IMG_DENOISE);
      return o.steps() - (int) Math.round(o.steps() * (1.0 - d));
    }
    return o.steps();
  }

  private void cancelQuietly(Engine engine, @Nullable String promptId) {
    if (promptId == null) {
      return;
    }
    try {
      engine.client().cancel(promptId);
    } catch (RuntimeException e) {
      // The engine is gone or the job is over: nothing left to cancel.
    }
  }

  private TransportException closedError() {
    return new TransportException("the Darkroom client was closed: the ComfyUI job was cancelled", null,
        DarkroomException.Details.none());
  }

  private static boolean contains(JsonNode items, String promptId) {
    for (JsonNode item : items) {
      if (item.isArray() && item.size() > 1 && promptId.equals(item.get(1).asText())) {
        return true;
      }
    }
    return false;
  }

  private static String extension(String mimeType) {
    return switch (mimeType) {
      case "image/jpeg" -> ".jpg";
      case "image/webp" -> ".webp";
      default -> ".png";
    };
  }

  /** One job, ready to queue. */
  private record Job(ObjectNode graph, ObjectInfo info, String promptId, String clientId) {}

  /** A job in flight, for close(). */
  private static final class Running {
    final Engine engine;
    final Watcher watcher;
    volatile String promptId;

    Running(Engine engine, String promptId, Watcher watcher) {
      this.engine = engine;
      this.promptId = promptId;
      this.watcher = watcher;
    }
  }

  /** A failure of the engine rather than of the job: the engine is taken out of the pool. */
  private static final class EngineFailure extends RuntimeException {
    final DarkroomException error;
    final boolean beforeQueue;

    EngineFailure(DarkroomException error, boolean beforeQueue) {
      super(error.getMessage(), error, false, false);
      this.error = error;
      this.beforeQueue = beforeQueue;
    }
  }

  private static final class ConnectionLost extends RuntimeException {
    final String how;

    ConnectionLost(String how, @Nullable Throwable cause) {
      super(how, cause, false, false);
      this.how = how;
    }
  }

  private static final class ClosedByClient extends RuntimeException {
    ClosedByClient() {
      super("closed", null, false, false);
    }
  }

  /** Turns one job's events into progress, partial images and completion. */
  private static final class Watcher implements ComfyEventListener {
    private final ProviderCall call;
    private final int expectedTotal;
    private final long started = System.nanoTime();
    volatile CompletableFuture<Void> done = new CompletableFuture<>();
    final CompletableFuture<Void> registered = new CompletableFuture<>();
    private @Nullable String node;
    private int nodeMax;
    private int finishedSteps;
    private int partials;

    Watcher(ProviderCall call, int expectedTotal) {
      this.call = call;
      this.expectedTotal = expectedTotal;
    }

    void rearm() {
      done = new CompletableFuture<>();
    }

    Duration elapsed() {
      return Duration.ofNanos(System.nanoTime() - started);
    }

    @Override
    public void onStatus(int queueRemaining, @Nullable String sid) {
      if (sid != null) {
        registered.complete(null);
      }
    }

    @Override
    public void onExecuting(@Nullable String promptId, @Nullable String nodeId) {
      if (nodeId == null && promptId != null) {
        done.complete(null);
      }
    }

    @Override
    public void onProgress(@Nullable String promptId, @Nullable String nodeId, int value, int max) {
      if (nodeId != null && !nodeId.equals(node)) {
        if (node != null) {
          finishedSteps += nodeMax;
        }
        node = nodeId;
      }
      nodeMax = max;
      int step = finishedSteps + value;
      int total = Math.max(expectedTotal, finishedSteps + max);
      try {
        call.progress().accept(step, total);
      } catch (RuntimeException e) {
        // A listener's failure must not close the socket.
      }
    }

    @Override
    public void onPreview(String mimeType, byte[] image, @Nullable String promptId, @Nullable String nodeId) {
      try {
        call.partials().accept(partials++, new RawImage(image, mimeType, false));
      } catch (RuntimeException e) {
        // as above
      }
    }

    @Override
    public void onExecutionError(String promptId, DarkroomException error, JsonNode data) {
      done.completeExceptionally(error);
    }

    @Override
    public void onInterrupted(String promptId, @Nullable String nodeId) {
      // history tells the rest; the interrupt may be ours (cancel) or someone else's
      done.complete(null);
    }

    @Override
    public void onClosed(int statusCode, String reason) {
      done.completeExceptionally(new ConnectionLost("socket closed: " + statusCode + " " + reason, null));
    }

    @Override
    public void onConnectionLost(TransportException error) {
      done.completeExceptionally(new ConnectionLost("connection lost", error));
    }
  }
}
