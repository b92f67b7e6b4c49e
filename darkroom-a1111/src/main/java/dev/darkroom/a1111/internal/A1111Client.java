package dev.darkroom.a1111.internal;

import dev.darkroom.spi.Closest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkroom.DarkroomException.Details;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.MalformedResponseException;
import dev.darkroom.TransportException;
import dev.darkroom.Usage;
import dev.darkroom.a1111.A1111Options;
import dev.darkroom.internal.http.TransportFailures;
import dev.darkroom.spi.ProviderCall;
import dev.darkroom.spi.ProviderClient;
import dev.darkroom.spi.ProviderResponse;
import dev.darkroom.spi.ProviderResponse.Outcome;
import dev.darkroom.spi.RawImage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Runs one call on an A1111 / Forge engine: checks every name against the engine, sends {@code txt2img} or
 * {@code img2img}, polls {@code progress} while the engine works (reporting steps and previews), sends
 * {@code interrupt} when the calling thread is interrupted or the deadline passes, and reads the images that come
 * after A1111's grid. Thread-safe.
 */
public final class A1111Client implements ProviderClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LORA_TAG = Pattern.compile("<(?:lora|lyco):([^:>]+)(?::[^>]*)?>");
  private static final Pattern EMBEDDING_REF = Pattern.compile("\\bembedding:([\\w.\\-/\\\\]+)");

  private final Engine engine;

  /** Waiting is done on the HTTP future (no sleeps), so an interrupt ends it at once. */
  public A1111Client(Engine engine) {
    this.engine = engine;
  }

  @Override
  public String endpoint(ProviderCall call) {
    return engine.url(Payload.route(call));
  }

  @Override
  public String describe(ProviderCall call) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
          Payload.body(call, Payload.unresolved(call), false));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public ProviderResponse generate(ProviderCall call) {
    Payload.Resolved names = resolve(call);
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(Payload.body(call, names, true));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    long start = System.nanoTime();
    long deadline = start + call.timeout().toNanos();
    CompletableFuture<HttpResponse<byte[]>> pending = engine.submit(Payload.route(call), body, call.timeout());
    Progress progress = new Progress(call);
    HttpResponse<byte[]> response;
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          engine.interrupt();
          pending.cancel(true);
          throw TransportFailures.timeout("A1111", call.timeout(), "SDXL at large sizes, many steps or a refiner"
              + " can take minutes; the job was interrupted");
        }
        try {
          response = pending.get(Math.min(left, engine.progressInterval().toNanos()), TimeUnit.NANOSECONDS);
          break;
        } catch (TimeoutException stillRunning) {
          progress.poll();
        }
      }
    } catch (InterruptedException e) {
      boolean sent = engine.interrupt();
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted: " + (sent ? "sent interrupt to" : "could not reach")
          + " A1111 at " + engine.baseUrl() + " to stop the job", e, Details.none());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        if (io instanceof ConnectException || io instanceof HttpConnectTimeoutException
            || (io.getCause() instanceof ConnectException)) {
          throw TransportFailures.io("A1111", engine.baseUrl(), io instanceof ConnectException ? io
              : new ConnectException(String.valueOf(io.getMessage())), engine.redactor());
        }
        if (io instanceof java.net.http.HttpTimeoutException) {
          engine.interrupt();
          throw TransportFailures.timeout("A1111", call.timeout(), "SDXL at large sizes, many steps or a refiner"
              + " can take minutes; the job was interrupted");
        }
        throw A1111Errors.connectionLost(engine.baseUrl(), io, engine.redactor());
      }
      throw new TransportException(engine.redactor().redact("calling A1111 at " + engine.baseUrl() + " failed: "
          + cause), cause, Details.none().retryable(true));
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    if (response.statusCode() / 100 != 2) {
      throw A1111Errors.map(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8),
          engine.baseUrl(), engine.redactor());
    }
    Duration engineTime = response.headers().firstValue("X-Process-Time").flatMap(A1111Client::seconds).orElse(wall);
    return read(response.body(), engineTime);
  }

  private ProviderResponse read(byte[] body, Duration engineTime) {
    List<byte[]> images = new ArrayList<>();
    String info = null;
    try (JsonParser p = JSON.getFactory().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("the answer is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (field.equals("images") && t == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.VALUE_STRING) {
            images.add(p.getBinaryValue());
          }
        } else if (field.equals("info") && t == JsonToken.VALUE_STRING) {
          info = p.getText();
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw malformed("the answer could not be read (" + e.getMessage() + ")");
    }
    JsonNode infoJson = JSON.nullNode();
    if (info != null) {
      try {
        infoJson = JSON.readTree(info);
      } catch (IOException e) {
        throw malformed("its info field is not JSON (" + e.getMessage() + ")");
      }
    }
    int first = Math.max(0, Math.min(images.size(), infoJson.path("index_of_first_image").asInt(0)));
    List<RawImage> raw = new ArrayList<>();
    for (byte[] bytes : images.subList(first, images.size())) {
      raw.add(new RawImage(bytes, mimeType(bytes), false));
    }
    String model = infoJson.path("sd_model_name").asText("");
    String version = infoJson.path("version").asText("");
    String modelVersion = model.isEmpty() ? null : model + (version.isEmpty() ? "" : " (" + version + ")");
    boolean any = !raw.isEmpty();
    return new ProviderResponse(any ? Outcome.IMAGES : Outcome.NO_IMAGE, any ? "completed" : "NO_IMAGE",
        any ? null : "A1111 answered without images (was the job interrupted or skipped?)", raw, "", "", List.of(),
        List.of(), Usage.ZERO, null, modelVersion, engineTime);
  }

  /** Checks every name the call uses against the engine and returns the engine's spellings. */
  private Payload.Resolved resolve(ProviderCall call) {
    Payload.Resolved asGiven = Payload.unresolved(call);
    List<String> promptLoras = tags(asGiven.prompt());
    List<String> embeddingRefs = new ArrayList<>(refs(asGiven.prompt()));
    embeddingRefs.addAll(refs(asGiven.negative()));
    Inventory inv = engine.inventory(!asGiven.loras().isEmpty() || !promptLoras.isEmpty(), !embeddingRefs.isEmpty(),
        asGiven.vae() != null);
    String where = "on the A1111 engine at " + engine.baseUrl();
    Optional<Inventory.Checkpoint> ckpt = inv.checkpoint(asGiven.checkpoint());
    if (ckpt.isEmpty()) {
      engine.post("refresh-checkpoints");
      inv = engine.inventory(!asGiven.loras().isEmpty() || !promptLoras.isEmpty(), !embeddingRefs.isEmpty(),
          asGiven.vae() != null);
      ckpt = inv.checkpoint(asGiven.checkpoint());
    }
    Inventory found = inv;
    List<String> checkpointNames = found.checkpoints().stream().map(Inventory.Checkpoint::modelName).toList();
    String checkpoint = ckpt.orElseThrow(() -> unknown("model", "checkpoint", asGiven.checkpoint(), checkpointNames,
        where, " (use a1111:<name>)")).title();
    String refiner = null;
    if (asGiven.refiner() != null) {
      refiner = found.checkpoint(asGiven.refiner()).orElseThrow(() -> unknown("a1111.refiner", "refiner checkpoint",
          asGiven.refiner(), checkpointNames, where, "")).title();
    }
    List<String> loraNames = found.loras().stream().map(Inventory.Lora::name).toList();
    List<A1111Options.Lora> loras = new ArrayList<>();
    for (A1111Options.Lora l : asGiven.loras()) {
      String name = found.lora(l.name()).orElseThrow(() -> unknown("a1111.loras", "LoRA", l.name(), loraNames, where,
          ""));
      loras.add(new A1111Options.Lora(name, l.modelWeight(), l.clipWeight()));
    }
    for (String tag : promptLoras) {
      if (found.lora(tag).isEmpty()) {
        throw unknown("prompt", "LoRA (in a <lora:…> tag of the prompt)", tag, loraNames, where, "");
      }
    }
    String sampler = null;
    if (asGiven.sampler() != null) {
      sampler = found.sampler(asGiven.sampler()).orElseThrow(() -> unknown("a1111.sampler", "sampler",
          asGiven.sampler(), found.samplers(), where, ""));
    }
    String scheduler = null;
    if (asGiven.scheduler() != null) {
      if (found.schedulers().isEmpty()) {
        throw new InvalidRequestException("a1111.scheduler '" + asGiven.scheduler() + "' cannot be set: the engine at "
            + engine.baseUrl() + " has no scheduler choice (A1111 before 1.9); leave it out", "a1111.scheduler",
            List.of());
      }
      List<String> schedulerNames = found.schedulers().stream().map(Inventory.Scheduler::name).toList();
      scheduler = found.scheduler(asGiven.scheduler()).orElseThrow(() -> unknown("a1111.scheduler", "scheduler",
          asGiven.scheduler(), schedulerNames, where, ""));
    }
    String vae = null;
    if (asGiven.vae() != null) {
      vae = found.vae(asGiven.vae()).orElseThrow(() -> unknown("a1111.vae", "VAE", asGiven.vae(), found.vaes(), where,
          " (or Automatic, None)"));
    }
    String prompt = bareEmbeddings(asGiven.prompt(), found, where, "prompt");
    String negative = bareEmbeddings(asGiven.negative(), found, where, "a1111.negativePrompt");
    return new Payload.Resolved(checkpoint, refiner, loras, sampler, scheduler, vae, prompt, negative);
  }

  /** ComfyUI's {@code embedding:name} becomes A1111's bare {@code name}, once the engine is known to have it. */
  private static String bareEmbeddings(String text, Inventory inv, String where, String field) {
    Matcher m = EMBEDDING_REF.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = inv.embedding(m.group(1)).orElseThrow(() -> unknown(field, "embedding", m.group(1),
          inv.embeddings(), where, ""));
      m.appendReplacement(out, Matcher.quoteReplacement(name));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static List<String> tags(String prompt) {
    List<String> out = new ArrayList<>();
    Matcher m = LORA_TAG.matcher(prompt);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static List<String> refs(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = EMBEDDING_REF.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static InvalidRequestException unknown(String field, String what, String wanted, List<String> allowed,
      String where, String hint) {
    List<String> ranked = Closest.ranked(wanted, allowed);
    return new InvalidRequestException(Closest.notAvailable(what, wanted, ranked, where) + hint, field, ranked);
  }

  private MalformedResponseException malformed(String what) {
    return new MalformedResponseException(engine.redactor().redact("A1111 at " + engine.baseUrl()
        + " sent an invalid answer: " + what), null, Details.none());
  }

  private static String mimeType(byte[] b) {
    if (b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
      return "image/jpeg";
    }
    if (b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F') {
      return "image/webp";
    }
    return "image/png";
  }

  private static Optional<Duration> seconds(String header) {
    try {
      double s = Double.parseDouble(header.trim());
      return s >= 0 ? Optional.of(Duration.ofNanos((long) (s * 1e9))) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Reports the engine's progress while our job runs; previews only when someone listens for them. */
  private final class Progress {
    private final ProviderCall call;
    private final boolean previews;
    private int lastDone = -1;
    private byte @Nullable [] lastPreview;
    private int previewIndex;

    Progress(ProviderCall call) {
      this.call = call;
      this.previews = call.partials() != ProviderCall.PartialSink.NONE;
    }

    void poll() {
      JsonNode p = engine.progress(previews);
      if (p == null) {
        return;
      }
      JsonNode state = p.path("state");
      int jobs = state.path("job_count").asInt(0);
      int steps = state.path("sampling_steps").asInt(0);
      if (jobs <= 0 || steps <= 0) {
        return;
      }
      int jobNo = Math.max(0, Math.min(jobs - 1, state.path("job_no").asInt(0)));
      int done = jobNo * steps + Math.min(steps, state.path("sampling_step").asInt(0));
      if (done != lastDone) {
        lastDone = done;
        call.progress().accept(done, jobs * steps);
      }
      String image = p.path("current_image").asText("");
      if (previews && !image.isEmpty()) {
        try {
          byte[] bytes = java.util.Base64.getMimeDecoder().decode(image);
          if (lastPreview == null || !Arrays.equals(lastPreview, bytes)) {
            lastPreview = bytes;
            call.partials().accept(previewIndex++, new RawImage(bytes, mimeType(bytes), false));
          }
        } catch (IllegalArgumentException e) {
          // a preview that is not base64 is skipped: previews are advisory
        }
      }
    }
  }
}
