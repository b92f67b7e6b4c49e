package dev.darkroom.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.testkit.internal.HttpHandler;
import dev.darkroom.testkit.internal.HttpRequestData;
import dev.darkroom.testkit.internal.ImageRenderer;
import dev.darkroom.testkit.internal.Json;
import dev.darkroom.testkit.internal.PngTextChunk;
import dev.darkroom.testkit.internal.PydanticFields;
import dev.darkroom.testkit.internal.PydanticFields.Type;
import dev.darkroom.testkit.internal.ResponseSink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/** The routes of {@link FakeA1111}; one generation at a time, as behind A1111's queue lock. */
final class A1111Handler implements HttpHandler {
  static final String VERSION = "v1.10.1";
  private static final Pattern LORA_TAG = Pattern.compile("<lora:([^:>]+)(?::[^>]*)?>");
  private static final SecureRandom SEEDS = new SecureRandom();
  private static final Map<String, Type> COMMON = new LinkedHashMap<>();
  private static final Map<String, Type> TXT2IMG = new LinkedHashMap<>();
  private static final Map<String, Type> IMG2IMG = new LinkedHashMap<>();

  static {
    for (String s : List.of("prompt", "negative_prompt", "sampler_name", "scheduler", "sampler_index",
        "refiner_checkpoint", "script_name", "force_task_id", "infotext", "hr_upscaler", "hr_checkpoint_name",
        "hr_sampler_name", "hr_scheduler", "hr_prompt", "hr_negative_prompt", "firstpass_image")) {
      COMMON.put(s, Type.STR);
    }
    for (String s : List.of("seed", "subseed", "seed_resize_from_h", "seed_resize_from_w", "batch_size", "n_iter",
        "steps", "width", "height", "firstphase_width", "firstphase_height", "hr_second_pass_steps", "hr_resize_x",
        "hr_resize_y")) {
      COMMON.put(s, Type.INT);
    }
    for (String s : List.of("subseed_strength", "cfg_scale", "eta", "denoising_strength", "s_min_uncond",
        "s_churn", "s_tmax", "s_tmin", "s_noise", "refiner_switch_at", "hr_scale")) {
      COMMON.put(s, Type.FLOAT);
    }
    for (String s : List.of("restore_faces", "tiling", "do_not_save_samples", "do_not_save_grid",
        "override_settings_restore_afterwards", "disable_extra_networks", "enable_hr", "send_images",
        "save_images")) {
      COMMON.put(s, Type.BOOL);
    }
    for (String s : List.of("override_settings", "comments", "alwayson_scripts")) {
      COMMON.put(s, Type.DICT);
    }
    for (String s : List.of("styles", "script_args")) {
      COMMON.put(s, Type.LIST);
    }
    TXT2IMG.putAll(COMMON);
    IMG2IMG.putAll(COMMON);
    IMG2IMG.put("init_images", Type.LIST);
    IMG2IMG.put("mask", Type.STR);
    IMG2IMG.put("latent_mask", Type.STR);
    for (String s : List.of("resize_mode", "mask_blur_x", "mask_blur_y", "mask_blur", "inpainting_fill",
        "inpaint_full_res_padding", "inpainting_mask_invert")) {
      IMG2IMG.put(s, Type.INT);
    }
    IMG2IMG.put("image_cfg_scale", Type.FLOAT);
    IMG2IMG.put("initial_noise_multiplier", Type.FLOAT);
    IMG2IMG.put("inpaint_full_res", Type.BOOL);
    IMG2IMG.put("mask_round", Type.BOOL);
    IMG2IMG.put("include_init_images", Type.BOOL);
  }

  private final FakeA1111 fake;
  private final Object queueLock = new Object();
  private final Map<String, Object> options = new LinkedHashMap<>();
  private final AtomicInteger interrupts = new AtomicInteger();
  private volatile boolean stopped;
  // progress state, as shared.state
  private volatile boolean busy;
  private volatile String job = "";
  private volatile int jobCount;
  private volatile int jobNo;
  private volatile int samplingStep;
  private volatile int samplingSteps;
  private volatile boolean interrupted;
  private volatile boolean skipped;
  private volatile long startNanos;
  private volatile int previewWidth;
  private volatile int previewHeight;

  A1111Handler(FakeA1111 fake) {
    this.fake = fake;
    options.put("sd_model_checkpoint", title(fake.checkpoints.get(0)));
    options.put("sd_checkpoint_hash", sha256(fake.checkpoints.get(0)));
    options.put("sd_vae", "Automatic");
    options.put("CLIP_stop_at_last_layers", 1);
    options.put("show_progress_every_n_steps", 10);
    options.put("return_grid", true);
    options.put("samples_format", "png");
    options.put("img2img_fix_steps", false);
  }

  void stop() {
    stopped = true;
    interrupted = true;
  }

  int interrupts() {
    return interrupts.get();
  }

  synchronized void resetCheckpoint() {
    options.put("sd_model_checkpoint", title(fake.checkpoints.get(0)));
    options.put("sd_checkpoint_hash", sha256(fake.checkpoints.get(0)));
  }

  synchronized String loadedCheckpoint() {
    return String.valueOf(options.get("sd_model_checkpoint"));
  }

  synchronized Map<String, Object> options() {
    return new LinkedHashMap<>(options);
  }

  @Override
  public void handle(HttpRequestData request, ResponseSink sink) throws IOException {
    long t0 = System.nanoTime();
    fake.log.record(request);
    String auth = fake.basicAuth;
    if (auth != null) {
      String given = request.header("Authorization").orElse("");
      if (!given.regionMatches(true, 0, "Basic ", 0, 6)) {
        error(sink, t0, 401, "HTTPException", "Not authenticated", Map.of("WWW-Authenticate", "Basic"));
        return;
      }
      if (!MessageDigest.isEqual(given.substring(6).trim().getBytes(StandardCharsets.UTF_8),
          auth.getBytes(StandardCharsets.UTF_8))) {
        error(sink, t0, 401, "HTTPException", "Incorrect username or password", Map.of("WWW-Authenticate", "Basic"));
        return;
      }
    }
    String path = request.path();
    if (!path.startsWith("/sdapi/v1/")) {
      send(sink, t0, 404, detail("Not Found"));
      return;
    }
    String route = path.substring("/sdapi/v1/".length());
    String method = request.method();
    switch (route) {
      case "txt2img", "img2img" -> {
        if (requireMethod(method, "POST", sink, t0)) {
          generate(route.equals("img2img"), request, sink, t0);
        }
      }
      case "progress" -> {
        if (requireMethod(method, "GET", sink, t0)) {
          send(sink, t0, 200, progress(request.query().contains("skip_current_image=true")));
        }
      }
      case "interrupt" -> {
        if (requireMethod(method, "POST", sink, t0)) {
          interrupts.incrementAndGet();
          interrupted = busy || interrupted;
          send(sink, t0, 200, Json.object());
        }
      }
      case "skip" -> {
        if (requireMethod(method, "POST", sink, t0)) {
          skipped = busy;
          send(sink, t0, 200, Json.NODES.nullNode());
        }
      }
      case "sd-models" -> {
        if (requireMethod(method, "GET", sink, t0)) {
          ArrayNode list = Json.NODES.arrayNode();
          for (String file : fake.checkpoints) {
            ObjectNode m = list.addObject();
            m.put("title", title(file));
            m.put("model_name", stem(file));
            m.put("hash", shortHash(file));
            m.put("sha256", sha256(file));
            m.put("filename", "/stable-diffusion-webui/models/Stable-diffusion/" + file);
            m.putNull("config");
          }
          send(sink, t0, 200, list);
        }
      }
      case "samplers" -> {
        if (requireMethod(method, "GET", sink, t0)) {
          ArrayNode list = Json.NODES.arrayNode();
          for (String s : fake.samplers) {
            ObjectNode m = list.addObject();
            m.put("name", s);
            m.putArray("aliases");
            m.putObject("options");
          }
          send(sink, t0, 200, list);
        }
      }
      case "schedulers" -> {
        if (requireMethod(method, "GET", sink, t0)) {
          ArrayNode list = Json.NODES.arrayNode();
          for (String s : fake.schedulers) {
            ObjectNode m = list.addObject();
            m.put("name", schedulerName(s));
            m.put("label", schedulerLabel(s));
            m.putNull("aliases");
            m.put("default_rho", -1);
            m.put("need_inner_model", false);
          }
          send(sink, t0, 200, list);
        }
      }
      case "loras" -> {
        if (requireMethod(method, "GET", sink, t0)) {
          ArrayNode list = Json.NODES.arrayNode();
          for (String s : fake.loras) {
            ObjectNode m = list.addObject();
            m.put("name", s);
            m.put("alias", s);
            m.put("path", "/stable-diffusion-webui/models/Lora/" + s + ".safetensors");
            m.putObject("metadata");
          }
          send(sink, t0, 200, list);
        }
      }
      case "embeddings" -> {
        if (requireMethod(method, "GET", sink, t0)) {
          ObjectNode body = Json.object();
          ObjectNode loaded = body.putObject("loaded");
          for (String s : fake.embeddings) {
            ObjectNode e = loaded.putObject(s);
            e.putNull("step");
            e.putNull("sd_checkpoint");
            e.putNull("sd_checkpoint_name");
            e.put("shape", 2048);
            e.put("vectors", 4);
          }
          body.putObject("skipped");
          send(sink, t0, 200, body);
        }
      }
      case "sd-vae" -> {
        if (requireMethod(method, "GET", sink, t0)) {
          ArrayNode list = Json.NODES.arrayNode();
          for (String s : fake.vaes) {
            ObjectNode m = list.addObject();
            m.put("model_name", s);
            m.put("filename", "/stable-diffusion-webui/models/VAE/" + s);
          }
          send(sink, t0, 200, list);
        }
      }
      case "refresh-checkpoints", "refresh-loras", "refresh-vae", "refresh-embeddings" -> {
        if (requireMethod(method, "POST", sink, t0)) {
          send(sink, t0, 200, Json.NODES.nullNode());
        }
      }
      case "options" -> {
        if (method.equals("GET")) {
          send(sink, t0, 200, Json.MAPPER.valueToTree(options()));
        } else if (method.equals("POST")) {
          setOptions(request, sink, t0);
        } else {
          send(sink, t0, 405, detail("Method Not Allowed"));
        }
      }
      default -> send(sink, t0, 404, detail("Not Found"));
    }
  }

  private void setOptions(HttpRequestData request, ResponseSink sink, long t0) throws IOException {
    JsonNode body = parse(request.body());
    if (body == null || !body.isObject()) {
      send(sink, t0, 422, validationError(body == null ? "Expecting value" : "value is not a valid dict",
          body == null ? "value_error.jsondecode" : "type_error.dict"));
      return;
    }
    JsonNode ckpt = body.get("sd_model_checkpoint");
    if (ckpt != null && !ckpt.isNull() && resolveCheckpoint(ckpt.asText()).isEmpty()) {
      error(sink, t0, 500, "RuntimeError", "", "model '" + ckpt.asText() + "' not found", Map.of());
      return;
    }
    synchronized (this) {
      body.properties().forEach(e -> {
        if (e.getKey().equals("sd_model_checkpoint")) {
          String file = resolveCheckpoint(e.getValue().asText()).orElseThrow();
          options.put("sd_model_checkpoint", title(file));
          options.put("sd_checkpoint_hash", sha256(file));
        } else {
          options.put(e.getKey(), Json.MAPPER.convertValue(e.getValue(), Object.class));
        }
      });
    }
    send(sink, t0, 200, Json.NODES.nullNode());
  }

  private void generate(boolean img2img, HttpRequestData request, ResponseSink sink, long t0) throws IOException {
    JsonNode parsed = parse(request.body());
    if (parsed == null) {
      send(sink, t0, 422, validationError("Expecting value: line 1 column 1 (char 0)", "value_error.jsondecode"));
      return;
    }
    if (!parsed.isObject()) {
      send(sink, t0, 422, validationError("value is not a valid dict", "type_error.dict"));
      return;
    }
    ObjectNode body = (ObjectNode) parsed;
    ArrayNode invalid = PydanticFields.validate(body, img2img ? IMG2IMG : TXT2IMG);
    if (!invalid.isEmpty()) {
      ObjectNode detail = Json.object();
      detail.set("detail", invalid);
      send(sink, t0, 422, detail);
      return;
    }
    FakeA1111Reply reply = fake.script.poll();
    String samplerName = text(body, "sampler_name", text(body, "sampler_index", "Euler"));
    if (!fake.samplers.contains(samplerName)) {
      error(sink, t0, 404, "HTTPException", "Sampler not found", Map.of());
      return;
    }
    List<ByteArrayInputStream> inits = new ArrayList<>();
    if (img2img) {
      JsonNode images = body.get("init_images");
      if (images == null || images.isNull()) {
        error(sink, t0, 404, "HTTPException", "Init image not found", Map.of());
        return;
      }
      for (JsonNode i : images) {
        if (decodeImage(i.asText()) == null) {
          error(sink, t0, 500, "HTTPException", "Invalid encoded image", Map.of());
          return;
        }
      }
      if (body.hasNonNull("mask") && !body.get("mask").asText().isEmpty() && decodeImage(body.get("mask").asText()) == null) {
        error(sink, t0, 500, "HTTPException", "Invalid encoded image", Map.of());
        return;
      }
    }
    synchronized (queueLock) {
      if (reply != null && reply.kind == FakeA1111Reply.Kind.ERROR) {
        error(sink, t0, reply.status, reply.errorType, reply.detail, reply.errors, Map.of());
        return;
      }
      String schedulerWanted = text(body, "scheduler", "Automatic");
      String scheduler = fake.schedulers.stream()
          .filter(s -> schedulerName(s).equals(schedulerWanted) || schedulerLabel(s).equals(schedulerWanted))
          .map(A1111Handler::schedulerLabel).findFirst().orElse("Automatic");
      JsonNode overrides = body.path("override_settings");
      String loaded = fileOfTitle(loadedCheckpoint());
      String checkpoint = loaded;
      if (overrides.hasNonNull("sd_model_checkpoint")) {
        // like A1111: an unknown name is not refused; the current checkpoint is used instead
        checkpoint = resolveCheckpoint(overrides.get("sd_model_checkpoint").asText()).orElse(loaded);
        if (!body.path("override_settings_restore_afterwards").asBoolean(true)) {
          synchronized (this) {
            options.put("sd_model_checkpoint", title(checkpoint));
            options.put("sd_checkpoint_hash", sha256(checkpoint));
          }
        }
      }
      String refiner = null;
      String refinerWanted = text(body, "refiner_checkpoint", "");
      if (!refinerWanted.isEmpty() && !refinerWanted.equals("None")) {
        Optional<String> r = resolveCheckpoint(refinerWanted);
        if (r.isEmpty()) {
          error(sink, t0, 500, "Exception", "", "Could not find checkpoint with name " + refinerWanted, Map.of());
          return;
        }
        refiner = r.get();
      }
      int width = body.path("width").asInt(512);
      int height = body.path("height").asInt(512);
      int steps = body.path("steps").asInt(50);
      int batchSize = body.path("batch_size").asInt(1);
      int nIter = body.path("n_iter").asInt(1);
      if (width < 8 || height < 8 || steps < 1 || batchSize < 1 || nIter < 1) {
        error(sink, t0, 500, "ValueError", "", "width, height, steps, batch_size and n_iter must be positive",
            Map.of());
        return;
      }
      if ((long) width * height * batchSize > 4096L * 4096L) {
        FakeA1111Reply oom = FakeA1111Reply.outOfMemory();
        error(sink, t0, 500, oom.errorType, oom.detail, oom.errors, Map.of());
        return;
      }
      Double denoise = null;
      if (body.hasNonNull("denoising_strength")) {
        denoise = body.get("denoising_strength").asDouble();
      } else if (img2img) {
        denoise = 0.75;
      }
      int samplerSteps = img2img && denoise != null ? Math.max(1, Math.min(steps, (int) (steps * denoise))) : steps;
      long seed = body.path("seed").asLong(-1);
      if (seed == -1) {
        seed = (long) (SEEDS.nextDouble() * 4294967294L);
      }
      Duration delay = reply != null && reply.kind == FakeA1111Reply.Kind.SLOW ? reply.stepDelay : fake.stepDelay;
      // sampling, with progress visible
      job = img2img ? "scripts_img2img" : "scripts_txt2img";
      jobCount = nIter;
      jobNo = 0;
      samplingStep = 0;
      samplingSteps = samplerSteps;
      interrupted = false;
      skipped = false;
      previewWidth = Math.max(8, width / 4);
      previewHeight = Math.max(8, height / 4);
      startNanos = System.nanoTime();
      busy = true;
      int stepsDone = 0;
      try {
        outer:
        for (int iter = 0; iter < nIter; iter++) {
          jobNo = iter;
          skipped = false;
          for (int step = 1; step <= samplerSteps; step++) {
            if (interrupted || stopped) {
              break outer;
            }
            if (skipped) {
              break;
            }
            if (reply != null && reply.kind == FakeA1111Reply.Kind.GO_AWAY && stepsDone == reply.afterSteps) {
              sink.reset();
              return;
            }
            samplingStep = step;
            stepsDone++;
            pause(delay);
          }
        }
        if (reply != null && reply.kind == FakeA1111Reply.Kind.GO_AWAY) {
          sink.reset();
          return;
        }
      } finally {
        busy = false;
        jobCount = 0;
      }
      send(sink, t0, 200, answer(body, img2img, checkpoint, refiner, scheduler, samplerName, width, height, steps,
          batchSize * nIter, seed, denoise));
    }
  }

  private ObjectNode answer(ObjectNode body, boolean img2img, String checkpoint, String refiner, String scheduler,
      String sampler, int width, int height, int steps, int count, long seed, Double denoise) {
    String prompt = text(body, "prompt", "");
    String negative = text(body, "negative_prompt", "");
    double cfg = body.path("cfg_scale").asDouble(7.0);
    List<String> infotexts = new ArrayList<>();
    List<byte[]> images = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String infotext = infotext(prompt, negative, steps, sampler, scheduler, cfg, seed + i, width, height,
          checkpoint, refiner, body.path("refiner_switch_at").asDouble(0.8), denoise);
      infotexts.add(infotext);
      images.add(PngTextChunk.insert(ImageRenderer.render(width, height, "image/png", Optional.empty()),
          "parameters", infotext));
    }
    int first = 0;
    boolean grid;
    synchronized (this) {
      grid = count > 1 && Boolean.TRUE.equals(options.get("return_grid"));
    }
    if (grid) {
      int cols = (int) Math.ceil(Math.sqrt(count));
      int rows = (int) Math.ceil(count / (double) cols);
      images.add(0, PngTextChunk.insert(ImageRenderer.render(width * cols, height * rows, "image/png",
          Optional.empty()), "parameters", infotexts.get(0)));
      infotexts.add(0, infotexts.get(0));
      first = 1;
    }
    ObjectNode out = Json.object();
    ArrayNode b64 = out.putArray("images");
    if (body.path("send_images").asBoolean(true)) {
      images.forEach(png -> b64.add(Base64.getEncoder().encodeToString(png)));
    }
    ObjectNode parameters = body.deepCopy();
    if (img2img && !body.path("include_init_images").asBoolean(false)) {
      parameters.putNull("init_images");
      parameters.putNull("mask");
    }
    out.set("parameters", parameters);
    ObjectNode info = Json.object();
    info.put("prompt", prompt);
    ArrayNode allPrompts = info.putArray("all_prompts");
    info.put("negative_prompt", negative);
    ArrayNode allNegatives = info.putArray("all_negative_prompts");
    info.put("seed", seed);
    ArrayNode allSeeds = info.putArray("all_seeds");
    info.put("subseed", seed + 1);
    ArrayNode allSubseeds = info.putArray("all_subseeds");
    for (int i = 0; i < count; i++) {
      allPrompts.add(prompt);
      allNegatives.add(negative);
      allSeeds.add(seed + i);
      allSubseeds.add(seed + 1 + i);
    }
    info.put("subseed_strength", 0);
    info.put("width", width);
    info.put("height", height);
    info.put("sampler_name", sampler);
    info.put("cfg_scale", cfg);
    info.put("steps", steps);
    info.put("batch_size", body.path("batch_size").asInt(1));
    info.put("restore_faces", false);
    info.putNull("face_restoration_model");
    info.put("sd_model_name", stem(checkpoint));
    info.put("sd_model_hash", shortHash(checkpoint));
    info.putNull("sd_vae_name");
    info.putNull("sd_vae_hash");
    info.put("seed_resize_from_w", -1);
    info.put("seed_resize_from_h", -1);
    if (denoise == null) {
      info.putNull("denoising_strength");
    } else {
      info.put("denoising_strength", denoise);
    }
    ObjectNode extra = info.putObject("extra_generation_params");
    extra.put("Schedule type", scheduler);
    if (refiner != null) {
      extra.put("Refiner", stem(refiner) + " [" + shortHash(refiner) + "]");
      extra.put("Refiner switch at", body.path("refiner_switch_at").asDouble(0.8));
    }
    info.put("index_of_first_image", first);
    ArrayNode texts = info.putArray("infotexts");
    infotexts.forEach(texts::add);
    info.putArray("styles");
    info.put("job_timestamp", "20261206120000");
    info.put("clip_skip", 1);
    info.put("is_using_inpainting_conditioning", false);
    info.put("version", VERSION);
    out.put("info", new String(Json.bytes(info), StandardCharsets.UTF_8));
    return out;
  }

  private String infotext(String prompt, String negative, int steps, String sampler, String scheduler, double cfg,
      long seed, int width, int height, String checkpoint, String refiner, double refinerSwitch, Double denoise) {
    StringBuilder sb = new StringBuilder(prompt);
    if (!negative.isEmpty()) {
      sb.append("\nNegative prompt: ").append(negative);
    }
    sb.append("\nSteps: ").append(steps).append(", Sampler: ").append(sampler).append(", Schedule type: ")
        .append(scheduler).append(", CFG scale: ").append(number(cfg)).append(", Seed: ").append(seed)
        .append(", Size: ").append(width).append('x').append(height).append(", Model hash: ")
        .append(shortHash(checkpoint)).append(", Model: ").append(stem(checkpoint));
    if (denoise != null) {
      sb.append(", Denoising strength: ").append(number(denoise));
    }
    if (refiner != null) {
      sb.append(", Refiner: ").append(stem(refiner)).append(" [").append(shortHash(refiner))
          .append("], Refiner switch at: ").append(number(refinerSwitch));
    }
    List<String> loraHashes = new ArrayList<>();
    Matcher m = LORA_TAG.matcher(prompt);
    while (m.find()) {
      if (fake.loras.contains(m.group(1))) {
        loraHashes.add(m.group(1) + ": " + shortHash(m.group(1)).substring(0, 10));
      }
    }
    if (!loraHashes.isEmpty()) {
      sb.append(", Lora hashes: \"").append(String.join(", ", loraHashes)).append('"');
    }
    sb.append(", Version: ").append(VERSION);
    return sb.toString();
  }

  private ObjectNode progress(boolean skipImage) {
    ObjectNode out = Json.object();
    boolean running = busy;
    int count = jobCount;
    double progress = 0;
    double eta = 0;
    if (running && count > 0) {
      progress = 0.01 + jobNo / (double) count;
      if (samplingSteps > 0) {
        progress += 1.0 / count * samplingStep / samplingSteps;
      }
      double elapsed = (System.nanoTime() - startNanos) / 1e9;
      eta = elapsed / progress - elapsed;
      progress = Math.min(progress, 1);
    }
    out.put("progress", progress);
    out.put("eta_relative", eta);
    ObjectNode state = out.putObject("state");
    state.put("skipped", skipped);
    state.put("interrupted", interrupted);
    state.put("stopping_generation", false);
    state.put("job", running ? job : "");
    state.put("job_count", running ? count : 0);
    state.put("job_timestamp", "20261206120000");
    state.put("job_no", running ? jobNo : 0);
    state.put("sampling_step", running ? samplingStep : 0);
    state.put("sampling_steps", running ? samplingSteps : 0);
    if (running && samplingStep > 0 && !skipImage) {
      out.put("current_image", Base64.getEncoder().encodeToString(
          ImageRenderer.render(previewWidth, previewHeight, "image/png", Optional.empty())));
    } else {
      out.putNull("current_image");
    }
    out.putNull("textinfo");
    out.putNull("current_task");
    return out;
  }

  private Optional<String> resolveCheckpoint(String name) {
    for (String file : fake.checkpoints) {
      if (name.equals(file) || name.equals(title(file)) || name.equals(stem(file)) || name.equals(shortHash(file))
          || name.equals(sha256(file))) {
        return Optional.of(file);
      }
    }
    return Optional.empty();
  }

  private String fileOfTitle(String title) {
    return resolveCheckpoint(title).orElse(fake.checkpoints.get(0));
  }

  private static byte[] decodeImage(String encoded) {
    String data = encoded;
    if (data.startsWith("data:image/")) {
      int comma = data.indexOf(',');
      data = comma < 0 ? "" : data.substring(comma + 1);
    }
    try {
      byte[] bytes = Base64.getMimeDecoder().decode(data);
      return ImageIO.read(new ByteArrayInputStream(bytes)) == null ? null : bytes;
    } catch (IllegalArgumentException | IOException e) {
      return null;
    }
  }

  private static boolean requireMethod(String method, String wanted, ResponseSink sink, long t0) throws IOException {
    if (method.equals(wanted)) {
      return true;
    }
    send(sink, t0, 405, detail("Method Not Allowed"));
    return false;
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode n = Json.MAPPER.readTree(body);
      return n == null || n.isMissingNode() ? null : n;
    } catch (IOException e) {
      return null;
    }
  }

  private static ObjectNode detail(String text) {
    ObjectNode o = Json.object();
    o.put("detail", text);
    return o;
  }

  private static ObjectNode validationError(String msg, String type) {
    ObjectNode out = Json.object();
    ObjectNode e = out.putArray("detail").addObject();
    e.putArray("loc").add("body");
    e.put("msg", msg);
    e.put("type", type);
    return out;
  }

  private static void error(ResponseSink sink, long t0, int status, String type, String detail,
      Map<String, String> headers) throws IOException {
    error(sink, t0, status, type, detail, status + ": " + detail, headers);
  }

  private static void error(ResponseSink sink, long t0, int status, String type, String detail, String errors,
      Map<String, String> headers) throws IOException {
    ObjectNode body = Json.object();
    body.put("error", type);
    body.put("detail", detail);
    body.put("body", "");
    body.put("errors", errors);
    send(sink, t0, status, body, headers);
  }

  private static void send(ResponseSink sink, long t0, int status, JsonNode body) throws IOException {
    send(sink, t0, status, body, Map.of());
  }

  private static void send(ResponseSink sink, long t0, int status, JsonNode body, Map<String, String> headers)
      throws IOException {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put("X-Process-Time", String.format(Locale.ROOT, "%.4f", (System.nanoTime() - t0) / 1e9));
    sink.send(status, "application/json", Json.bytes(body), h);
  }

  private static String text(JsonNode body, String field, String fallback) {
    JsonNode n = body.get(field);
    return n == null || n.isNull() ? fallback : n.asText();
  }

  private static void pause(Duration d) {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e9 ? Long.toString((long) d) : Double.toString(d);
  }

  static String stem(String file) {
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }

  static String title(String file) {
    return file + " [" + shortHash(file) + "]";
  }

  static String shortHash(String file) {
    return sha256(file).substring(0, 10);
  }

  static String sha256(String name) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String schedulerName(String spec) {
    int eq = spec.indexOf('=');
    return eq < 0 ? spec : spec.substring(0, eq);
  }

  private static String schedulerLabel(String spec) {
    int eq = spec.indexOf('=');
    return eq < 0 ? spec : spec.substring(eq + 1);
  }
}
