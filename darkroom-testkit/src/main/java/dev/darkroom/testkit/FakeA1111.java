package dev.darkroom.testkit;

import dev.darkroom.testkit.internal.SocketHttpServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An in-process fake of the AUTOMATIC1111 / Forge / Forge Neo web UI's API ({@code /sdapi/v1/*}, started with
 * {@code --api}), speaking its wire format.
 *
 * <pre>{@code
 * try (FakeA1111 a1111 = FakeA1111.start()) {
 *   a1111.enqueue(FakeA1111Reply.outOfMemory());
 *   // point the client at a1111.baseUrl(), generate, then:
 *   RecordedRequest sent = a1111.takeRequest();
 * }
 * }</pre>
 *
 * <p>Routes: {@code POST txt2img} and {@code img2img} (blocking, one at a time as behind A1111's queue lock),
 * {@code GET progress} ({@code progress}, {@code eta_relative}, {@code state} with {@code sampling_step} /
 * {@code sampling_steps} / {@code job_no} / {@code job_count} / {@code interrupted}, {@code current_image} unless
 * {@code skip_current_image=true}), {@code POST interrupt} and {@code skip}, {@code GET sd-models}, {@code samplers},
 * {@code schedulers}, {@code loras}, {@code embeddings}, {@code sd-vae}, {@code GET}/{@code POST options},
 * {@code POST refresh-checkpoints}. With {@link #apiAuth} every route wants HTTP basic auth, as with
 * {@code --api-auth user:password}.
 *
 * <p>Like the real server: request bodies are validated field by field as A1111's pydantic (v1) models do
 * (coercing {@code "20"} to 20, refusing {@code "many"} with FastAPI's 422 {@code {"detail": [{"loc", "msg",
 * "type"}]}}); unknown fields are ignored; an unknown {@code override_settings.sd_model_checkpoint} is <em>not</em>
 * refused (the current checkpoint is used), an unknown {@code refiner_checkpoint} is a 500 "Could not find
 * checkpoint with name …", an unknown sampler a 404 "Sampler not found", an unknown scheduler silently becomes
 * {@code Automatic}, and an unknown LoRA in the prompt is ignored. Answers carry real PNGs of the requested size
 * whose {@code parameters} text chunk is A1111's infotext, and {@code info} as a JSON <em>string</em> with
 * {@code seed}, {@code all_seeds}, {@code infotexts}, {@code index_of_first_image} …; with more than one image a
 * grid comes first (the {@code return_grid} option, default true). Seed -1 picks one in 0..4294967294; image i of
 * a request gets seed + i. Every response has an {@code X-Process-Time} header (seconds), as A1111's middleware adds.
 *
 * <p>The server listens on 127.0.0.1 on an ephemeral port. All methods are thread-safe.
 */
public final class FakeA1111 implements AutoCloseable {
  /** The checkpoints served unless {@link #checkpoints} sets others (file names under {@code models/Stable-diffusion}). */
  public static final List<String> DEFAULT_CHECKPOINTS =
      List.of("sd_xl_base_1.0.safetensors", "sd_xl_refiner_1.0.safetensors", "v1-5-pruned-emaonly.safetensors");
  /** The LoRAs served unless {@link #loras} sets others (names, the file stems). */
  public static final List<String> DEFAULT_LORAS = List.of("wrong", "pixel-art-xl", "offset_0.2");
  /** The loaded textual-inversion embeddings unless {@link #embeddings} sets others. */
  public static final List<String> DEFAULT_EMBEDDINGS = List.of("ugly-sonic", "negativeXL_D");
  /** The VAEs served unless {@link #vaes} sets others. */
  public static final List<String> DEFAULT_VAES = List.of("sdxl_vae.safetensors");
  /** A1111 1.10's samplers. */
  public static final List<String> DEFAULT_SAMPLERS = List.of("DPM++ 2M", "DPM++ SDE", "DPM++ 2M SDE",
      "DPM++ 2M SDE Heun", "DPM++ 2S a", "DPM++ 3M SDE", "Euler a", "Euler", "LMS", "Heun", "DPM2", "DPM2 a",
      "DPM fast", "DPM adaptive", "Restart", "DDIM", "DDIM CFG++", "PLMS", "UniPC", "LCM");
  /** A1111 1.10's schedulers as {@code name=label} pairs. */
  public static final List<String> DEFAULT_SCHEDULERS = List.of("automatic=Automatic", "uniform=Uniform",
      "karras=Karras", "exponential=Exponential", "polyexponential=Polyexponential", "sgm_uniform=SGM Uniform",
      "kl_optimal=KL Optimal", "align_your_steps=Align Your Steps", "simple=Simple", "normal=Normal", "ddim=DDIM",
      "beta=Beta");

  private static final Duration DEFAULT_TAKE_TIMEOUT = Duration.ofSeconds(10);

  final RequestLog log = new RequestLog();
  final ConcurrentLinkedQueue<FakeA1111Reply> script = new ConcurrentLinkedQueue<>();
  volatile List<String> checkpoints = DEFAULT_CHECKPOINTS;
  volatile List<String> loras = DEFAULT_LORAS;
  volatile List<String> embeddings = DEFAULT_EMBEDDINGS;
  volatile List<String> vaes = DEFAULT_VAES;
  volatile List<String> samplers = DEFAULT_SAMPLERS;
  volatile List<String> schedulers = DEFAULT_SCHEDULERS;
  volatile String basicAuth;
  volatile Duration stepDelay = Duration.ZERO;
  private final A1111Handler handler;
  private final SocketHttpServer http;

  private FakeA1111(int port) {
    this.handler = new A1111Handler(this);
    this.http = SocketHttpServer.start(handler, port);
  }

  /** Starts a fake on an ephemeral port of 127.0.0.1. Close it when done. */
  public static FakeA1111 start() {
    return new FakeA1111(0);
  }

  /** Starts a fake on a fixed port of 127.0.0.1 (0 = ephemeral). */
  public static FakeA1111 start(int port) {
    return new FakeA1111(port);
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234} (what {@code DARKROOM_A1111_URL} holds), without a slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + http.port();
  }

  public int port() {
    return http.port();
  }

  /**
   * Requires HTTP basic auth on every route, as {@code --api-auth user:password} does; null turns it off.
   *
   * @param userColonPassword e.g. {@code darkroom:s3cret}
   */
  public FakeA1111 apiAuth(String userColonPassword) {
    if (userColonPassword != null && userColonPassword.indexOf(':') <= 0) {
      throw new IllegalArgumentException("apiAuth must be user:password");
    }
    this.basicAuth = userColonPassword == null ? null
        : Base64.getEncoder().encodeToString(userColonPassword.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return this;
  }

  /** The checkpoint files the engine has, e.g. {@code sd_xl_base_1.0.safetensors}; the first is loaded at start. */
  public FakeA1111 checkpoints(String... files) {
    this.checkpoints = nonEmpty("checkpoints", files);
    handler.resetCheckpoint();
    return this;
  }

  /** The LoRA names the engine has (file stems). */
  public FakeA1111 loras(String... names) {
    this.loras = List.of(names);
    return this;
  }

  /** The loaded embeddings. */
  public FakeA1111 embeddings(String... names) {
    this.embeddings = List.of(names);
    return this;
  }

  /** The VAE files. */
  public FakeA1111 vaes(String... files) {
    this.vaes = List.of(files);
    return this;
  }

  public FakeA1111 samplers(String... names) {
    this.samplers = nonEmpty("samplers", names);
    return this;
  }

  /** Schedulers as {@code name=label} pairs (or bare names, used as both). */
  public FakeA1111 schedulers(String... nameEqualsLabel) {
    this.schedulers = nonEmpty("schedulers", nameEqualsLabel);
    return this;
  }

  /** Time every sampling step takes (default zero), so progress can be watched and interrupts land mid-job. */
  public FakeA1111 stepDelay(Duration delay) {
    if (Objects.requireNonNull(delay, "delay").isNegative()) {
      throw new IllegalArgumentException("stepDelay must not be negative, got " + delay);
    }
    this.stepDelay = delay;
    return this;
  }

  /** Queues a scripted reply for the next generation request (txt2img or img2img) that passes the auth check. */
  public FakeA1111 enqueue(FakeA1111Reply reply) {
    script.add(Objects.requireNonNull(reply, "reply"));
    return this;
  }

  /** The checkpoint currently loaded (its title), as {@code GET options} reports {@code sd_model_checkpoint}. */
  public String loadedCheckpoint() {
    return handler.loadedCheckpoint();
  }

  /** The current value of a server option ({@code GET /sdapi/v1/options}). */
  public Optional<Object> option(String name) {
    return Optional.ofNullable(handler.options().get(name));
  }

  /** Every option as {@code GET /sdapi/v1/options} answers it. */
  public Map<String, Object> options() {
    return handler.options();
  }

  /** How many times {@code POST /sdapi/v1/interrupt} was called. */
  public int interruptCount() {
    return handler.interrupts();
  }

  /** Generation requests (txt2img, img2img) received, including refused ones. */
  public List<RecordedRequest> generationRequests() {
    return log.all().stream().filter(r -> r.path().endsWith("/txt2img") || r.path().endsWith("/img2img")).toList();
  }

  /** All requests received so far, oldest first, including rejected ones. */
  public List<RecordedRequest> requests() {
    return log.all();
  }

  public int requestCount() {
    return log.count();
  }

  /** Whether {@link RecordedRequest#body()} keeps request bodies (default true). */
  public FakeA1111 recordBodies(boolean record) {
    log.recordBodies(record);
    return this;
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

  /** The short hash A1111 shows for a checkpoint file (10 hex digits; the fake derives it from the name). */
  public static String shortHash(String file) {
    return A1111Handler.shortHash(file);
  }

  /** Stops the server and closes all connections. Idempotent. */
  @Override
  public void close() {
    handler.stop();
    http.close();
  }

  @Override
  public String toString() {
    return "FakeA1111[" + baseUrl() + "]";
  }

  private static List<String> nonEmpty(String what, String[] values) {
    if (values.length == 0 || Arrays.stream(values).anyMatch(v -> v == null || v.isBlank())) {
      throw new IllegalArgumentException(what + " must be non-empty names");
    }
    return List.of(values);
  }
}
