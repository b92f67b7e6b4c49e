package dev.darkroom.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.testkit.internal.SocketHttpServer;
import dev.darkroom.testkit.internal.SwarmEngine;
import dev.darkroom.testkit.internal.SwarmHandler;
import dev.darkroom.testkit.internal.SwarmParams;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An in-process fake of a SwarmUI server (mcmonkeyprojects/SwarmUI) speaking its real API, for testing
 * SwarmUI clients without a GPU. It listens on 127.0.0.1; point a client at {@link #baseUrl()}.
 *
 * <pre>{@code
 * try (FakeSwarmUI swarm = FakeSwarmUI.builder().backends(4).start()) {
 *   swarm.enqueueFault(SwarmFault.noBackendAvailable());
 *   // POST /API/GetNewSession, then /API/GenerateText2Image or the GenerateText2ImageWS websocket
 *   JsonNode sent = swarm.generations().get(0);
 * }
 * }</pre>
 *
 * <h2>What it serves</h2>
 * <ul>
 *   <li>{@code POST /API/GetNewSession} → {@code session_id}, {@code user_id}, {@code version}, …; with
 *       {@link Builder#token} set, only with the {@code swarm_token} cookie (else
 *       {@code {"error": "Invalid or unauthorized."}}). Every other route needs a live {@code session_id}
 *       in its JSON body, else HTTP 401 {@code {"error": …, "error_id": "invalid_session_id"}}; the cookie is
 *       checked on {@code GetNewSession} and {@code /View/} only, as in SwarmUI.</li>
 *   <li>{@code ListT2IParams} ({@code list} of parameter definitions with ids, ranges and dropdown values
 *       such as samplers and schedulers; {@code models} as {@code [name, architecture]} pairs per model type:
 *       {@code Stable-Diffusion}, {@code LoRA}, {@code Embedding}, {@code VAE}), {@code ListModels}
 *       ({@code path}, {@code depth}, {@code subtype}), {@code GetCurrentStatus}, {@code InterruptAll}
 *       ({@code other_sessions}), {@code ListBackends} (one running {@code comfyui_selfstart} entry per
 *       simulated backend, keyed by id; {@code bad_permissions} when {@link Builder#backendListPermission} is
 *       off).</li>
 *   <li>{@code GenerateText2Image} (→ {@code {"images": ["View/local/raw/…png"]}}) and the
 *       {@code GenerateText2ImageWS} websocket (the input is the first message; then a {@code status} frame,
 *       {@code gen_progress} frames with a preview at half way, flat {@code image} frames
 *       {@code {image, batch_index, request_id, metadata}}, {@code discard_indices},
 *       {@code {"socket_intention": "close"}}). Parameters are flat lower-case ids read like
 *       {@code RequestToParams}: unknown ids are silently ignored ({@link #ignoredParams()}); numbers are
 *       checked against their ranges, model, refiner, VAE and LoRA names against the lists (with or without
 *       the file extension); sampler and scheduler are passed on unchecked, as SwarmUI matches them loosely.
 *       Size: {@code rawresolution}, else {@code sidelength} + {@code aspectratio}, else
 *       {@code width}/{@code height}, else 512. Seed -1 is random; image <i>i</i> gets seed + <i>i</i>.</li>
 *   <li>{@code GET /View/…} (URL-encoded, spaces included): real PNGs of the asked size with SwarmUI's
 *       {@code parameters} text chunk {@code {"sui_image_params": …, "sui_extra_data": …}};
 *       {@code donotsave} answers {@code data:} URLs instead.</li>
 * </ul>
 *
 * <h2>Knobs</h2>
 * {@link Builder#backends} simulated backends (each image holds one while it samples);
 * {@link #stepLatency} per sampler step; {@link #expireSessions()}; scripted {@link SwarmFault faults};
 * {@link #goAway()}. All methods are thread-safe.
 */
public final class FakeSwarmUI implements AutoCloseable {
  /** The version {@code GetNewSession} reports. */
  public static final String VERSION = "0.9.7.0.GIT-darkroom";
  /** Checkpoints by default. */
  public static final List<String> DEFAULT_MODELS = List.of("OfficialStableDiffusion/sd_xl_base_1.0.safetensors",
      "OfficialStableDiffusion/sd_xl_refiner_1.0.safetensors", "juggernautXL_v9.safetensors");
  /** LoRAs by default. */
  public static final List<String> DEFAULT_LORAS = List.of("wrong.safetensors", "styles/film-grain.safetensors");
  /** Embeddings by default. */
  public static final List<String> DEFAULT_EMBEDDINGS = List.of("wrong.safetensors", "ugly-sonic.safetensors");
  /** VAEs by default. */
  public static final List<String> DEFAULT_VAES = List.of("sdxl_vae.safetensors");

  private final RequestLog log = new RequestLog();
  private final SwarmEngine engine;
  private final SwarmHandler handler;
  private final int port;
  private SocketHttpServer http;

  private FakeSwarmUI(Builder b) {
    Map<String, List<String>> byType = new LinkedHashMap<>();
    byType.put("Stable-Diffusion", b.models);
    byType.put("LoRA", b.loras);
    byType.put("Embedding", b.embeddings);
    byType.put("VAE", b.vaes);
    engine = new SwarmEngine(VERSION, b.token, new SwarmParams.Models(byType, SwarmParams.SAMPLERS,
        SwarmParams.SCHEDULERS), b.backends);
    engine.stepLatency(b.stepLatency);
    handler = new SwarmHandler(engine, log::record);
    handler.backendList(b.backendList);
    http = SocketHttpServer.start(handler, b.port);
    port = http.port();
    engine.onGoAway(this::goAway);
  }

  /** A fake with default settings on an ephemeral port. */
  public static FakeSwarmUI start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The root URL without a trailing slash, e.g. {@code http://127.0.0.1:41234}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Time each sampler step takes (default zero). */
  public FakeSwarmUI stepLatency(Duration perStep) {
    if (Objects.requireNonNull(perStep, "perStep").isNegative()) {
      throw new IllegalArgumentException("stepLatency must not be negative, got " + perStep);
    }
    engine.stepLatency(perStep);
    return this;
  }

  /** Queues a scripted fault for the next generation. */
  public FakeSwarmUI enqueueFault(SwarmFault fault) {
    engine.addFault(Objects.requireNonNull(fault, "fault").plan());
    return this;
  }

  /**
   * Whether the {@code GenerateText2ImageWS} websocket handshake is accepted (default true); false answers it
   * like any other GET of an API route, as a proxy that does not forward websockets would.
   */
  public FakeSwarmUI webSockets(boolean accept) {
    handler.webSockets(accept);
    return this;
  }

  /**
   * Whether sessions may call {@code ListBackends} (default true), as SwarmUI's {@code view_backends_list}
   * permission decides; without it the route answers HTTP 400
   * {@code {"error_id": "bad_permissions", "error": "You lack permissions for this route."}}.
   */
  public FakeSwarmUI backendListPermission(boolean allowed) {
    handler.backendList(allowed);
    return this;
  }

  /** Forgets every session: the next call with an old {@code session_id} gets {@code invalid_session_id}. */
  public FakeSwarmUI expireSessions() {
    engine.expireSessions();
    return this;
  }

  /** Sessions created and not expired. */
  public int sessionCount() {
    return engine.sessionCount();
  }

  /**
   * The server dies: websockets are reset, HTTP connections closed, the port released, running
   * generations cancelled. Idempotent.
   */
  public synchronized void goAway() {
    handler.abortSockets();
    engine.cancelAll();
    if (http != null) {
      http.close();
      http = null;
    }
  }

  /** Whether the server is listening. */
  public synchronized boolean isUp() {
    return http != null;
  }

  /** The raw input of every generation request (HTTP body or first websocket message), in order. */
  public List<JsonNode> generations() {
    return engine.generations();
  }

  /** The body of every {@code InterruptAll} call, in order. */
  public List<JsonNode> interrupts() {
    return engine.interrupts();
  }

  /** Parameter ids received that the fake does not know and ignored, in order of arrival. */
  public List<String> ignoredParams() {
    return engine.ignoredParams();
  }

  /** The most backends busy at once so far. */
  public int peakBusyBackends() {
    return engine.peakBusyBackends();
  }

  /** Every HTTP request received (websocket upgrades included), in order. */
  public List<RecordedRequest> requests() {
    return log.all();
  }

  /** The next request not yet taken, waiting up to 10 s. */
  public RecordedRequest takeRequest() throws InterruptedException {
    return log.take(Duration.ofSeconds(10));
  }

  /** The next request not yet taken, waiting up to {@code timeout}. */
  public Optional<RecordedRequest> takeRequest(Duration timeout) throws InterruptedException {
    return log.poll(timeout);
  }

  /** The samplers {@code ListT2IParams} offers. */
  public static List<String> samplers() {
    return SwarmParams.SAMPLERS;
  }

  /** The schedulers {@code ListT2IParams} offers. */
  public static List<String> schedulers() {
    return SwarmParams.SCHEDULERS;
  }

  @Override
  public void close() {
    goAway();
  }

  @Override
  public String toString() {
    return "FakeSwarmUI{" + baseUrl() + ", backends=" + engine.backendCount() + "}";
  }

  /** Configures a {@link FakeSwarmUI}. */
  public static final class Builder {
    private List<String> models = DEFAULT_MODELS;
    private List<String> loras = DEFAULT_LORAS;
    private List<String> embeddings = DEFAULT_EMBEDDINGS;
    private List<String> vaes = DEFAULT_VAES;
    private Optional<String> token = Optional.empty();
    private int backends = 1;
    private boolean backendList = true;
    private Duration stepLatency = Duration.ZERO;
    private int port;

    private Builder() {}

    /** Checkpoint names as SwarmUI lists them (folder paths with extension). */
    public Builder models(List<String> names) {
      this.models = List.copyOf(names);
      return this;
    }

    public Builder loras(List<String> names) {
      this.loras = List.copyOf(names);
      return this;
    }

    public Builder embeddings(List<String> names) {
      this.embeddings = List.copyOf(names);
      return this;
    }

    public Builder vaes(List<String> names) {
      this.vaes = List.copyOf(names);
      return this;
    }

    /** Requires accounts: {@code GetNewSession} and {@code /View/} need the cookie {@code swarm_token=<token>}. */
    public Builder token(String token) {
      this.token = Optional.of(Objects.requireNonNull(token, "token"));
      return this;
    }

    /** Simulated backends; each image holds one while it samples (default 1). */
    public Builder backends(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("backends must be >= 1, got " + count);
      }
      this.backends = count;
      return this;
    }

    /** Whether sessions may call {@code ListBackends} (default true); see {@link FakeSwarmUI#backendListPermission}. */
    public Builder backendListPermission(boolean allowed) {
      this.backendList = allowed;
      return this;
    }

    public Builder stepLatency(Duration perStep) {
      this.stepLatency = Objects.requireNonNull(perStep, "perStep");
      return this;
    }

    /** A fixed port (default 0: ephemeral). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public FakeSwarmUI start() {
      return new FakeSwarmUI(this);
    }
  }
}
