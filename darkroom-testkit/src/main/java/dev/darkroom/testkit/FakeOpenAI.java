package dev.darkroom.testkit;

import dev.darkroom.testkit.internal.HttpRequestData;
import dev.darkroom.testkit.internal.OpenAiModels;
import dev.darkroom.testkit.internal.SocketHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An in-process fake of OpenAI's Images API that speaks its wire format: {@code POST
 * /v1/images/generations} (JSON) and {@code POST /v1/images/edits} (multipart/form-data), answered
 * as JSON or, with {@code stream=true}, as server-sent events with partial images; authenticated by
 * {@code Authorization: Bearer}.
 *
 * <pre>{@code
 * try (FakeOpenAI openai = FakeOpenAI.start()) {
 *   openai.enqueue(FakeOpenAiReply.rateLimited(Duration.ofSeconds(2)));
 *   // point the client at openai.baseUrl() with API key FakeOpenAI.DEFAULT_API_KEY, generate, then:
 *   RecordedRequest first = openai.takeRequest();
 *   MultipartForm form = first.multipart();   // for edits
 * }
 * }</pre>
 *
 * <p>Normal behaviour mirrors the service: per-model validation (sizes with the custom-size rules,
 * qualities, backgrounds and formats, n, partial images, compression, unknown parameters), edit
 * checks (at most 16 images of PNG/JPEG/WebP, mask a PNG with alpha the size of the first image),
 * real decodable images of the resolved size ({@code auto} is 1024x1024, or the edit image's
 * orientation), {@code usage} per OpenAI's token tables, {@code x-request-id}, and 404
 * {@code model_not_found} for retired models. JSON edits take {@code images}/{@code mask} as base64
 * {@code data:} URLs ({@code file_id} references are refused). Limits: WebP output is answered with
 * PNG bytes, and GIF/SVG output is refused. Scripted {@link FakeOpenAiReply replies} replace normal
 * behaviour for the next requests, one each.
 *
 * <p>The Files API ({@code /v1/files}, multipart upload with {@code purpose}) and the Batch API
 * ({@code /v1/batches}) run image batches: states validating → in_progress → finalizing → completed,
 * or failed (invalid lines, listed in {@code errors.data}), expired ({@link #enqueueBatchEnd}), or
 * cancelling → cancelled; results in an output file and an error file of JSONL lines with
 * {@code custom_id} and {@code response {status_code, body}} or {@code error}. Scripted replies apply
 * to batch lines (not to the file and batch calls themselves).
 *
 * <p>The server listens on 127.0.0.1 on an ephemeral port. All methods are thread-safe.
 */
public final class FakeOpenAI implements AutoCloseable {
  /** The API key accepted unless {@link #apiKey(String)} sets another. */
  public static final String DEFAULT_API_KEY = "sk-test-darkroom";
  private static final Duration DEFAULT_TAKE_TIMEOUT = Duration.ofSeconds(10);

  private final ConcurrentLinkedQueue<FakeOpenAiReply> script = new ConcurrentLinkedQueue<>();
  private final RequestLog log = new RequestLog();
  private final SocketHttpServer http;
  private volatile String apiKey = DEFAULT_API_KEY;
  private volatile List<String> listedModels; // null: the default list
  private volatile Duration latency = Duration.ZERO;
  private volatile int batchPollsPerState = 1;
  private final ConcurrentLinkedQueue<BatchEnd> batchEnds = new ConcurrentLinkedQueue<>();
  private final OpenAiHandler handler;

  private FakeOpenAI(int port) {
    this.handler = new OpenAiHandler(this);
    this.http = SocketHttpServer.start(handler, port);
  }

  /** Starts a fake on an ephemeral port of 127.0.0.1. Close it when done. */
  public static FakeOpenAI start() {
    return new FakeOpenAI(0);
  }

  /** Starts a fake on a fixed port of 127.0.0.1 (0 = ephemeral). */
  public static FakeOpenAI start(int port) {
    return new FakeOpenAI(port);
  }

  /**
   * The URL to configure as the client's base URL, including the API version, e.g.
   * {@code http://127.0.0.1:41234/v1} (what {@code OPENAI_BASE_URL} holds); clients append
   * {@code /images/generations} or {@code /images/edits}.
   */
  public String baseUrl() {
    return "http://127.0.0.1:" + http.port() + "/v1";
  }

  public int port() {
    return http.port();
  }

  /** The only API key accepted as {@code Authorization: Bearer} (default {@value #DEFAULT_API_KEY}). */
  public FakeOpenAI apiKey(String key) {
    if (Objects.requireNonNull(key, "key").isEmpty()) {
      throw new IllegalArgumentException("apiKey must not be empty");
    }
    this.apiKey = key;
    return this;
  }

  /** Time added before every successful answer (default zero). */
  public FakeOpenAI latency(Duration latency) {
    if (Objects.requireNonNull(latency, "latency").isNegative()) {
      throw new IllegalArgumentException("latency must not be negative, got " + latency);
    }
    this.latency = latency;
    return this;
  }

  /** Whether {@link RecordedRequest#body()} keeps request bodies (default true). */
  public FakeOpenAI recordBodies(boolean record) {
    log.recordBodies(record);
    return this;
  }

  /** Queues a scripted reply, used by the next request that passes the API-key check. */
  public FakeOpenAI enqueue(FakeOpenAiReply reply) {
    script.add(Objects.requireNonNull(reply, "reply"));
    return this;
  }

  /** All requests received so far, oldest first, including rejected ones. */
  public List<RecordedRequest> requests() {
    return log.all();
  }

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
   * The ids {@code GET /v1/models} lists, instead of the default: every model the fake serves plus two
   * that make no images ({@code gpt-5}, {@code text-embedding-3-small}), as the real list mixes them.
   */
  public FakeOpenAI listedModels(List<String> ids) {
    this.listedModels = List.copyOf(ids);
    return this;
  }

  List<String> listedModels() {
    List<String> ids = listedModels;
    if (ids != null) {
      return ids;
    }
    List<String> all = new java.util.ArrayList<>(models());
    all.add("gpt-5");
    all.add("text-embedding-3-small");
    return all;
  }

  /** Ids of the models the fake serves, e.g. {@code gpt-image-2}. */
  public static List<String> models() {
    return OpenAiModels.ids();
  }

  /**
   * Output image tokens the fake (and, as far as published, OpenAI) reports for one image.
   *
   * @param quality {@code low}, {@code medium}, {@code high} …; {@code auto} counts as medium
   */
  public static int outputTokens(String model, String quality, int width, int height) {
    OpenAiModels.Model m = OpenAiModels.find(model)
        .orElseThrow(() -> new IllegalArgumentException("Unknown model \"" + model + "\"; known: " + models()));
    return OpenAiModels.outputTokens(m, quality.equals("auto") ? "medium" : quality, width, height);
  }

  /** How a batch of the Batch API ends. */
  public enum BatchEnd {
    /** Every line run (each may still carry its own error); {@code completed}. */
    COMPLETED,
    /** Validation fails ({@code failed} with {@code errors.data}); no line runs. */
    FAILED,
    /** The 24 h window closes with half the lines run; the rest are {@code batch_expired} in the error file. */
    EXPIRED
  }

  /**
   * How many polls ({@code GET /v1/batches/{id}}) a batch spends in each of {@code validating},
   * {@code in_progress} and {@code finalizing} (default 1: in_progress at the first poll, finalizing at
   * the second, finished at the third; 0 behaves as 1).
   */
  public FakeOpenAI batchPollsPerState(int polls) {
    if (polls < 0) {
      throw new IllegalArgumentException("batchPollsPerState must be >= 0, got " + polls);
    }
    this.batchPollsPerState = polls;
    return this;
  }

  /** Makes the next created batch end this way instead of completing; queued, one per batch. */
  public FakeOpenAI enqueueBatchEnd(BatchEnd end) {
    batchEnds.add(Objects.requireNonNull(end, "end"));
    return this;
  }

  /** Number of batches created. */
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
    return "FakeOpenAI[" + baseUrl() + "]";
  }

  // ---- used by OpenAiHandler ----

  void record(HttpRequestData request) {
    log.record(request);
  }

  Optional<FakeOpenAiReply> nextScriptedReply() {
    return Optional.ofNullable(script.poll());
  }

  String currentApiKey() {
    return apiKey;
  }

  Duration currentLatency() {
    return latency;
  }

  int batchPollsPerState() {
    return batchPollsPerState;
  }

  BatchEnd nextBatchEnd() {
    BatchEnd end = batchEnds.poll();
    return end == null ? BatchEnd.COMPLETED : end;
  }
}
