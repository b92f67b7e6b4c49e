package dev.darkroom.a1111;

import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelInfo;
import dev.darkroom.ProviderOptions;
import dev.darkroom.a1111.internal.A1111Client;
import dev.darkroom.a1111.internal.Engine;
import dev.darkroom.spi.ImageProvider;
import dev.darkroom.spi.LocalModel;
import dev.darkroom.spi.ProviderClient;
import dev.darkroom.spi.ProviderContext;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * AUTOMATIC1111's Stable Diffusion web UI, and the forks that keep its API (Forge, Forge Neo), as a Darkroom
 * provider over {@code /sdapi/v1/*}; the web UI must run with {@code --api}. Found through
 * {@link java.util.ServiceLoader}. Model ids name a checkpoint the engine has, by title, name or file name:
 * {@code a1111:sd_xl_base_1.0}, {@code a1111:sd_xl_base_1.0.safetensors}.
 *
 * <p>Settings (on the client as {@code a1111.<name>}, else the environment):
 * <ul>
 *   <li>{@code baseUrl}: {@code DARKROOM_A1111_URL}, default {@value #DEFAULT_BASE_URL};</li>
 *   <li>{@code apiAuth}: {@code user:password} as given to the web UI's {@code --api-auth}
 *       ({@code DARKROOM_A1111_AUTH}; the command line's {@code --api-key} sets it too); a secret, sent only in
 *       the {@code Authorization: Basic} header;</li>
 *   <li>{@code progressMillis}: how often progress is polled while a job runs, default 500.</li>
 * </ul>
 *
 * <p>Before anything is sent, the checkpoint, refiner, LoRAs (options and {@code <lora:…>} tags), sampler,
 * scheduler, VAE and {@code embedding:name} references are checked against the engine's lists (an unknown
 * checkpoint is otherwise silently replaced by A1111). Progress comes from polling {@code /sdapi/v1/progress};
 * an interrupted call sends {@code /sdapi/v1/interrupt} (A1111 stops whatever job is running: it cannot target
 * one). Local engines cost nothing: models have a zero price, and each result carries the engine's processing
 * time. Options: {@link A1111Options}.
 */
public final class A1111Provider implements ImageProvider {
  /** This provider's id, the prefix of its model ids. */
  public static final String ID = "a1111";
  /** The address the web UI listens on by default. */
  public static final String DEFAULT_BASE_URL = "http://127.0.0.1:7860";
  /** The largest seed A1111 is sent: a signed 64-bit value. */
  public static final long MAX_SEED = Long.MAX_VALUE;

  private static final SecureRandom SEEDS = new SecureRandom();

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String displayName() {
    return "AUTOMATIC1111 / Forge (local engine)";
  }

  /** A1111 reads its own emphasis syntax: {@code (word:1.2)}, {@code [word]}, {@code <lora:name:0.8>}. */
  @Override
  public String promptSyntax() {
    return "a1111";
  }

  /**
   * A model for any {@code a1111:<checkpoint>}: zero price, seeds, one input image (img2img) with an optional
   * mask (inpainting), up to 64 images a request, pixel sizes in multiples of 8 up to 8192 a side with SDXL's
   * native sizes as presets, default 1024x1024. Whether the engine has the checkpoint is checked at call time.
   */
  @Override
  public Optional<ModelInfo> resolveModel(String modelId) {
    if (!modelId.startsWith(ID + ":") || modelId.substring(ID.length() + 1).isBlank()) {
      return Optional.empty();
    }
    String checkpoint = modelId.substring(ID.length() + 1);
    return Optional.of(LocalModel.of(modelId, ID, "A1111 " + checkpoint).maxEdge(8192).mask(true).build());
  }

  @Override
  public List<String> optionNames() {
    return A1111Options.NAMES;
  }

  @Override
  public Map<String, String> optionAliases() {
    return A1111Options.ALIASES;
  }

  @Override
  public ProviderOptions readOptions(Map<String, ?> values) {
    return A1111Options.read(values);
  }

  /**
   * A1111 takes signed 64-bit seeds ({@code -1} means random): seeds above {@value #MAX_SEED} are refused rather
   * than wrapped, so the recorded seed is the one used.
   */
  @Override
  public void checkRequest(ImageRequest request, Consumer<String> warnings) {
    Optional<Long> seed = request.seed();
    if (seed.isPresent() && seed.get() < 0) {
      throw new InvalidRequestException("seed " + Long.toUnsignedString(seed.get()) + " is too large for A1111,"
          + " which takes signed 64-bit seeds; allowed: 0 to " + MAX_SEED, "seed", List.of("0.." + MAX_SEED));
    }
    if (request.count() > 8) {
      warnings.accept(request.count() + " images run as one A1111 batch; if the engine runs out of GPU memory,"
          + " ask for fewer images per request");
    }
  }

  /** All images of a request in one call: one A1111 batch, image i gets seed + i. */
  @Override
  public int imagesPerCall(ImageRequest request) {
    return request.count();
  }

  @Override
  public long estimatedImageTokens(ImageRequest request) {
    return 0;
  }

  /**
   * A seed in A1111's own random range (0..4294967294), so that a request without one still records the seed it
   * ran with. (Used by clients whose SPI asks providers to choose seeds.)
   */
  @Override
  public OptionalLong chooseSeed(ImageRequest request) {
    return OptionalLong.of((long) (SEEDS.nextDouble() * 4294967294L));
  }

  /**
   * Opens a client for the configured engine. Nothing is sent until the first call.
   *
   * @throws InvalidRequestException for a malformed base URL or an {@code apiAuth} that is not {@code user:password}
   */
  @Override
  public ProviderClient open(ProviderContext context) {
    return new A1111Client(engine(context));
  }

  /**
   * The engine's checkpoints as model ids ({@code <provider>:<checkpoint>}), read through {@link #inventory}.
   *
   * @throws dev.darkroom.DarkroomException when no engine can be reached
   */
  @Override
  public Optional<List<String>> liveModels(ProviderContext context) {
    return Optional.of(inventory(context).getOrDefault("checkpoints", List.of()).stream().map(c -> ID + ":" + c).toList());
  }

  /**
   * Checkpoints, LoRAs, embeddings, VAEs, samplers and schedulers, as the engine lists them.
   *
   * @throws dev.darkroom.DarkroomException when the engine cannot be reached
   */
  @Override
  public Map<String, List<String>> inventory(ProviderContext context) {
    return engine(context).inventory().asMap();
  }

  private static Engine engine(ProviderContext context) {
    String url = context.url("baseUrl", DEFAULT_BASE_URL, "DARKROOM_A1111_URL");
    @Nullable String auth = context.secret("apiAuth", "DARKROOM_A1111_AUTH").or(() -> context.secret("apiKey"))
        .orElse(null);
    if (auth != null && auth.indexOf(':') <= 0) {
      throw new InvalidRequestException("a1111.apiAuth (DARKROOM_A1111_AUTH) must be user:password, as given to the"
          + " web UI's --api-auth", "a1111.apiAuth", List.of());
    }
    long progressMillis = context.setting("progressMillis").map(A1111Provider::millis).orElse(500L);
    return new Engine(url, auth, context.http(), context.redactor(), context.timeout(),
        Duration.ofMillis(progressMillis), context.userAgent());
  }

  private static long millis(String v) {
    try {
      long ms = Long.parseLong(v.trim());
      if (ms >= 1) {
        return ms;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidRequestException("a1111.progressMillis '" + v + "' is not a positive number of milliseconds",
        "a1111.progressMillis", List.of());
  }
}
