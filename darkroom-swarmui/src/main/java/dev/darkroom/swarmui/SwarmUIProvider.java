package dev.darkroom.swarmui;

import dev.darkroom.DarkroomException;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelInfo;
import dev.darkroom.ProviderOptions;
import dev.darkroom.spi.ImageProvider;
import dev.darkroom.spi.LocalModel;
import dev.darkroom.spi.ProviderClient;
import dev.darkroom.spi.ProviderContext;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * SwarmUI (mcmonkeyprojects/SwarmUI) as a Darkroom provider, found through {@link java.util.ServiceLoader}:
 * SwarmUI queues each generation across its own ComfyUI backends, remote Swarm instances and API backends,
 * so one Darkroom client drives as many GPUs as the instance has. Model ids name a checkpoint as SwarmUI
 * lists it, with or without the file extension: {@code swarmui:OfficialStableDiffusion/sd_xl_base_1.0}.
 *
 * <p>Settings (on the client as {@code swarmui.<name>}, else the environment):
 * <ul>
 *   <li>{@code baseUrl}: {@code DARKROOM_SWARMUI_URL}, default {@value #DEFAULT_BASE_URL};</li>
 *   <li>{@code token}: {@code DARKROOM_SWARMUI_TOKEN}, the {@code swarm_token} cookie for instances that
 *       require accounts (a token from SwarmUI's User tab). It is sent only as that cookie, on
 *       {@code GetNewSession} and {@code /View/} downloads, and masked in every message.</li>
 * </ul>
 *
 * <p>Each client holds one session ({@code GetNewSession}), renewed once, transparently, when SwarmUI
 * answers {@code invalid_session_id}. Before anything is queued the checkpoint, refiner, LoRAs, sampler and
 * scheduler are checked against {@code ListT2IParams} (SwarmUI silently ignores unknown parameters and
 * falls back on unknown names), as are the parameter ids sent and the numeric ranges. Progress and previews
 * come from the {@code GenerateText2ImageWS} websocket; an interrupted call sends {@code InterruptAll} with
 * {@code other_sessions: false}. Local engines cost no money: models have a zero price, and results carry
 * SwarmUI's own generation time. Options: {@link SwarmOptions}.
 *
 * <p>Prompt syntax: {@code comfyui}. SwarmUI hands the prompt's {@code (text:1.2)} weights to ComfyUI's
 * parser; its own {@code <lora:…>} and {@code <embed:…>} tags have no counterpart in Darkroom's prompt
 * model, so LoRAs travel as the {@code loras} option instead. The command line writes A1111 prompt editing and
 * alternation in SwarmUI's {@code <fromto[N]:a||b>} and {@code <alternate:a||b>} syntax
 * ({@link dev.darkroom.prompt.SwarmUiSchedule}), which SwarmUI runs itself.
 */
public final class SwarmUIProvider implements ImageProvider {
  /** This provider's id, the prefix of its model ids. */
  public static final String ID = "swarmui";
  /** SwarmUI's default address. */
  public static final String DEFAULT_BASE_URL = "http://127.0.0.1:7801";

  private static final SecureRandom SEEDS = new SecureRandom();

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String displayName() {
    return "SwarmUI (local or multi-GPU engine)";
  }

  /**
   * A model for any {@code swarmui:<checkpoint>}: zero price, seeds, one input image (img2img), up to 64
   * images a request, pixel sizes in multiples of 8 with SDXL's native sizes as presets, default 1024x1024.
   * Whether the instance has the checkpoint is checked when a call is made.
   */
  @Override
  public Optional<ModelInfo> resolveModel(String modelId) {
    if (!modelId.startsWith(ID + ":") || modelName(modelId).isBlank()) {
      return Optional.empty();
    }
    // -a 16:9 means SDXL's native 1344x768, as on ComfyUI and A1111; --size still takes any multiple of 8.
    return Optional.of(LocalModel.of(modelId, ID, "SwarmUI " + modelName(modelId)).build());
  }

  /**
   * {@code swarmui}: ComfyUI's weights (SwarmUI passes them to ComfyUI's prompt parser) plus SwarmUI's own
   * {@code <fromto>} and {@code <alternate>}, which carry A1111 prompt editing (see the class documentation).
   */
  @Override
  public String promptSyntax() {
    return "swarmui";
  }

  @Override
  public List<String> optionNames() {
    return SwarmOptions.NAMES;
  }

  @Override
  public Map<String, String> optionAliases() {
    return SwarmOptions.ALIASES;
  }

  @Override
  public ProviderOptions readOptions(Map<String, ?> values) {
    return SwarmOptions.read(values);
  }

  /** SwarmUI seeds are signed 64-bit: 0 to 2^63-1 (the upper half of Darkroom's unsigned range is refused). */
  @Override
  public void checkRequest(ImageRequest request, Consumer<String> warnings) {
    if (request.seed().isPresent() && request.seed().get() < 0) {
      throw new InvalidRequestException("seed " + Long.toUnsignedString(request.seed().get()) + " is out of range"
          + " for SwarmUI: 0 to 9223372036854775807", "seed", List.of("0..9223372036854775807"));
    }
  }

  /** All images of a request in one call: SwarmUI spreads them over its backends (image i gets seed + i). */
  @Override
  public int imagesPerCall(ImageRequest request) {
    return request.count();
  }

  @Override
  public long estimatedImageTokens(ImageRequest request) {
    return 0;
  }

  /**
   * A seed for a request without one, 0 to 2^63-1, so the seed every image was made with is recorded. Used
   * by clients that let providers choose seeds; otherwise SwarmUI chooses (seed -1) and records it in the
   * image's own metadata.
   */
  @Override
  public OptionalLong chooseSeed(ImageRequest request) {
    return OptionalLong.of(SEEDS.nextLong() & Long.MAX_VALUE);
  }

  /**
   * Opens a client for the configured instance. Nothing is sent until the first call.
   *
   * @throws InvalidRequestException for a malformed base URL
   */
  @Override
  public ProviderClient open(ProviderContext context) {
    String baseUrl = context.url("baseUrl", DEFAULT_BASE_URL, "DARKROOM_SWARMUI_URL");
    String token = context.secret("token", "DARKROOM_SWARMUI_TOKEN").or(() -> context.secret("apiKey"))
        .orElse(null);
    SwarmApi api = new SwarmApi(context.http(), baseUrl, token, context.redactor(), context.userAgent(),
        context.timeout());
    return new SwarmClient(api, context.http(), context.redactor());
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
   * Checkpoints, refiners (checkpoints too), LoRAs, embeddings, VAEs, samplers and schedulers as the instance
   * lists them ({@code ListT2IParams}, all folders).
   *
   * @throws dev.darkroom.DarkroomException when the instance cannot be reached
   */
  @Override
  public Map<String, List<String>> inventory(ProviderContext context) {
    try (SwarmClient client = (SwarmClient) open(context)) {
      SwarmCatalog cat = client.catalog(false);
      Map<String, List<String>> out = new LinkedHashMap<>();
      out.put("checkpoints", cat.models("Stable-Diffusion"));
      out.put("loras", cat.models("LoRA"));
      out.put("embeddings", cat.models("Embedding"));
      out.put("vaes", cat.models("VAE"));
      out.put("samplers", cat.values("sampler"));
      out.put("schedulers", cat.values("scheduler"));
      return out;
    }
  }

  /**
   * The instance's usable backends (enabled, not errored or disabled), from {@code ListBackends} (real
   * backends only): SwarmUI runs one generation per backend at a time and queues the rest, so sending that
   * many at once keeps every GPU busy. Empty when the account lacks the {@code view_backends_list}
   * permission (SwarmUI answers {@code bad_permissions}), the instance cannot be reached or lists none.
   */
  @Override
  public OptionalInt suggestedConcurrency(ProviderContext context) {
    try (SwarmClient client = (SwarmClient) open(context)) {
      return SwarmBackends.usable(client.api().call("ListBackends",
          SwarmApi.JSON.createObjectNode().put("nonreal", false).put("full_data", false)));
    } catch (DarkroomException e) {
      return OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    }
  }

  /** The checkpoint part of {@code swarmui:<checkpoint>}. */
  static String modelName(String modelId) {
    return modelId.startsWith(ID + ":") ? modelId.substring(ID.length() + 1) : modelId;
  }
}
