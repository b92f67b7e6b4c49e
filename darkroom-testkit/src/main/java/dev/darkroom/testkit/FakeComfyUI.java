package dev.darkroom.testkit;

import dev.darkroom.testkit.internal.ComfyEngine;
import dev.darkroom.testkit.internal.ComfyHandler;
import dev.darkroom.testkit.internal.ComfyNodeCatalog;
import dev.darkroom.testkit.internal.ComfySettings;
import dev.darkroom.testkit.internal.SocketHttpServer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An in-process fake of a ComfyUI server (default version {@value #DEFAULT_VERSION}) that speaks
 * its real HTTP and WebSocket protocol, for testing ComfyUI clients without a GPU. It listens on
 * 127.0.0.1; point a client at {@link #baseUrl()}.
 *
 * <pre>{@code
 * try (FakeComfyUI comfy = FakeComfyUI.builder().stepLatency(Duration.ofMillis(20)).start()) {
 *   comfy.enqueueFault(ComfyFault.outOfMemory());
 *   // connect ws://.../ws?clientId=ID, POST /prompt {"prompt": graph, "client_id": ID}, then:
 *   RecordedRequest submitted = comfy.takeRequest();
 * }
 * }</pre>
 *
 * <h2>What it serves</h2>
 * Every route also under {@code /api}: {@code GET /system_stats} (with
 * {@code system.comfyui_version}), {@code /features}, {@code /object_info} and
 * {@code /object_info/{class}} for the core SDXL nodes (CheckpointLoaderSimple, LoraLoader,
 * CLIPTextEncode, CLIPTextEncodeSDXL, CLIPTextEncodeSDXLRefiner, EmptyLatentImage, KSampler,
 * KSamplerAdvanced, VAEDecode, VAEEncode, VAELoader, LoadImage, SaveImage, PreviewImage,
 * ImageScale, LatentUpscale) with ComfyUI's inputs, defaults, ranges, sampler and scheduler lists;
 * {@code /models}, {@code /models/{folder}}, {@code /embeddings}; {@code POST /prompt},
 * {@code GET|POST /queue}, {@code POST /interrupt}, {@code GET|POST /history},
 * {@code GET /history/{id}}, {@code GET /view}, {@code POST /upload/image}, {@code POST /free};
 * {@code /api/jobs}, {@code /api/jobs/{id}} (0.6.0+) and {@code POST /api/jobs/{id}/cancel}
 * (0.26.0+) only with the prefix. Unknown routes answer 404 to GET and 405 to other methods.
 *
 * <h2>Behaviour, as in ComfyUI</h2>
 * <ul>
 *   <li>{@code POST /prompt} validates the graph like {@code validate_prompt}: unknown
 *       {@code class_type} ({@code missing_node_type}), no output node ({@code prompt_no_outputs}),
 *       then per output {@code required_input_missing}, {@code bad_linked_input},
 *       {@code return_type_mismatch}, {@code invalid_input_type}, {@code value_smaller_than_min},
 *       {@code value_bigger_than_max}, {@code value_not_in_list}, {@code dependency_cycle}, and for
 *       a link to a missing node or slot {@code exception_during_validation} /
 *       {@code exception_during_inner_validation}; 400 {@code {"error": …, "node_errors": …}}. A
 *       client-chosen {@code prompt_id} is ignored before 0.3.45, taken as is before 0.25.0, and
 *       from 0.25.0 must be a canonical lowercase UUID ({@code invalid_prompt_id}).</li>
 *   <li>One worker runs jobs in queue order. Events go to the submitting {@code client_id}'s
 *       socket: {@code status} (to all), {@code execution_start}, {@code execution_cached} (nodes
 *       unchanged since the previous job are skipped, as ComfyUI caches outputs),
 *       {@code executing}, {@code progress} per sampler step, preview frames, {@code executed},
 *       {@code execution_success} / {@code execution_error} / {@code execution_interrupted}, and
 *       finally {@code executing} with {@code node: null} after history is written.</li>
 *   <li>Preview frames are sent only when the preview method (the job's
 *       {@code extra_data.preview_method}, else {@link Builder#previewMethod}, default
 *       {@code none} like ComfyUI's {@code --preview-method}) is not {@code none}: binary type 1,
 *       format 1 (JPEG), image bytes; or type 4 with metadata JSON for a client that announced
 *       {@code supports_preview_metadata} in its first {@code feature_flags} message.</li>
 *   <li>SaveImage writes {@code ComfyUI_00001_.png} … (type {@code output}), PreviewImage
 *       {@code ComfyUI_temp_xxxxx_00001_.png} (type {@code temp}): real PNGs whose size follows the
 *       graph (latent size × 8, LatentUpscale, ImageScale, LoadImage) with one file per batch item,
 *       carrying {@code json.dumps(prompt)} in a {@code tEXt} chunk named {@code prompt} plus one
 *       chunk per {@code extra_data.extra_pnginfo} entry (no {@code workflow} unless sent).</li>
 *   <li>{@code /interrupt} with a {@code prompt_id} (0.3.57+) stops only that running prompt;
 *       without one it stops whatever runs. {@code /queue} {@code delete} removes pending jobs,
 *       {@code clear} empties the pending queue.</li>
 * </ul>
 *
 * <h2>Knobs</h2>
 * At build time: {@link Builder#version}, model lists ({@link Builder#checkpoints},
 * {@link Builder#loras}, {@link Builder#vaes}, {@link Builder#embeddings},
 * {@link Builder#inputImages}), {@link Builder#previewMethod}, reverse-proxy auth
 * ({@link Builder#bearerToken}, {@link Builder#basicAuth}: 401 without it, WebSocket included),
 * {@link Builder#port}. At any time: {@link #stepLatency} (time per sampler step, default zero: for
 * throughput benchmarks), {@link #maxPending} (queue limit; refused with 503), scripted
 * {@link ComfyFault faults}, {@link #goAway()} and {@link #restart()} (queue, running job, history
 * and cache lost; output files kept). Requests are recorded ({@link #takeRequest()}).
 *
 * <p>Not modelled: custom nodes, real sampling, {@code /view} {@code preview=}/{@code channel=}
 * conversions, {@code /userdata}, the 10,000-entry history trim beyond a simple cap. All methods
 * are thread-safe.
 */
public final class FakeComfyUI implements AutoCloseable {
  /** Version reported by {@code /system_stats} unless {@link Builder#version} sets another. */
  public static final String DEFAULT_VERSION = "0.33.0";
  private static final Duration DEFAULT_TAKE_TIMEOUT = Duration.ofSeconds(10);

  private final RequestLog log = new RequestLog();
  private final ComfySettings settings;
  private final ComfyEngine engine;
  private final ComfyHandler handler;
  private final int port;
  private SocketHttpServer http;
  private boolean closed;

  private FakeComfyUI(Builder builder) {
    this.settings = new ComfySettings(builder.version, builder.checkpoints, builder.loras, builder.vaes,
        builder.embeddings, builder.inputImages, builder.authorization, builder.challenge,
        builder.stepLatency, builder.previewMethod, Integer.MAX_VALUE);
    this.engine = new ComfyEngine(settings);
    this.handler = new ComfyHandler(engine, log::record);
    this.http = SocketHttpServer.start(handler, builder.port);
    this.port = http.port();
    engine.onGoAway(this::goAway);
  }

  /** Starts a fake with default settings on an ephemeral port. Close it when done. */
  public static FakeComfyUI start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The server's root URL without a trailing slash, e.g. {@code http://127.0.0.1:41234}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The WebSocket URI for a client id: {@code ws://127.0.0.1:PORT/ws?clientId=ID}. */
  public URI webSocketUri(String clientId) {
    return URI.create("ws://127.0.0.1:" + port + "/ws?clientId="
        + URLEncoder.encode(clientId, StandardCharsets.UTF_8));
  }

  public int port() {
    return port;
  }

  /** The version {@code /system_stats} reports and the version gates follow. */
  public String version() {
    return settings.version;
  }

  /** Time each sampler step takes (default zero). */
  public FakeComfyUI stepLatency(Duration perStep) {
    if (Objects.requireNonNull(perStep, "perStep").isNegative()) {
      throw new IllegalArgumentException("stepLatency must not be negative, got " + perStep);
    }
    settings.stepLatency = perStep;
    return this;
  }

  /** Most pending (not running) jobs accepted; further prompts get 503 (default unlimited). */
  public FakeComfyUI maxPending(int jobs) {
    if (jobs < 0) {
      throw new IllegalArgumentException("maxPending must be >= 0, got " + jobs);
    }
    settings.maxPending = jobs;
    return this;
  }

  /** Queues a scripted fault (see {@link ComfyFault} for when each applies). */
  public FakeComfyUI enqueueFault(ComfyFault fault) {
    engine.addFault(Objects.requireNonNull(fault, "fault").plan());
    return this;
  }

  /**
   * Kills the engine now: resets every WebSocket (TCP RST, no closing frame, so frames still in
   * flight may be lost), closes the HTTP connections, stops listening, and loses the queue and the
   * running job. Idempotent. (A reset rather than a bare FIN because the JDK WebSocket client does
   * not report a FIN without a closing frame until it next writes.)
   */
  public synchronized void goAway() {
    engine.abortClients();
    if (http != null) {
      http.close();
      http = null;
    }
    engine.reset();
  }

  /**
   * Restarts the engine on the same port: like {@link #goAway()} followed by a fresh start with
   * an empty queue, history and cache. Output and uploaded files survive, as on disk.
   */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("FakeComfyUI is closed");
    }
    goAway();
    http = SocketHttpServer.start(handler, port);
  }

  /** Whether the server is listening (false after {@link #goAway()} until {@link #restart()}). */
  public synchronized boolean isUp() {
    return http != null;
  }

  /** Number of WebSocket clients connected now. */
  public int webSocketCount() {
    return engine.clientCount();
  }

  /** Ids of the prompts in history, oldest first. */
  public List<String> historyIds() {
    return engine.historyEntries().stream().map(java.util.Map.Entry::getKey).toList();
  }

  /** Whether {@link RecordedRequest#body()} keeps request bodies (default true). */
  public FakeComfyUI recordBodies(boolean record) {
    log.recordBodies(record);
    return this;
  }

  /** All requests received so far, oldest first, including refused ones and WebSocket upgrades. */
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

  /** Sampler names the fake offers, in ComfyUI's order. */
  public static List<String> samplers() {
    return ComfyNodeCatalog.SAMPLERS;
  }

  /** Scheduler names the fake offers, in ComfyUI's order. */
  public static List<String> schedulers() {
    return ComfyNodeCatalog.SCHEDULERS;
  }

  /** Stops the server, the worker and all connections. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    if (http != null) {
      http.close();
      http = null;
    }
    engine.close();
  }

  @Override
  public String toString() {
    return "FakeComfyUI[" + baseUrl() + ", " + settings.version + "]";
  }

  /** Settings fixed when the fake starts. Defaults describe a stock SDXL install. */
  public static final class Builder {
    private String version = DEFAULT_VERSION;
    private List<String> checkpoints = List.of("sd_xl_base_1.0.safetensors",
        "sd_xl_refiner_1.0.safetensors");
    private List<String> loras = List.of("sd_xl_offset_example-lora_1.0.safetensors",
        "wrong.safetensors");
    private List<String> vaes = List.of("sdxl_vae.safetensors");
    private List<String> embeddings = List.of("ugly-sonic.safetensors", "wrong.pt");
    private List<String> inputImages = List.of("example.png");
    private Optional<String> authorization = Optional.empty();
    private String challenge = "";
    private Duration stepLatency = Duration.ZERO;
    private String previewMethod = "none";
    private int port;

    private Builder() {}

    /** ComfyUI version to report and behave as, e.g. {@code 0.3.40} (default {@value #DEFAULT_VERSION}). */
    public Builder version(String version) {
      if (!Objects.requireNonNull(version, "version").matches("\\d+(\\.\\d+)*")) {
        throw new IllegalArgumentException("version must be dotted numbers like 0.33.0, got \"" + version + "\"");
      }
      this.version = version;
      return this;
    }

    /** Files in {@code models/checkpoints} (default SDXL base and refiner 1.0). */
    public Builder checkpoints(List<String> names) {
      this.checkpoints = List.copyOf(names);
      return this;
    }

    /** Files in {@code models/loras} (default the SDXL offset LoRA and {@code wrong.safetensors}). */
    public Builder loras(List<String> names) {
      this.loras = List.copyOf(names);
      return this;
    }

    /** Files in {@code models/vae} (default {@code sdxl_vae.safetensors}); VAELoader also offers {@code pixel_space}. */
    public Builder vaes(List<String> names) {
      this.vaes = List.copyOf(names);
      return this;
    }

    /** Files in {@code models/embeddings}; {@code /embeddings} lists them without extension. */
    public Builder embeddings(List<String> names) {
      this.embeddings = List.copyOf(names);
      return this;
    }

    /** Files LoadImage offers besides uploads (default {@code example.png}, read as 1024x1024). */
    public Builder inputImages(List<String> names) {
      this.inputImages = List.copyOf(names);
      return this;
    }

    /** Time each sampler step takes (default zero). */
    public Builder stepLatency(Duration perStep) {
      if (Objects.requireNonNull(perStep, "perStep").isNegative()) {
        throw new IllegalArgumentException("stepLatency must not be negative, got " + perStep);
      }
      this.stepLatency = perStep;
      return this;
    }

    /** Server preview method: {@code none} (default), {@code auto}, {@code latent2rgb} or {@code taesd}. */
    public Builder previewMethod(String method) {
      if (!List.of("none", "auto", "latent2rgb", "taesd").contains(method)) {
        throw new IllegalArgumentException("previewMethod must be none, auto, latent2rgb or taesd, got \""
            + method + "\"");
      }
      this.previewMethod = method;
      return this;
    }

    /** Require {@code Authorization: Bearer TOKEN} on every request, as a reverse proxy would. */
    public Builder bearerToken(String token) {
      if (Objects.requireNonNull(token, "token").isBlank()) {
        throw new IllegalArgumentException("bearerToken must not be blank");
      }
      this.authorization = Optional.of("Bearer " + token);
      this.challenge = "Bearer realm=\"ComfyUI\"";
      return this;
    }

    /** Require HTTP basic auth with these credentials on every request, as a reverse proxy would. */
    public Builder basicAuth(String user, String password) {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      this.authorization = Optional.of("Basic " + Base64.getEncoder()
          .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
      this.challenge = "Basic realm=\"ComfyUI\"";
      return this;
    }

    /** Port on 127.0.0.1 (default 0: ephemeral). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** Starts the fake. */
    public FakeComfyUI start() {
      return new FakeComfyUI(this);
    }
  }
}
