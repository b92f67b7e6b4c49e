package dev.darkroom.spi;

import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelInfo;
import dev.darkroom.ProviderOptions;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One image-generation backend, as Darkroom finds it through {@link java.util.ServiceLoader}.
 *
 * <p>Implementations are cheap to construct (no I/O, no threads: discovery happens on the command
 * line's start-up path) and stateless; everything that holds connections or secrets lives in the
 * {@link ProviderClient} that {@link #open} returns. A provider never imports another provider.
 */
public interface ImageProvider {
  /** The provider id used in the model table and in option names, e.g. {@code gemini}: lower case, no colon. */
  String id();

  /** A human name, e.g. {@code Google Gemini API}. */
  String displayName();

  /**
   * The model-table entries this provider ships, in {@code models.json} format (merged over the
   * built-in table; a user table still wins), or empty when its models live in the built-in table or
   * are discovered at run time.
   */
  default Optional<InputStream> modelTable() {
    return Optional.empty();
  }

  /**
   * A model this provider recognises although no table lists it, e.g. {@code comfyui:sd_xl_base_1.0.safetensors}
   * for engines whose checkpoints are discovered at run time. Called for ids of the form
   * {@code <id>:<name>} only. Default: none.
   */
  default Optional<ModelInfo> resolveModel(String modelId) {
    return Optional.empty();
  }

  /**
   * The prompt-weight dialect the engine reads, e.g. {@code a1111}, {@code comfyui}; {@code plain} for
   * models that read prose (weights mean nothing to them). Prompts written in another dialect are
   * converted to this one ({@code dev.darkroom.prompt}). Default: {@code plain}.
   */
  default String promptSyntax() {
    return "plain";
  }

  /** The names of this provider's options, in their canonical form (e.g. {@code quality}). */
  List<String> optionNames();

  /**
   * Other names people use for options (e.g. {@code thinking} for {@code thinkingLevel}), accepted by
   * job files and command lines. Default: none.
   */
  default Map<String, String> optionAliases() {
    return Map.of();
  }

  /**
   * Reads this provider's options from their canonical key/value form: command-line flags, job-file
   * fields and stored requests all arrive here. Values are strings, numbers, booleans, or lists of
   * those. Keys this provider does not know are refused.
   *
   * @throws InvalidRequestException naming the field ({@code <id>.<key>}) and what it allows
   */
  ProviderOptions readOptions(Map<String, ?> values);

  /**
   * Checks the parts of a request every provider shares (seed range, size, inputs) against this
   * provider's rules, after the model table's checks and the options' own. Called when the request
   * is built; nothing has been sent. Default: nothing more to check.
   *
   * @param warnings receives adjustments a user should hear about
   * @throws InvalidRequestException naming the field and what it allows
   */
  default void checkRequest(ImageRequest request, java.util.function.Consumer<String> warnings) {}

  /**
   * Images one call returns for this request (the client makes as many calls as the count needs).
   * Default: the model's {@code maxImagesPerCall}, at least 1.
   */
  default int imagesPerCall(ImageRequest request) {
    return Math.max(1, request.model().maxImagesPerCall());
  }

  /**
   * Image output tokens one image of this request is expected to cost, for estimates before sending.
   * Where the provider decides the effective setting (an automatic quality, thinking), this is the
   * upper bound. Default: the model table's tokens for the effective size.
   */
  default long estimatedImageTokens(ImageRequest request) {
    return request.model().estimatedImageTokens(request.effectiveImageSize(), null);
  }

  /**
   * Text output tokens one image of this request may be billed for besides its image tokens: thinking
   * and the model's text, at the text-output rate. An upper bound where the model decides how much it
   * thinks. Default 0.
   */
  default long estimatedTextTokens(ImageRequest request) {
    return 0;
  }

  /**
   * Whether the provider decides part of what this request costs (an automatic quality, thinking), so
   * that the estimate is an upper bound rather than the expected price. Default: no.
   */
  default boolean estimateIsUpperBound(ImageRequest request) {
    return false;
  }

  /**
   * The seed to use for a request that has none, when this provider's engine takes any seed and Darkroom
   * should choose and record it (so every result can be re-run exactly): the client sets it on the request
   * before the first call, and history and provenance store it. Default: none (the engine chooses, unrecorded).
   */
  default java.util.OptionalLong chooseSeed(ImageRequest request) {
    return java.util.OptionalLong.empty();
  }

  /** Characters of text input one call sends besides the prompt (a system prompt), for estimates. Default 0. */
  default int extraPromptCharacters(ImageRequest request) {
    return 0;
  }

  /**
   * Whether {@link ProviderClient#generate} continues conversations: it accepts a
   * {@link ProviderCall#conversation()}, sends the earlier turns (model parts with their signatures
   * unchanged) before the call's prompt, and returns the model turn in
   * {@link ProviderResponse#modelTurn()}. The library refuses to continue a conversation with a
   * provider that does not, with an {@link InvalidRequestException} naming it. Default: no.
   */
  default boolean continuesConversations() {
    return false;
  }

  /**
   * Opens a client for this provider. Reads its configuration from {@code context} and fails fast when
   * something required is missing (no request is sent here).
   *
   * @throws InvalidRequestException naming the missing setting and the environment variables that set it
   */
  ProviderClient open(ProviderContext context);

  /**
   * What the engine behind this provider offers, by kind, for {@code darkroom models --provider}:
   * e.g. {@code checkpoints}, {@code loras}, {@code samplers} for a local engine, read from the
   * engine itself. Default: nothing to discover (cloud providers list their models in the table).
   *
   * @throws dev.darkroom.DarkroomException when the engine cannot be reached
   */
  default Map<String, List<String>> inventory(ProviderContext context) {
    return Map.of();
  }

  /**
   * The ids of the image models the provider serves right now, as the model table names them (e.g.
   * {@code gemini-3-pro-image}; {@code comfyui:sd_xl_base_1.0.safetensors} for an engine's checkpoints),
   * read from the provider's own model list, for {@code darkroom models --check}. Models that cannot make
   * images (text, embeddings) are left out. Empty when the provider has no such list, or none with the
   * given settings. Default: empty.
   *
   * @throws InvalidRequestException naming the missing setting (e.g. the API key) when the provider is not configured
   * @throws dev.darkroom.DarkroomException when the list cannot be read
   */
  default Optional<List<String>> liveModels(ProviderContext context) {
    return Optional.empty();
  }

  /**
   * How many calls to send at once when a client runs many requests (a batch, a comparison) and the user
   * set no concurrency: for engines that spread work over several GPUs themselves (SwarmUI's backends),
   * the number the engine can run in parallel. May ask the engine (one short request); returns empty when
   * it cannot tell (no permission to read it, not reachable, nothing to report) rather than throwing, so the
   * caller falls back on its own default. Default: empty.
   */
  default java.util.OptionalInt suggestedConcurrency(ProviderContext context) {
    return java.util.OptionalInt.empty();
  }

  /** This provider's batch API, when it has one. Default: none. */
  default Optional<BatchBackend> openBatch(ProviderContext context, BatchBackend.Settings settings) {
    return Optional.empty();
  }

  /**
   * Whether a journaled batch name without a {@code provider:} prefix is this provider's (names
   * journaled before prefixes existed). Default: no.
   */
  default boolean claimsBatchName(String name) {
    return false;
  }
}
