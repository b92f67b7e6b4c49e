package dev.darkroom.testkit;

import dev.darkroom.testkit.internal.HttpRequestData;
import dev.darkroom.testkit.internal.ModelCatalog;
import dev.darkroom.testkit.internal.ModelSpec;
import dev.darkroom.testkit.internal.PixelSizes;
import dev.darkroom.testkit.internal.RateLimiter;
import dev.darkroom.testkit.internal.ResponseFactory;
import dev.darkroom.testkit.internal.SocketHttpServer;
import dev.darkroom.testkit.internal.ThoughtSignatures;
import java.awt.Dimension;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An in-process fake of Google's Gemini API that speaks the real wire format of the image models
 * ("Nano Banana"): {@code POST /v1beta/models/{model}:generateContent} and {@code
 * :streamGenerateContent?alt=sse}, authenticated by the {@code x-goog-api-key} header.
 *
 * <pre>{@code
 * try (FakeGemini gemini = FakeGemini.start()) {
 *   gemini.enqueue(FakeReply.rateLimited(Duration.ofSeconds(2)));
 *   // point the client at gemini.baseUrl() with API key "test-key", generate, then:
 *   RecordedRequest first = gemini.takeRequest();
 * }
 * }</pre>
 *
 * <p>Normal behaviour mirrors the service: per-model validation (image sizes, aspect ratios,
 * thinking, Google Search), real decodable PNG/JPEG images of the documented pixel size, token
 * usage, thought parts and signatures, grounding metadata and google.rpc errors. A prompt
 * containing "R x C grid" (e.g. "a 2x3 grid of icons") gets an image of R rows and C columns of
 * coloured cells. Scripted {@link FakeReply replies} replace normal behaviour for the next
 * requests, one each.
 *
 * <p>The Batch API ({@code :batchGenerateContent}, {@code batches/{id}} get, cancel and delete) and
 * the Files API (resumable upload, metadata, download of batch responses) are served too: see
 * {@link #batchPollsPerState} and {@link #enqueueBatchEnd}.
 *
 * <p>The server listens on 127.0.0.1 on an ephemeral port, serves each connection on its own
 * daemon thread and supports keep-alive and chunked request bodies. All methods are thread-safe.
 */
public final class FakeGemini implements AutoCloseable {
  /** The API key accepted unless {@link #apiKey(String)} sets another. */
  public static final String DEFAULT_API_KEY = "test-key";
  private static final Duration DEFAULT_TAKE_TIMEOUT = Duration.ofSeconds(10);

  private final ConcurrentLinkedQueue<FakeReply> script = new ConcurrentLinkedQueue<>();
  private final RequestLog log = new RequestLog();
  private final RateLimiter rateLimiter = new RateLimiter(System::nanoTime);
  private final ThoughtSignatures signatures = new ThoughtSignatures();
  private final SocketHttpServer http;
  private final GeminiHandler handler;
  private final ConcurrentLinkedQueue<BatchEnd> batchEnds = new ConcurrentLinkedQueue<>();
  private volatile int batchPollsPerState = 1;
  private volatile String apiKey = DEFAULT_API_KEY;
  private volatile List<String> listedModels; // null: the default list
  private volatile int modelsPageLimit = 1000;
  private volatile String vertexProject = "test-project";
  private volatile java.util.function.Predicate<String> vertexTokens = t -> false;
  private volatile Duration latency = Duration.ZERO;
  private volatile boolean requireThoughtSignatures = true;

  private FakeGemini(int port) {
    signatures.base64Length(64);
    this.handler = new GeminiHandler(this, new ResponseFactory(signatures));
    this.http = SocketHttpServer.start(handler, port);
  }

  /** Starts a fake on an ephemeral port of 127.0.0.1. Close it when done. */
  public static FakeGemini start() {
    return new FakeGemini(0);
  }

  /** Starts a fake on a fixed port of 127.0.0.1 (0 = ephemeral). */
  public static FakeGemini start(int port) {
    return new FakeGemini(port);
  }

  /**
   * The URL to configure as the client's base URL, e.g. {@code http://127.0.0.1:41234}, without
   * a trailing slash; clients append {@code /v1beta/models/{model}:generateContent}.
   */
  public String baseUrl() {
    return "http://127.0.0.1:" + http.port();
  }

  /** The port the fake listens on. */
  public int port() {
    return http.port();
  }

  /** The only API key accepted in {@code x-goog-api-key} (default {@value #DEFAULT_API_KEY}). */
  public FakeGemini apiKey(String key) {
    if (Objects.requireNonNull(key, "key").isEmpty()) {
      throw new IllegalArgumentException("apiKey must not be empty");
    }
    this.apiKey = key;
    return this;
  }

  /**
   * Serves Vertex AI's URL layout too: {@code POST /v1/projects/{project}/locations/{location}/publishers/google/models/{model}:generateContent}
   * (and {@code :streamGenerateContent}) with {@code Authorization: Bearer <token>}, where
   * {@code tokens} decides which tokens are valid (e.g. {@link FakeGoogleOAuth#isValid}) and only
   * {@code project} is allowed (others get 403 PERMISSION_DENIED); express mode,
   * {@code /v1/publishers/google/models/…}, takes the {@link #apiKey} in {@code x-goog-api-key}.
   * Errors come in Vertex AI's wording (401 UNAUTHENTICATED, 403, 404 "Publisher Model … was not found").
   * Without this call Vertex paths are still routed, but no token is accepted.
   */
  public FakeGemini vertex(String project, java.util.function.Predicate<String> tokens) {
    this.vertexProject = Objects.requireNonNull(project, "project");
    this.vertexTokens = Objects.requireNonNull(tokens, "tokens");
    return this;
  }

  /** Time added before every successful generation is answered (default zero). */
  public FakeGemini latency(Duration latency) {
    if (Objects.requireNonNull(latency, "latency").isNegative()) {
      throw new IllegalArgumentException("latency must not be negative, got " + latency);
    }
    this.latency = latency;
    return this;
  }

  /**
   * Length in base64 characters of the {@code thoughtSignature} on the final parts of Gemini 3
   * family responses (default 64, rounded down to a multiple of 4; real ones are 1-3 million).
   */
  public FakeGemini thoughtSignatureBytes(int base64Length) {
    signatures.base64Length(base64Length);
    return this;
  }

  /**
   * Whether follow-up turns to Gemini 3 family models must carry, unchanged, the thought signatures
   * this fake issued on every non-thought part of each {@code model} turn (default true). A missing
   * or altered signature is answered with 400 INVALID_ARGUMENT naming the part.
   */
  public FakeGemini requireThoughtSignatures(boolean require) {
    this.requireThoughtSignatures = require;
    return this;
  }

  boolean requiresThoughtSignatures() {
    return requireThoughtSignatures;
  }

  ThoughtSignatures signatures() {
    return signatures;
  }

  /**
   * Admits at most this many generate requests per sliding minute and answers the rest with 429
   * RESOURCE_EXHAUSTED and a RetryInfo saying when a slot frees up. 0 (the default) turns the
   * limit off.
   */
  public FakeGemini rateLimitPerMinute(int limit) {
    rateLimiter.perMinute(limit);
    return this;
  }

  /**
   * Whether {@link RecordedRequest#body()} keeps request bodies (default true). Turn off for
   * long benchmarks with large bodies; {@link RecordedRequest#bodySize()} still works.
   */
  public FakeGemini recordBodies(boolean record) {
    log.recordBodies(record);
    return this;
  }

  /**
   * Queues a scripted reply. Replies are used first-in first-out, one per generate request that
   * passed the API-key check, before rate limiting and validation.
   */
  public FakeGemini enqueue(FakeReply reply) {
    script.add(Objects.requireNonNull(reply, "reply"));
    return this;
  }

  /** All requests received so far, oldest first, including rejected ones. */
  public List<RecordedRequest> requests() {
    return log.all();
  }

  /** Number of requests received so far. */
  public int requestCount() {
    return log.count();
  }

  /**
   * The oldest request not yet taken, waiting up to 10 seconds for one to arrive.
   *
   * @throws IllegalStateException if none arrives in time
   */
  public RecordedRequest takeRequest() throws InterruptedException {
    return log.take(DEFAULT_TAKE_TIMEOUT);
  }

  /** The oldest request not yet taken, waiting up to {@code timeout}; empty if none arrives. */
  public Optional<RecordedRequest> takeRequest(Duration timeout) throws InterruptedException {
    return log.poll(timeout);
  }

  /**
   * The pixel size the fake (and, as far as documented, Google) produces for this model, aspect
   * ratio and image size.
   *
   * @param model       model id, e.g. {@code gemini-3-pro-image}
   * @param aspectRatio e.g. {@code 16:9}; null means {@code 1:1}
   * @param imageSize   {@code 512}, {@code 1K}, {@code 2K} or {@code 4K}; null means {@code 1K}
   * @throws IllegalArgumentException if the model does not exist or does not offer the ratio or
   *                                  size
   */
  public static Dimension pixelSize(String model, String aspectRatio, String imageSize) {
    ModelSpec spec = ModelCatalog.find(stripPrefix(Objects.requireNonNull(model, "model")))
        .orElseThrow(() -> new IllegalArgumentException(
            "Unknown model \"" + model + "\"; known: " + ModelCatalog.ids()));
    String ratio = aspectRatio == null ? "1:1" : aspectRatio;
    String size = imageSize == null ? "1K" : imageSize;
    if (!spec.aspectRatios().contains(ratio)) {
      throw new IllegalArgumentException("aspectRatio \"" + ratio + "\" not offered by " + model
          + "; allowed: " + spec.aspectRatios());
    }
    if (!spec.imageSizes().contains(size)) {
      throw new IllegalArgumentException("imageSize \"" + size + "\" not offered by " + model
          + "; allowed: " + spec.imageSizes());
    }
    return PixelSizes.of(spec, ratio, size);
  }

  /** Ids of the models the fake serves, e.g. {@code gemini-2.5-flash-image}. */
  public static List<String> models() {
    return ModelCatalog.ids();
  }

  /**
   * The ids {@code GET /v1beta/models} lists (Google's {@code models.list}, paged by {@code pageSize} and
   * {@code nextPageToken}), instead of the default: every model the fake serves plus two that make no
   * images ({@code gemini-2.5-flash}, {@code gemini-embedding-001}), as the real list mixes them.
   */
  public FakeGemini listedModels(List<String> ids) {
    this.listedModels = List.copyOf(ids);
    return this;
  }

  /**
   * The most models one page of {@code GET /v1beta/models} holds, whatever {@code pageSize} asks for
   * (default 1000, Google's documented maximum); set it low to make a client follow {@code nextPageToken}.
   */
  public FakeGemini modelsPageLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("modelsPageLimit must be at least 1, got " + limit);
    }
    this.modelsPageLimit = limit;
    return this;
  }

  int modelsPageLimit() {
    return modelsPageLimit;
  }

  List<String> listedModels() {
    List<String> ids = listedModels;
    if (ids != null) {
      return ids;
    }
    List<String> all = new java.util.ArrayList<>(models());
    all.add("gemini-2.5-flash");
    all.add("gemini-embedding-001");
    return all;
  }

  /** How a batch of the Batch API ends. */
  public enum BatchEnd {
    /** Every line answered (each line may still carry its own error or block). */
    SUCCEEDED,
    /** The whole batch failed; no results. */
    FAILED,
    /** Cancelled by Google's side; no results. */
    CANCELLED,
    /** Not finished in time; no results. */
    EXPIRED
  }

  /**
   * How many polls ({@code GET /v1beta/batches/{id}}) a batch spends in each of PENDING and RUNNING
   * before it ends (default 1: created PENDING, RUNNING at the first poll, finished at the second;
   * 0 finishes at the first poll).
   */
  public FakeGemini batchPollsPerState(int polls) {
    if (polls < 0) {
      throw new IllegalArgumentException("batchPollsPerState must be >= 0, got " + polls);
    }
    this.batchPollsPerState = polls;
    return this;
  }

  /** Makes the next created batch end this way instead of succeeding; queued, one per batch. */
  public FakeGemini enqueueBatchEnd(BatchEnd end) {
    batchEnds.add(Objects.requireNonNull(end, "end"));
    return this;
  }

  /** Number of batches created and not deleted. */
  public int batchCount() {
    return handler.batches().batchCount();
  }

  /** Stops the server and closes all connections. Idempotent. */
  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "FakeGemini[" + baseUrl() + "]";
  }

  // ---- used by GeminiHandler ----

  void record(HttpRequestData request) {
    log.record(request);
  }

  Optional<FakeReply> nextScriptedReply() {
    return Optional.ofNullable(script.poll());
  }

  String currentApiKey() {
    return apiKey;
  }

  String vertexProject() {
    return vertexProject;
  }

  boolean vertexTokenAccepted(String token) {
    return vertexTokens.test(token);
  }

  int batchPollsPerState() {
    return batchPollsPerState;
  }

  BatchEnd nextBatchEnd() {
    BatchEnd end = batchEnds.poll();
    return end == null ? BatchEnd.SUCCEEDED : end;
  }

  Duration currentLatency() {
    return latency;
  }

  RateLimiter rateLimiter() {
    return rateLimiter;
  }

  private static String stripPrefix(String model) {
    return model.startsWith("models/") ? model.substring("models/".length()) : model;
  }
}
