package dev.darkroom.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The state and generation logic of a fake SwarmUI: sessions, the parameter reading of
 * {@code T2IAPI.RequestToParams}, a pool of simulated backends, saved outputs and scripted faults.
 * Thread-safe.
 */
public final class SwarmEngine {
  /** A scripted fault, consumed by the next generation. */
  public record FaultPlan(Kind kind, String message, int afterSteps) {
    public enum Kind { ERROR, STALL, GO_AWAY }
  }

  /** One generation request in flight; {@link #cancel()} is what {@code InterruptAll} does to it. */
  private static final class Live {
    final String sessionId;
    final CountDownLatch cancelled = new CountDownLatch(1);

    Live(String sessionId) {
      this.sessionId = sessionId;
    }

    void cancel() {
      cancelled.countDown();
    }

    boolean isCancelled() {
      return cancelled.getCount() == 0;
    }

    /** Waits up to {@code d}; true when cancelled meanwhile. */
    boolean await(Duration d) {
      try {
        return d.isZero() ? isCancelled() : cancelled.await(d.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return true;
      }
    }
  }

  public final String version;
  public final Optional<String> token;
  private final SwarmParams.Models models;
  private final Set<String> sessions = ConcurrentHashMap.newKeySet();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Set<String> served = ConcurrentHashMap.newKeySet();
  private final List<Live> live = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<FaultPlan> faults = new ConcurrentLinkedQueue<>();
  private final List<JsonNode> generations = new CopyOnWriteArrayList<>();
  private final List<JsonNode> interrupts = new CopyOnWriteArrayList<>();
  private final List<String> ignored = new CopyOnWriteArrayList<>();
  private final AtomicInteger counter = new AtomicInteger();
  private final Semaphore backends;
  private final int backendCount;
  private final AtomicInteger busy = new AtomicInteger();
  private final AtomicInteger peakBusy = new AtomicInteger();
  private volatile Duration stepLatency = Duration.ZERO;
  private volatile Runnable onGoAway = () -> {};

  public SwarmEngine(String version, Optional<String> token, SwarmParams.Models models, int backends) {
    this.version = version;
    this.token = token;
    this.models = models;
    this.backendCount = backends;
    this.backends = new Semaphore(backends, true);
  }

  public SwarmParams.Models models() {
    return models;
  }

  public int backendCount() {
    return backendCount;
  }

  public void stepLatency(Duration perStep) {
    this.stepLatency = perStep;
  }

  public void onGoAway(Runnable r) {
    this.onGoAway = r;
  }

  public void addFault(FaultPlan plan) {
    faults.add(plan);
  }

  /** Creates a session and returns its id (40 upper-case hex digits, as SwarmUI's). */
  public String newSession() {
    byte[] b = new byte[20];
    ThreadLocalRandom.current().nextBytes(b);
    String id = HexFormat.of().withUpperCase().formatHex(b);
    sessions.add(id);
    return id;
  }

  public boolean hasSession(String id) {
    return sessions.contains(id);
  }

  public int sessionCount() {
    return sessions.size();
  }

  /** Forgets every session, as a server restart or session timeout does. */
  public void expireSessions() {
    sessions.clear();
  }

  /** {@code InterruptAll}: cancels this session's generations, or every session's. */
  public void interrupt(JsonNode body, String sessionId, boolean otherSessions) {
    interrupts.add(body.deepCopy());
    for (Live l : live) {
      if (otherSessions || l.sessionId.equals(sessionId)) {
        l.cancel();
      }
    }
  }

  /** Cancels everything (the server goes away). */
  public void cancelAll() {
    live.forEach(Live::cancel);
  }

  /** Notes that a {@code /View/} file was sent in full. */
  public void markServed(String viewPath) {
    served.add(viewPath);
  }

  /** Gives a client up to 5 s to fetch the images made before the server dies (clients that fetch eagerly keep them). */
  private void awaitServed(List<String> produced) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!served.containsAll(produced) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  public Optional<byte[]> file(String viewPath) {
    return Optional.ofNullable(files.get(viewPath));
  }

  public List<JsonNode> generations() {
    return List.copyOf(generations);
  }

  public List<JsonNode> interrupts() {
    return List.copyOf(interrupts);
  }

  public List<String> ignoredParams() {
    return List.copyOf(ignored);
  }

  public int peakBusyBackends() {
    return peakBusy.get();
  }

  /**
   * Runs one generation request, writing SwarmUI's output objects to {@code output} in order: for a
   * websocket, a status frame first and {@code gen_progress} frames; then one {@code image} object per
   * image, or an {@code error}; then {@code discard_indices}.
   */
  public void generate(String sessionId, JsonNode input, boolean ws, Consumer<ObjectNode> output) {
    generations.add(input.deepCopy());
    Live job = new Live(sessionId);
    live.add(job);
    try {
      if (ws) {
        output.accept(status(1, 0));
      }
      Map<String, String> params;
      try {
        params = read(input);
      } catch (IllegalArgumentException e) {
        output.accept(error(e.getMessage()));
        return;
      }
      FaultPlan fault = faults.poll();
      if (fault != null && fault.kind() == FaultPlan.Kind.ERROR) {
        output.accept(error(fault.message()));
        return;
      }
      int images = Integer.parseInt(params.getOrDefault("images", "1"));
      long seed = Long.parseLong(params.getOrDefault("seed", "-1"));
      if (seed == -1) {
        seed = ThreadLocalRandom.current().nextLong(0, 4_294_967_296L);
      }
      int steps = Integer.parseInt(params.getOrDefault("steps", "20"));
      int[] size = size(params);
      String requestId = Integer.toString(counter.incrementAndGet());
      List<String> produced = new ArrayList<>();
      for (int i = 0; i < images && !job.isCancelled(); i++) {
        long imageSeed = Boolean.parseBoolean(params.getOrDefault("noseedincrement", "false")) ? seed : seed + i;
        if (!runImage(job, i, steps, ws, fault, produced, output)) {
          break;
        }
        Map<String, String> used = new LinkedHashMap<>(params);
        used.put("seed", Long.toString(imageSeed));
        used.put("width", Integer.toString(size[0]));
        used.put("height", Integer.toString(size[1]));
        String metadata = metadata(used, steps);
        byte[] png = PngText.withText(ImageRenderer.render(size[0], size[1], "image/png", Optional.empty()),
            Map.of("parameters", metadata));
        String url;
        if (Boolean.parseBoolean(params.getOrDefault("donotsave", "false"))) {
          url = "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
        } else {
          url = "View/local/raw/" + LocalDate.now(ZoneOffset.UTC) + "/" + String.format("%04d", counter.incrementAndGet())
              + "-" + words(params.getOrDefault("prompt", "")) + "-" + modelWords(params.getOrDefault("model", ""))
              + "-" + imageSeed + ".png";
          files.put(url, png);
          produced.add(url);
        }
        ObjectNode image = Json.object();
        image.put("image", url);
        image.put("batch_index", Integer.toString(i));
        image.put("request_id", requestId);
        image.put("metadata", metadata);
        output.accept(image);
      }
      ObjectNode discard = Json.object();
      discard.putArray("discard_indices");
      output.accept(discard);
    } finally {
      live.remove(job);
    }
  }

  /** Runs the sampler steps of one image on a backend; false when cancelled or the server went away. */
  private boolean runImage(Live job, int index, int steps, boolean ws, FaultPlan fault, List<String> produced,
      Consumer<ObjectNode> output) {
    try {
      backends.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    int now = busy.incrementAndGet();
    peakBusy.accumulateAndGet(now, Math::max);
    try {
      for (int s = 1; s <= Math.max(1, steps); s++) {
        if (fault != null && fault.kind() == FaultPlan.Kind.GO_AWAY && index * Math.max(1, steps) + s > fault.afterSteps()) {
          awaitServed(produced);
          job.cancel();
          onGoAway.run();
          return false;
        }
        if (fault != null && fault.kind() == FaultPlan.Kind.STALL) {
          job.await(Duration.ofMinutes(10));
          return false;
        }
        if (job.await(stepLatency)) {
          return false;
        }
        if (ws) {
          ObjectNode p = Json.object();
          ObjectNode g = p.putObject("gen_progress");
          g.put("batch_index", Integer.toString(index));
          g.put("overall_percent", (double) s / Math.max(1, steps));
          g.put("current_percent", (double) s / Math.max(1, steps));
          if (s == steps / 2) {
            g.put("preview", "data:image/jpeg;base64,"
                + Base64.getEncoder().encodeToString(ImageRenderer.render(64, 64, "image/jpeg", Optional.empty())));
          }
          output.accept(p);
        }
      }
      return !job.isCancelled();
    } finally {
      busy.decrementAndGet();
      backends.release();
    }
  }

  /**
   * Reads the raw input like {@code RequestToParams}: known ids are checked and kept in their text
   * form, unknown ids are ignored (and noted).
   *
   * @throws IllegalArgumentException with SwarmUI's kind of message for a bad value
   */
  private Map<String, String> read(JsonNode input) {
    Map<String, String> params = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : input.properties()) {
      String key = e.getKey();
      if (key.equals("session_id") || key.equals("presets") || key.equals("extra_metadata")) {
        continue;
      }
      Optional<SwarmParams.Param> p = SwarmParams.find(key);
      if (p.isEmpty()) {
        ignored.add(key);
        continue;
      }
      String text = SwarmParams.text(e.getValue());
      params.put(key, check(p.get(), text));
    }
    if (params.getOrDefault("model", "").isEmpty()) {
      throw new IllegalArgumentException("No model input given. Did your UI load properly?");
    }
    if (params.containsKey("loras")) {
      int n = SwarmParams.splitList(params.get("loras")).size();
      for (String weights : List.of("loraweights", "loratencweights")) {
        if (params.containsKey(weights) && SwarmParams.splitList(params.get(weights)).size() != n) {
          throw new IllegalArgumentException("LoRA " + weights + " list length does not match the LoRAs list length.");
        }
      }
    }
    return params;
  }

  private String check(SwarmParams.Param p, String text) {
    switch (p.type()) {
      case INTEGER -> {
        long v;
        try {
          v = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("Invalid integer value for param " + p.name() + " - '" + text
              + "' - must be a valid integer (eg '0', '3', '-5', etc)");
        }
        if (v < p.min() || v > p.max()) {
          throw new IllegalArgumentException("Invalid value for param " + p.name() + " - '" + text
              + "' - must be between " + (long) p.min() + " and " + (long) p.max());
        }
        return Long.toString(v);
      }
      case DECIMAL -> {
        double v;
        try {
          v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("Invalid decimal value for param " + p.name() + " - '" + text
              + "' - must be a valid decimal (eg '0.0', '3.5', '-5.2', etc)");
        }
        if (v < p.min() || v > p.max()) {
          throw new IllegalArgumentException("Invalid value for param " + p.name() + " - '" + text
              + "' - must be between " + p.min() + " and " + p.max());
        }
        return text.trim();
      }
      case BOOLEAN -> {
        return Boolean.toString(Boolean.parseBoolean(text.trim()));
      }
      case MODEL -> {
        if (text.equals(p.defaultValue())) {
          return text;
        }
        return SwarmParams.resolveModel(models.of(p.subtype().orElseThrow()), text).orElseThrow(
            () -> new IllegalArgumentException("Invalid model value for param " + p.name() + " - '" + text
                + "' - are you sure that model name is correct?"));
      }
      case LIST -> {
        if (p.subtype().isPresent()) {
          List<String> resolved = new ArrayList<>();
          for (String name : SwarmParams.splitList(text)) {
            resolved.add(SwarmParams.resolveModel(models.of(p.subtype().get()), name).orElseThrow(
                () -> new IllegalArgumentException("Invalid model value for param " + p.name() + " - '" + name
                    + "' - are you sure that model name is correct?")));
          }
          return String.join(",", resolved);
        }
        for (String w : SwarmParams.splitList(text)) {
          try {
            Double.parseDouble(w);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value for param " + p.name() + " - '" + w + "' is not a number");
          }
        }
        return String.join(",", SwarmParams.splitList(text));
      }
      case IMAGE -> {
        String b64 = text.startsWith("data:") ? text.substring(text.indexOf(',') + 1) : text;
        byte[] bytes;
        try {
          bytes = Base64.getDecoder().decode(b64.trim());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("Invalid image value for param " + p.name() + " - must be base64 image data");
        }
        if (ImageProbe.dimensions(bytes).isEmpty()) {
          throw new IllegalArgumentException("Invalid image value for param " + p.name() + " - not a readable image");
        }
        return "(image " + bytes.length + " bytes)";
      }
      default -> {
        // TEXT and DROPDOWN: SwarmUI matches dropdown values loosely and passes them on unchecked here
        return text;
      }
    }
  }

  /** The size: rawresolution, else sidelength with aspectratio, else width/height, else 512. */
  private static int[] size(Map<String, String> p) {
    if (p.containsKey("rawresolution")) {
      String[] wh = p.get("rawresolution").split("x");
      return new int[] {Integer.parseInt(wh[0].trim()), Integer.parseInt(wh[1].trim())};
    }
    if (p.containsKey("sidelength") && p.containsKey("aspectratio") && !p.get("aspectratio").equals("Custom")) {
      String[] ab = p.get("aspectratio").split(":");
      double a = Double.parseDouble(ab[0]) / Double.parseDouble(ab[1]);
      int side = Integer.parseInt(p.get("sidelength"));
      int w = (int) Math.round(side * Math.sqrt(a) / 64) * 64;
      int h = (int) Math.round(side / Math.sqrt(a) / 64) * 64;
      return new int[] {w, h};
    }
    return new int[] {Integer.parseInt(p.getOrDefault("width", "512")), Integer.parseInt(p.getOrDefault("height", "512"))};
  }

  private static String metadata(Map<String, String> used, int steps) {
    ObjectNode root = Json.object();
    ObjectNode params = root.putObject("sui_image_params");
    used.forEach((k, v) -> {
      switch (k) {
        case "images", "donotsave" -> { }
        default -> {
          SwarmParams.Type type = SwarmParams.find(k).map(SwarmParams.Param::type).orElse(SwarmParams.Type.TEXT);
          if (type == SwarmParams.Type.INTEGER) {
            params.put(k, Long.parseLong(v));
          } else if (type == SwarmParams.Type.DECIMAL) {
            params.put(k, Double.parseDouble(v));
          } else {
            params.put(k, v);
          }
        }
      }
    });
    params.put("swarm_version", "0.9.7.0");
    ObjectNode extra = root.putObject("sui_extra_data");
    extra.put("date", LocalDate.now(ZoneOffset.UTC).toString());
    extra.put("prep_time", "0.01 sec");
    extra.put("generation_time", String.format(java.util.Locale.ROOT, "%.2f sec", steps * 0.05));
    return root.toString();
  }

  private static String words(String prompt) {
    String w = prompt.replaceAll("[^A-Za-z0-9 ]", "").trim();
    return w.length() > 40 ? w.substring(0, 40).trim() : w;
  }

  private static String modelWords(String model) {
    return SwarmParams.stripExtension(model).replaceAll("[^A-Za-z0-9_]", "");
  }

  /** A {@code status} frame as {@code GetCurrentStatusRaw} writes it. */
  public ObjectNode status(int waiting, int live) {
    ObjectNode o = Json.object();
    ObjectNode s = o.putObject("status");
    s.put("waiting_gens", waiting);
    s.put("loading_models", 0);
    s.put("waiting_backends", 0);
    s.put("live_gens", live);
    ObjectNode b = o.putObject("backend_status");
    b.put("status", "running");
    b.put("class", "");
    b.put("message", "");
    b.put("any_loading", false);
    o.putArray("supported_features").add("comfyui").add("refiners");
    return o;
  }

  public static ObjectNode error(String message) {
    ObjectNode o = Json.object();
    o.put("error", message);
    return o;
  }
}
