package dev.darkroom.comfyui;

import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelInfo;
import dev.darkroom.ProviderOptions;
import dev.darkroom.comfyui.internal.ComfyAuth;
import dev.darkroom.comfyui.internal.ComfyEngineClient;
import dev.darkroom.comfyui.internal.EnginePool;
import dev.darkroom.spi.ImageProvider;
import dev.darkroom.spi.LocalModel;
import dev.darkroom.spi.ProviderClient;
import dev.darkroom.spi.ProviderContext;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * ComfyUI, the local Stable Diffusion engine, as a Darkroom provider; found through {@link java.util.ServiceLoader}.
 * Model ids name a checkpoint the engine has: {@code comfyui:sd_xl_base_1.0.safetensors}.
 *
 * <p>Settings (on the client as {@code comfyui.<name>}, else the environment):
 * <ul>
 *   <li>{@code baseUrl}: {@code DARKROOM_COMFYUI_URL}, default {@value #DEFAULT_BASE_URL};</li>
 *   <li>{@code engines}: a comma-separated list of base URLs for a pool ({@code DARKROOM_COMFYUI_URLS}); when set
 *       it replaces {@code baseUrl}. Each job goes to the engine with the shortest queue that has its checkpoint
 *       and LoRAs; an engine that fails is left out for {@code engineCooldownSeconds} (default 30) and then tried
 *       again;</li>
 *   <li>{@code apiKey}: a bearer token for engines behind a reverse proxy ({@code DARKROOM_COMFYUI_TOKEN}), or
 *       {@code user} and {@code password} for basic auth ({@code DARKROOM_COMFYUI_USER},
 *       {@code DARKROOM_COMFYUI_PASSWORD}). Secrets go only into the {@code Authorization} header.</li>
 * </ul>
 *
 * <p>Local engines cost no money: models have a zero price, and each result carries the engine's own run time
 * ({@code Generation.engineTime()}). A request without a seed gets one chosen here (0..2^64-1, from
 * {@link SecureRandom}), so history and provenance record the seed every image was made with. All images of a
 * request are one ComfyUI batch (one call). Options: {@link ComfyOptions}.
 */
public final class ComfyUIProvider implements ImageProvider {
  /** This provider's id, the prefix of its model ids. */
  public static final String ID = "comfyui";
  /** The engine address ComfyUI listens on by default. */
  public static final String DEFAULT_BASE_URL = "http://127.0.0.1:8188";

  private static final SecureRandom SEEDS = new SecureRandom();

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String displayName() {
    return "ComfyUI (local engine)";
  }

  /**
   * A model for any {@code comfyui:<checkpoint file>}: zero price, seeds, one input image (img2img), up to 64
   * images a request, pixel sizes in multiples of 8 up to 16384 a side, with SDXL's native sizes as the presets
   * that aspect ratios map onto ({@code 16:9} is 1344x768), default 1024x1024. Whether the engine has the file is
   * checked when a call is made.
   */
  @Override
  public Optional<ModelInfo> resolveModel(String modelId) {
    if (!modelId.startsWith(ID + ":") || modelId.length() == ID.length() + 1 || modelId.isBlank()) {
      return Optional.empty();
    }
    String checkpoint = modelId.substring(ID.length() + 1);
    return Optional.of(LocalModel.of(modelId, ID, "ComfyUI " + checkpoint).minPixels(16 * 16).maxAspectRatio(1024.0)
        .build());
  }

  /** {@code comfyui}: the built graph's CLIPTextEncode reads {@code (word:1.2)} weights and {@code embedding:name}. */
  @Override
  public String promptSyntax() {
    return "comfyui";
  }

  @Override
  public List<String> optionNames() {
    return ComfyOptions.NAMES;
  }

  @Override
  public Map<String, String> optionAliases() {
    return ComfyOptions.ALIASES;
  }

  @Override
  public ProviderOptions readOptions(Map<String, ?> values) {
    return ComfyOptions.read(values);
  }

  /** Every unsigned 64-bit seed is valid; a request of more than one image is one ComfyUI batch. */
  @Override
  public void checkRequest(ImageRequest request, Consumer<String> warnings) {
    if (request.count() > 8 && request.images().isEmpty()) {
      warnings.accept(request.count() + " images run as one ComfyUI batch; if the engine runs out of GPU memory,"
          + " ask for fewer images per request");
    }
  }

  /** All images of a request in one call: one ComfyUI batch, so one seed covers them all. */
  @Override
  public int imagesPerCall(ImageRequest request) {
    return request.count();
  }

  @Override
  public long estimatedImageTokens(ImageRequest request) {
    return 0;
  }

  /** A seed from {@link SecureRandom}, any of the 2^64 values ComfyUI accepts. */
  @Override
  public OptionalLong chooseSeed(ImageRequest request) {
    return OptionalLong.of(SEEDS.nextLong());
  }

  /**
   * Opens a client over the configured engines. Nothing is sent until the first call.
   *
   * @throws InvalidRequestException for a malformed engine URL or half-configured basic auth
   */
  @Override
  public ProviderClient open(ProviderContext context) {
    List<String> urls = engineUrls(context);
    ComfyAuth auth = auth(context);
    long cooldown = context.setting("engineCooldownSeconds").map(v -> parseSeconds(v)).orElse(30L);
    EnginePool pool = new EnginePool(urls, auth, context.http(), context.redactor(), context.timeout(),
        Duration.ofSeconds(cooldown), System::nanoTime);
    return new ComfyEngineClient(pool, context.sleeper(), context.redactor());
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
   * Checkpoints, LoRAs, embeddings, VAEs, samplers and schedulers, each the union over the configured engines
   * (sorted), plus {@code engines} when there are several.
   *
   * @throws dev.darkroom.DarkroomException when no engine can be reached
   */
  @Override
  public Map<String, List<String>> inventory(ProviderContext context) {
    try (ProviderClient client = open(context)) {
      return ((ComfyEngineClient) client).inventory();
    }
  }

  private static List<String> engineUrls(ProviderContext context) {
    Optional<String> list = context.setting("engines").or(() -> context.env("DARKROOM_COMFYUI_URLS"));
    if (list.isEmpty()) {
      return List.of(context.url("baseUrl", DEFAULT_BASE_URL, "DARKROOM_COMFYUI_URL"));
    }
    List<String> urls = new ArrayList<>();
    for (String u : list.get().split(",")) {
      String url = u.trim();
      if (url.isEmpty()) {
        continue;
      }
      if (!url.startsWith("http://") && !url.startsWith("https://")) {
        throw new InvalidRequestException("invalid comfyui.engines entry '" + url + "': each must start with"
            + " http:// or https://", "comfyui.engines", List.of());
      }
      String clean = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      if (!urls.contains(clean)) {
        urls.add(clean);
      }
    }
    if (urls.isEmpty()) {
      throw new InvalidRequestException("comfyui.engines lists no engine; give base URLs separated by commas",
          "comfyui.engines", List.of());
    }
    return urls;
  }

  private static @Nullable ComfyAuth auth(ProviderContext context) {
    Optional<String> token = context.secret("apiKey", "DARKROOM_COMFYUI_TOKEN");
    if (token.isPresent()) {
      try {
        ComfyAuth a = ComfyAuth.bearer(token.get());
        a.secrets().forEach(context.redactor()::add);
        return a;
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("comfyui.apiKey is not usable as a bearer token: " + e.getMessage(),
            "comfyui.apiKey", List.of());
      }
    }
    Optional<String> user = context.setting("user").or(() -> context.env("DARKROOM_COMFYUI_USER"));
    Optional<String> password = context.secret("password", "DARKROOM_COMFYUI_PASSWORD");
    if (user.isPresent() != password.isPresent()) {
      String missing = user.isPresent() ? "password" : "user";
      throw new InvalidRequestException("basic auth for ComfyUI needs both comfyui.user and comfyui.password (or"
          + " DARKROOM_COMFYUI_USER and DARKROOM_COMFYUI_PASSWORD); comfyui." + missing + " is missing",
          "comfyui." + missing, List.of());
    }
    if (user.isEmpty()) {
      return null;
    }
    try {
      ComfyAuth a = ComfyAuth.basic(user.get(), password.get());
      a.secrets().forEach(context.redactor()::add);
      return a;
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("comfyui.user is not usable for basic auth: " + e.getMessage(),
          "comfyui.user", List.of());
    }
  }

  private static long parseSeconds(String v) {
    try {
      long s = Long.parseLong(v.trim());
      if (s >= 0) {
        return s;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidRequestException("comfyui.engineCooldownSeconds '" + v + "' is not a number of seconds",
        "comfyui.engineCooldownSeconds", List.of());
  }
}
