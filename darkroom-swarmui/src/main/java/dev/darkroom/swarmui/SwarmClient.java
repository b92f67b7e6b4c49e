package dev.darkroom.swarmui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.DarkroomException;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.MalformedResponseException;
import dev.darkroom.TransportException;
import dev.darkroom.Usage;
import dev.darkroom.spi.Redactor;
import dev.darkroom.internal.http.TransportFailures;
import dev.darkroom.spi.PreparedInput;
import dev.darkroom.spi.ProviderCall;
import dev.darkroom.spi.ProviderClient;
import dev.darkroom.spi.ProviderResponse;
import dev.darkroom.spi.RawImage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One SwarmUI client: checks names and parameter ids against the instance's {@code ListT2IParams} (loaded
 * once, reloaded once when a name is missing), generates through the {@code GenerateText2ImageWS} websocket
 * (falling back to {@code GenerateText2Image} when the websocket handshake is refused), and on interrupt or
 * timeout calls {@code InterruptAll} with {@code other_sessions: false}, so only this client's session stops.
 */
final class SwarmClient implements ProviderClient {
  static final String WS_ROUTE = "GenerateText2ImageWS";
  static final String HTTP_ROUTE = "GenerateText2Image";
  private static final Pattern TIME = Pattern.compile("([0-9.]+)\\s*(sec|min)");

  private final SwarmApi api;
  private final HttpClient http;
  private final Redactor redactor;
  private @Nullable SwarmCatalog catalog;

  SwarmClient(SwarmApi api, HttpClient http, Redactor redactor) {
    this.api = api;
    this.http = http;
    this.redactor = redactor;
  }

  /** The instance's parameters and models; loaded on first use, again when {@code reload}. */
  synchronized SwarmCatalog catalog(boolean reload) {
    if (catalog == null || reload) {
      try {
        JsonNode answer = api.call("ListT2IParams", SwarmApi.JSON.createObjectNode());
        if (answer.has("error")) {
          throw SwarmApi.routeError(answer, redactor, "ListT2IParams");
        }
        catalog = SwarmCatalog.parse(answer);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransportException("interrupted while listing SwarmUI's parameters", e,
            DarkroomException.Details.none());
      }
    }
    return catalog;
  }

  SwarmApi api() {
    return api;
  }

  @Override
  public ProviderResponse generate(ProviderCall call) {
    ObjectNode params;
    try {
      params = SwarmParamsWriter.write(call, catalog(false));
    } catch (InvalidRequestException first) {
      params = SwarmParamsWriter.write(call, catalog(true)); // models may have been added since the listing
    }
    long started = System.nanoTime();
    Outcome outcome;
    try {
      outcome = runWebSocket(call, params, true);
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
    return respond(call, outcome, Duration.ofNanos(System.nanoTime() - started));
  }

  @Override
  public String describe(ProviderCall call) {
    ObjectNode params = SwarmParamsWriter.write(call, null);
    if (params.has("initimage")) {
      params.put("initimage", "(" + call.inputs().get(0).bytes().length + " bytes of image data)");
    }
    params.put("session_id", "(session)");
    return params.toPrettyString();
  }

  @Override
  public String endpoint(ProviderCall call) {
    return api.baseUrl() + "/API/" + WS_ROUTE;
  }

  /** What one generation produced: images by batch index, discarded indices, a terminal error. */
  private static final class Outcome {
    final Map<Integer, JsonNode> images = new TreeMap<>();
    final Map<Integer, CompletableFuture<byte[]>> downloads = new TreeMap<>();
    final List<Integer> discarded = new ArrayList<>();
    @Nullable DarkroomException error;
    boolean invalidSession;
    boolean finished;
  }

  private Outcome runWebSocket(ProviderCall call, ObjectNode params, boolean mayRenew) throws InterruptedException {
    String session = api.session();
    ObjectNode input = params.deepCopy();
    input.put("session_id", session);
    Frames frames = new Frames(call, params.path("steps").asInt(1), params.path("images").asInt(1));
    WebSocket ws;
    try {
      ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
          .buildAsync(api.webSocketUri(WS_ROUTE), frames).get(call.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException) {
        return runHttp(call, params);
      }
      throw SwarmApi.gone(api.baseUrl(), "could not be reached over its websocket (" + cause(e) + ")", e.getCause());
    } catch (TimeoutException e) {
      throw TransportFailures.timeout("SwarmUI", call.timeout(), "the server did not accept the websocket");
    }
    try {
      ws.sendText(input.toString(), true).get(call.timeout().toMillis(), TimeUnit.MILLISECONDS);
      Outcome o = frames.done.get(call.timeout().toMillis(), TimeUnit.MILLISECONDS);
      if (o.invalidSession && mayRenew) {
        ws.abort();
        api.renew(session);
        return runWebSocket(call, params, false);
      }
      if (o.invalidSession) {
        throw SwarmApi.routeError(SwarmApi.JSON.createObjectNode().put("error", "the session was refused twice"),
            redactor, WS_ROUTE);
      }
      return o;
    } catch (InterruptedException e) {
      stop(ws);
      throw e;
    } catch (TimeoutException e) {
      stop(ws);
      throw TransportFailures.timeout("SwarmUI", call.timeout(), "SwarmUI queues work across its backends;"
          + " a busy instance may need a longer --timeout");
    } catch (ExecutionException e) {
      ws.abort();
      throw SwarmApi.gone(api.baseUrl(), "failed mid-generation (" + cause(e) + ")", e.getCause());
    } finally {
      ws.abort();
    }
  }

  /** The HTTP route: one answer with every image path. */
  private Outcome runHttp(ProviderCall call, ObjectNode params) throws InterruptedException {
    JsonNode answer;
    try {
      answer = api.call(HTTP_ROUTE, params);
    } catch (InterruptedException e) {
      interruptAll();
      throw e;
    }
    Outcome o = new Outcome();
    if (answer.has("error")) {
      o.error = SwarmApi.routeError(answer, redactor, HTTP_ROUTE);
      return o;
    }
    int i = 0;
    for (JsonNode image : answer.path("images")) {
      o.downloads.put(i, api.download(image.asText()));
      o.images.put(i++, SwarmApi.JSON.createObjectNode().put("image", image.asText()));
    }
    o.finished = true;
    return o;
  }

  private void stop(WebSocket ws) {
    interruptAll();
    ws.abort();
  }

  /**
   * Asks SwarmUI to stop this session's generations; failures are ignored (we are stopping anyway). A cancel
   * from another thread may interrupt this thread twice (the cancel, then the client's close): a second
   * interrupt must not stop the stop, so the request is sent again, at most three times in all (it is
   * idempotent). The thread's interrupt status is restored afterwards.
   */
  private void interruptAll() {
    boolean wasInterrupted = Thread.interrupted();
    try {
      for (int attempt = 0; attempt < 3; attempt++) {
        try {
          api.call("InterruptAll", SwarmApi.JSON.createObjectNode().put("other_sessions", false));
          return;
        } catch (InterruptedException e) {
          wasInterrupted = true;
        } catch (RuntimeException e) {
          return; // best effort: the server may already be gone
        }
      }
    } finally {
      if (wasInterrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private TransportException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new TransportException("interrupted; SwarmUI was asked to stop this session's generations", e,
        DarkroomException.Details.none());
  }

  private ProviderResponse respond(ProviderCall call, Outcome o, Duration wall) {
    List<RawImage> images = new ArrayList<>();
    Duration engine = Duration.ZERO;
    boolean timed = false;
    DarkroomException downloadError = null;
    for (Map.Entry<Integer, JsonNode> e : o.images.entrySet()) {
      if (o.discarded.contains(e.getKey())) {
        continue;
      }
      byte[] bytes;
      try {
        bytes = o.downloads.get(e.getKey()).get(call.timeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException ie) {
        throw interrupted(ie);
      } catch (ExecutionException | TimeoutException | CancellationException x) {
        Throwable c = x.getCause();
        downloadError = c instanceof DarkroomException d ? d
            : SwarmApi.gone(api.baseUrl(), "failed while sending an image (" + cause(x) + ")", x);
        continue;
      }
      images.add(new RawImage(bytes, mimeOf(bytes), false));
      Duration t = generationTime(e.getValue().path("metadata").asText(""));
      if (t != null) {
        engine = engine.plus(t);
        timed = true;
      }
    }
    if (images.isEmpty() && downloadError != null && o.error == null) {
      throw downloadError;
    }
    if (images.isEmpty()) {
      if (o.error != null) {
        throw o.error;
      }
      if (!o.finished) {
        throw SwarmApi.gone(api.baseUrl(), "closed the generation before sending an image", null);
      }
      return new ProviderResponse(ProviderResponse.Outcome.NO_IMAGE, "NO_IMAGE", "SwarmUI returned no image"
          + (o.discarded.isEmpty() ? "" : " (all were discarded)"), List.of(), "", "", List.of(), List.of(),
          Usage.ZERO, null, null, null);
    }
    String reason = o.error != null ? "partial" : o.finished ? "completed" : "partial";
    String why = o.error != null ? o.error.getMessage()
        : o.finished ? null : "SwarmUI went away after " + images.size() + " image(s)";
    return new ProviderResponse(ProviderResponse.Outcome.IMAGES, reason, why, images, "", "", List.of(), List.of(),
        Usage.ZERO, null, call.request().model().id(), timed ? engine : wall);
  }

  /** SwarmUI's {@code sui_extra_data.generation_time} ({@code "5.67 sec"}, {@code "2.10 min"}), when present. */
  static @Nullable Duration generationTime(String metadata) {
    if (metadata.isEmpty()) {
      return null;
    }
    try {
      JsonNode extra = SwarmApi.JSON.readTree(metadata).path("sui_extra_data");
      Matcher m = TIME.matcher(extra.path("generation_time").asText(""));
      if (!m.find()) {
        return null;
      }
      double v = Double.parseDouble(m.group(1)) * (m.group(2).equals("min") ? 60 : 1);
      return Duration.ofMillis(Math.round(v * 1000));
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  private static String mimeOf(byte[] b) {
    if (b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
      return "image/jpeg";
    }
    if (b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[8] == 'W') {
      return "image/webp";
    }
    return "image/png";
  }

  private static String cause(Exception e) {
    Throwable c = e instanceof ExecutionException || e instanceof CompletionException ? e.getCause() : e;
    return c == null ? e.toString() : c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
  }

  /** Reads websocket frames into an {@link Outcome}; progress and previews go straight to the call's sinks. */
  private final class Frames implements WebSocket.Listener {
    final CompletableFuture<Outcome> done = new CompletableFuture<>();
    private final Outcome outcome = new Outcome();
    private final StringBuilder text = new StringBuilder();
    private final ProviderCall call;
    private final int steps;
    private final int total;
    private int lastStep;
    private int previews;

    Frames(ProviderCall call, int steps, int images) {
      this.call = call;
      this.steps = Math.max(1, steps);
      this.total = this.steps * Math.max(1, images);
    }

    @Override
    public CompletableFuture<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String message = text.toString();
        text.setLength(0);
        try {
          frame(SwarmApi.JSON.readTree(message));
        } catch (java.io.IOException | RuntimeException e) {
          done.completeExceptionally(new MalformedResponseException("SwarmUI sent a websocket frame that is not"
              + " JSON: " + redactor.redact(message.substring(0, Math.min(200, message.length()))), e,
              DarkroomException.Details.none()));
        }
      }
      ws.request(1);
      return null;
    }

    private void frame(JsonNode f) {
      if (SwarmApi.isInvalidSession(f)) {
        outcome.invalidSession = true;
        done.complete(outcome);
      } else if (f.has("error")) {
        outcome.error = SwarmApi.routeError(f, redactor, WS_ROUTE);
      } else if (f.has("gen_progress")) {
        JsonNode p = f.get("gen_progress");
        int index = p.path("batch_index").asInt(0);
        int step = Math.min(total, index * steps + (int) Math.round(p.path("overall_percent").asDouble(0) * steps));
        if (step > lastStep) {
          lastStep = step;
          call.progress().accept(step, total);
        }
        String preview = p.path("preview").asText("");
        if (preview.startsWith("data:")) {
          int comma = preview.indexOf(',');
          String mime = preview.substring(5, Math.max(5, preview.indexOf(';')));
          try {
            call.partials().accept(previews++, new RawImage(Base64.getDecoder().decode(preview.substring(comma + 1)),
                mime.isEmpty() ? "image/jpeg" : mime, false));
          } catch (IllegalArgumentException ignored) {
            // a broken preview is not worth failing the generation for
          }
        }
      } else if (f.has("image")) {
        JsonNode image = f.get("image").isObject() ? f.get("image") : f; // nested is the shape SwarmUI's docs show
        int index = image.path("batch_index").asInt(outcome.images.size());
        outcome.images.put(index, image);
        outcome.downloads.put(index, api.download(image.path("image").asText()));
      } else if (f.has("discard_indices")) {
        f.get("discard_indices").forEach(n -> outcome.discarded.add(n.asInt()));
      } else if ("close".equals(f.path("socket_intention").asText(""))) {
        outcome.finished = outcome.error == null;
        done.complete(outcome);
      }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      done.complete(outcome);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      if (!outcome.images.isEmpty() || outcome.error != null) {
        done.complete(outcome);
      } else {
        done.completeExceptionally(error);
      }
    }
  }

  /** Builds the flat parameter map for one call. */
  static final class SwarmParamsWriter {
    private SwarmParamsWriter() {}

    /**
     * The parameters for {@code call}; with a catalog, every name is resolved to the instance's own spelling and
     * every id and range checked; without one (dry runs), names are written as given.
     *
     * @throws InvalidRequestException naming the option and the instance's closest values
     */
    static ObjectNode write(ProviderCall call, @Nullable SwarmCatalog cat) {
      ImageRequest r = call.request();
      SwarmOptions o = SwarmOptions.of(r);
      ObjectNode p = SwarmApi.JSON.createObjectNode();
      p.put("images", call.imageCount());
      p.put("prompt", r.prompt());
      p.put("negativeprompt", o.negativePrompt());
      String model = SwarmUIProvider.modelName(r.model().id());
      p.put("model", cat == null ? model : name(cat, "Stable-Diffusion", model, "model", "model"));
      int[] size = size(r.effectiveImageSize());
      p.put("width", size[0]);
      p.put("height", size[1]);
      p.put("steps", o.steps());
      p.put("cfgscale", o.cfg());
      p.put("seed", r.seed().orElse(-1L));
      boolean hasSampler = cat == null || cat.hasParam("sampler");
      if (hasSampler) {
        p.put("sampler", cat == null ? o.sampler() : value(cat, "sampler", o.sampler(), "swarmui.sampler"));
        p.put("scheduler", cat == null ? o.scheduler() : value(cat, "scheduler", o.scheduler(), "swarmui.scheduler"));
      } else if (r.options(SwarmOptions.class).map(x -> x.values().containsKey("sampler")
          || x.values().containsKey("scheduler")).orElse(false)) {
        throw new InvalidRequestException("this SwarmUI instance lists no sampler or scheduler parameter (no ComfyUI"
            + " backend?), so swarmui.sampler and swarmui.scheduler cannot be applied", "swarmui.sampler", List.of());
      }
      if (!o.loras().isEmpty()) {
        ArrayNode names = p.putArray("loras");
        ArrayNode weights = p.putArray("loraweights");
        ArrayNode tenc = p.putArray("loratencweights");
        for (SwarmOptions.Lora l : o.loras()) {
          names.add(cat == null ? l.name() : name(cat, "LoRA", l.name(), "swarmui.loras", "LoRA"));
          weights.add(SwarmOptions.plain(l.modelWeight()));
          tenc.add(SwarmOptions.plain(l.clipWeight()));
        }
      }
      if (o.refiner().isPresent()) {
        String refiner = o.refiner().get();
        p.put("refinermodel", cat == null ? refiner : name(cat, "Stable-Diffusion", refiner, "swarmui.refiner",
            "refiner"));
        p.put("refinermethod", "StepSwap");
        p.put("refinercontrolpercentage", BigDecimal.ONE.subtract(BigDecimal.valueOf(o.refinerSwitch()))
            .setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros().doubleValue());
      }
      if (!call.inputs().isEmpty()) {
        PreparedInput in = call.inputs().get(0);
        p.put("initimage", "data:" + in.mimeType() + ";base64," + Base64.getEncoder().encodeToString(in.bytes()));
        p.put("initimagecreativity", o.denoise().orElse(SwarmOptions.DEFAULT_IMG2IMG_DENOISE));
      }
      if (cat != null) {
        p.fieldNames().forEachRemaining(id -> cat.requireParam(id, field(id), "'" + id + "'"));
        cat.requireRange("steps", o.steps(), "swarmui.steps");
        cat.requireRange("cfgscale", o.cfg(), "swarmui.cfg");
        cat.requireRange("width", size[0], "size");
        cat.requireRange("height", size[1], "size");
        if (p.has("initimagecreativity")) {
          cat.requireRange("initimagecreativity", p.get("initimagecreativity").asDouble(), "swarmui.denoise");
        }
        if (p.get("seed").asLong() < -1) {
          throw new InvalidRequestException("seed " + Long.toUnsignedString(r.seed().orElse(0L)) + " is out of range"
              + " for SwarmUI: 0 to 9223372036854775807", "seed", List.of("0..9223372036854775807"));
        }
      }
      return p;
    }

    private static String field(String id) {
      return switch (id) {
        case "negativeprompt" -> "swarmui.negativePrompt";
        case "loras", "loraweights", "loratencweights" -> "swarmui.loras";
        case "refinermodel", "refinermethod", "refinercontrolpercentage" -> "swarmui.refiner";
        case "cfgscale" -> "swarmui.cfg";
        case "initimage", "initimagecreativity" -> "images";
        case "width", "height" -> "size";
        default -> id.equals("steps") || id.equals("sampler") || id.equals("scheduler") ? "swarmui." + id : id;
      };
    }

    private static String name(SwarmCatalog cat, String type, String asked, String field, String what) {
      return cat.resolve(type, asked).orElseThrow(() -> SwarmCatalog.unknown(
          (what.equals("model") ? "checkpoint" : what), asked, field, cat.models(type)));
    }

    private static String value(SwarmCatalog cat, String id, String asked, String field) {
      List<String> values = cat.values(id);
      if (values.contains(asked)) {
        return asked;
      }
      throw SwarmCatalog.unknown(id, asked, field, values);
    }

    private static int[] size(String size) {
      int x = size.indexOf('x');
      if (x < 0) {
        return new int[] {1024, 1024};
      }
      return new int[] {Integer.parseInt(size.substring(0, x)), Integer.parseInt(size.substring(x + 1))};
    }
  }
}
