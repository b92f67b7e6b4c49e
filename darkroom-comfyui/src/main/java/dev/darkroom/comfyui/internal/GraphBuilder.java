package dev.darkroom.comfyui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.comfyui.ComfyOptions;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@link GraphSettings}, a prompt, a seed and an optional uploaded input image into the API-format graph
 * ComfyUI's UI exports for the same settings (File → Export (API)): node ids are strings, links are
 * {@code ["nodeId", outputIndex]}, widget values come before links in each node's {@code inputs}, integers are
 * JSON integers and floats JSON floats, and each node carries the UI's default {@code _meta.title}.
 *
 * <p>Node ids are stable, following ComfyUI's own examples ({@code basic_api_example.py},
 * {@code sdxl_simple_example}):
 *
 * <ul>
 *   <li>always: {@code 4} CheckpointLoaderSimple, {@code 6}/{@code 7} CLIPTextEncode positive/negative;
 *   <li>txt2img: {@code 5} EmptyLatentImage; img2img: {@code 21} LoadImage → {@code 22} VAEEncode (and
 *       {@code 23} RepeatLatentBatch when the batch size is above 1);
 *   <li>base only: {@code 3} KSampler → {@code 8} VAEDecode → {@code 9} SaveImage;
 *   <li>with a refiner: {@code 10} KSamplerAdvanced (base) → {@code 11} KSamplerAdvanced (refiner, with
 *       {@code 12} CheckpointLoaderSimple and {@code 15}/{@code 16} CLIPTextEncode on the refiner's CLIP) →
 *       {@code 17} VAEDecode (the refiner's VAE) → {@code 19} SaveImage;
 *   <li>{@code 20} VAELoader when a VAE is set (then used for encoding and decoding);
 *   <li>LoRAs {@code 100}, {@code 101}, … chained model and CLIP from the base checkpoint; LoRAs apply to the
 *       base model only (an SDXL base LoRA does not fit the refiner).
 *   <li>prompt stages ({@link GraphSettings#promptStages()}, {@link GraphSettings#negativeStages()}): each stage
 *       is a CLIPTextEncode and a ConditioningSetTimestepRange ({@code start}, {@code end}) numbered from
 *       {@code 1000} in order (positive, negative, then the refiner's positive and negative), folded left to
 *       right with ConditioningCombine; the last combine takes the id of the single encoder it replaces
 *       ({@code 6}, {@code 7}, {@code 15}, {@code 16}), so the samplers' links do not change.
 * </ul>
 *
 * <p><b>Prompt stages with a refiner</b>: the refiner's encoders get the same stages and ranges, encoded with
 * the refiner's CLIP. ComfyUI compares a range with the noise level being sampled (sigma-percent), and the
 * refiner samples the tail of the same schedule, so each stage conditions whichever model samples its share:
 * a stage that ends before the switch never reaches the refiner.
 *
 * <p><b>Step math with a refiner</b>: both samplers get the total {@code steps}; the base runs
 * {@code 0..switchStep} with {@code return_with_leftover_noise: enable}, the refiner {@code switchStep..10000}
 * with {@code add_noise: disable}, where {@code switchStep = round(steps * refinerSwitch)} (halves round up).
 * KSamplerAdvanced has no denoise input, so img2img with a refiner starts the base at
 * {@code round(steps * (1 - denoise))}, which must be below the switch step.
 *
 * <p>A user workflow ({@link GraphSettings#workflow()}) is filled by {@link WorkflowFiller} instead.
 */
public final class GraphBuilder {
  /** The {@code SaveImage.filename_prefix} used unless another is given. */
  public static final String DEFAULT_FILENAME_PREFIX = "darkroom";
  /** The largest seed ComfyUI accepts, {@code 0xffffffffffffffff}. */
  public static final BigInteger MAX_SEED = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  /** {@code RepeatLatentBatch.amount} maximum, which bounds the img2img batch size. */
  public static final int MAX_IMG2IMG_BATCH = 64;

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final String filenamePrefix;

  /** A builder whose SaveImage writes files named {@code darkroom_00001_.png} and so on. */
  public GraphBuilder() {
    this(DEFAULT_FILENAME_PREFIX);
  }

  /**
   * @param filenamePrefix SaveImage's {@code filename_prefix}; may contain a subfolder ({@code darkroom/run})
   */
  public GraphBuilder(String filenamePrefix) {
    if (filenamePrefix.isBlank()) {
      throw new IllegalArgumentException("filenamePrefix must not be blank");
    }
    this.filenamePrefix = filenamePrefix;
  }

  /**
   * Checks a seed against ComfyUI's range.
   *
   * @throws InvalidRequestException when it is below 0 or above 2^64-1
   */
  public static BigInteger requireSeed(BigInteger seed) {
    if (seed.signum() < 0 || seed.compareTo(MAX_SEED) > 0) {
      throw new InvalidRequestException("seed " + seed + " is invalid: expected an integer from 0 to " + MAX_SEED);
    }
    return seed;
  }

  /** The seed whose 64 bits are {@code bits}, read as unsigned ({@code -1L} is 2^64-1). */
  public static BigInteger unsignedSeed(long bits) {
    return new BigInteger(Long.toUnsignedString(bits));
  }

  /** The seed as a JSON integer: a long when it fits, else a big integer, never a float or a string. */
  public static JsonNode seedNode(BigInteger seed) {
    requireSeed(seed);
    return seed.bitLength() < 64 ? F.numberNode(seed.longValueExact()) : F.numberNode(seed);
  }

  /**
   * Builds the graph, or fills the user's workflow when the options carry one.
   *
   * @param prompt the positive prompt, in ComfyUI's syntax ({@code (word:1.2)}, {@code embedding:name})
   * @param seed 0..2^64-1
   * @param inputImage the name {@code /upload/image} returned (with its subfolder, {@code sub/name.png}), or null
   *     for txt2img
   * @throws InvalidRequestException for a missing checkpoint, a bad seed, or settings no graph can express
   */
  public ObjectNode build(GraphSettings options, String prompt, BigInteger seed, @Nullable String inputImage) {
    Objects.requireNonNull(prompt, "prompt");
    requireSeed(seed);
    if (options.workflow() != null) {
      return new WorkflowFiller().fill(options, prompt, seed, inputImage);
    }
    String checkpoint = options.checkpoint();
    if (checkpoint == null) {
      throw new InvalidRequestException("checkpoint is required: set GraphSettings.checkpoint (or the model id"
          + " comfyui:<checkpoint file>), e.g. sd_xl_base_1.0.safetensors");
    }
    boolean img2img = inputImage != null;
    if (img2img && options.batchSize() > MAX_IMG2IMG_BATCH) {
      throw new InvalidRequestException("batch_size " + options.batchSize() + " is invalid with an input image:"
          + " expected 1 to " + MAX_IMG2IMG_BATCH + " (RepeatLatentBatch's limit)");
    }
    Graph g = new Graph();
    g.node("4", "CheckpointLoaderSimple", "Load Checkpoint").put("ckpt_name", checkpoint);

    String modelFrom = "4";
    String clipFrom = "4";
    int clipIndex = 1;
    List<GraphSettings.Lora> loras = options.loras();
    for (int i = 0; i < loras.size(); i++) {
      GraphSettings.Lora l = loras.get(i);
      String id = Integer.toString(100 + i);
      ObjectNode in = g.node(id, "LoraLoader", "Load LoRA (Model and CLIP)");
      in.put("lora_name", l.name());
      in.put("strength_model", l.modelWeight());
      in.put("strength_clip", l.clipWeight());
      in.set("model", ApiGraphs.link(modelFrom, 0));
      in.set("clip", ApiGraphs.link(clipFrom, clipIndex));
      modelFrom = id;
      clipFrom = id;
      clipIndex = 1;
    }

    String vaeFrom = "4";
    int vaeIndex = 2;
    if (options.vae() != null) {
      g.node("20", "VAELoader", "Load VAE").put("vae_name", options.vae());
      vaeFrom = "20";
      vaeIndex = 0;
    }

    int[] nextId = {1000};
    conditioning(g, "6", prompt, options.promptStages(), clipFrom, clipIndex, nextId);
    conditioning(g, "7", options.negative(), options.negativeStages(), clipFrom, clipIndex, nextId);

    String latentFrom;
    if (img2img) {
      g.node("21", "LoadImage", "Load Image").put("image", inputImage);
      ObjectNode enc = g.node("22", "VAEEncode", "VAE Encode");
      enc.set("pixels", ApiGraphs.link("21", 0));
      enc.set("vae", ApiGraphs.link(vaeFrom, vaeIndex));
      latentFrom = "22";
      if (options.batchSize() > 1) {
        ObjectNode rep = g.node("23", "RepeatLatentBatch", "Repeat Latent Batch");
        rep.put("amount", options.batchSize());
        rep.set("samples", ApiGraphs.link("22", 0));
        latentFrom = "23";
      }
    } else {
      ObjectNode latent = g.node("5", "EmptyLatentImage", "Empty Latent Image");
      latent.put("width", options.width());
      latent.put("height", options.height());
      latent.put("batch_size", options.batchSize());
      latentFrom = "5";
    }

    String decodeId;
    String saveId;
    if (options.refiner() == null) {
      ObjectNode ks = g.node("3", "KSampler", "KSampler");
      ks.set("seed", seedNode(seed));
      ks.put("steps", options.steps());
      ks.put("cfg", options.cfg());
      ks.put("sampler_name", options.sampler());
      ks.put("scheduler", options.scheduler());
      ks.put("denoise", options.denoise(img2img));
      links(ks, modelFrom, "6", "7", latentFrom);
      decodeId = "8";
      saveId = "9";
      decode(g, decodeId, "3", vaeFrom, vaeIndex);
    } else {
      int steps = options.steps();
      int switchStep = switchStep(steps, options.refinerSwitch());
      int start = 0;
      if (img2img) {
        start = (int) Math.round(steps * (1.0 - options.denoise(true)));
        if (start >= switchStep) {
          throw new InvalidRequestException("denoise " + options.denoise(true) + " with refiner_switch "
              + options.refinerSwitch() + " leaves the base model no steps (it would start at step " + start
              + " of " + steps + " and hand over at " + switchStep + "); raise denoise or refiner_switch");
        }
      }
      ObjectNode base = g.node("10", "KSamplerAdvanced", "KSampler (Advanced)");
      base.put("add_noise", "enable");
      base.set("noise_seed", seedNode(seed));
      base.put("steps", steps);
      base.put("cfg", options.cfg());
      base.put("sampler_name", options.sampler());
      base.put("scheduler", options.scheduler());
      base.put("start_at_step", start);
      base.put("end_at_step", switchStep);
      base.put("return_with_leftover_noise", "enable");
      links(base, modelFrom, "6", "7", latentFrom);

      g.node("12", "CheckpointLoaderSimple", "Load Checkpoint").put("ckpt_name", options.refiner());
      conditioning(g, "15", prompt, options.promptStages(), "12", 1, nextId);
      conditioning(g, "16", options.negative(), options.negativeStages(), "12", 1, nextId);
      ObjectNode ref = g.node("11", "KSamplerAdvanced", "KSampler (Advanced)");
      ref.put("add_noise", "disable");
      ref.set("noise_seed", seedNode(seed));
      ref.put("steps", steps);
      ref.put("cfg", options.cfg());
      ref.put("sampler_name", options.sampler());
      ref.put("scheduler", options.scheduler());
      ref.put("start_at_step", switchStep);
      ref.put("end_at_step", 10000);
      ref.put("return_with_leftover_noise", "disable");
      links(ref, "12", "15", "16", "10");
      decodeId = "17";
      saveId = "19";
      decode(g, decodeId, "11", options.vae() != null ? vaeFrom : "12", options.vae() != null ? vaeIndex : 2);
    }
    ObjectNode save = g.node(saveId, "SaveImage", "Save Image");
    save.put("filename_prefix", filenamePrefix);
    save.set("images", ApiGraphs.link(decodeId, 0));
    return g.root;
  }

  /** {@code round(steps * refinerSwitch)}, halves up, the step where the base hands over to the refiner. */
  public static int switchStep(int steps, double refinerSwitch) {
    // steps * 0.8 is 24.000000000000004 for 30 steps; round to 9 decimals first so binary noise cannot tip it.
    double exact = Math.round(steps * refinerSwitch * 1e9) / 1e9;
    return (int) Math.round(exact);
  }

  /**
   * The conditioning under node {@code id}: one encoder of {@code text}, or, with two or more stages, each stage
   * encoded and limited to its range, combined; the last ConditioningCombine gets {@code id}.
   */
  private static void conditioning(Graph g, String id, String text, List<ComfyOptions.Stage> stages,
      String clipFrom, int clipIndex, int[] nextId) {
    if (stages.size() < 2) {
      encode(g, id, stages.isEmpty() ? text : stages.get(0).text(), clipFrom, clipIndex);
      return;
    }
    String combined = null;
    for (int i = 0; i < stages.size(); i++) {
      ComfyOptions.Stage s = stages.get(i);
      String encoder = Integer.toString(nextId[0]++);
      encode(g, encoder, s.text(), clipFrom, clipIndex);
      String range = Integer.toString(nextId[0]++);
      ObjectNode r = g.node(range, "ConditioningSetTimestepRange", "ConditioningSetTimestepRange");
      r.put("start", s.start());
      r.put("end", s.end());
      r.set("conditioning", ApiGraphs.link(encoder, 0));
      if (combined == null) {
        combined = range;
        continue;
      }
      String combine = i == stages.size() - 1 ? id : Integer.toString(nextId[0]++);
      ObjectNode c = g.node(combine, "ConditioningCombine", "Conditioning (Combine)");
      c.set("conditioning_1", ApiGraphs.link(combined, 0));
      c.set("conditioning_2", ApiGraphs.link(range, 0));
      combined = combine;
    }
  }

  private static void encode(Graph g, String id, String text, String clipFrom, int clipIndex) {
    ObjectNode in = g.node(id, "CLIPTextEncode", "CLIP Text Encode (Prompt)");
    in.put("text", text);
    in.set("clip", ApiGraphs.link(clipFrom, clipIndex));
  }

  private static void decode(Graph g, String id, String samplesFrom, String vaeFrom, int vaeIndex) {
    ObjectNode in = g.node(id, "VAEDecode", "VAE Decode");
    in.set("samples", ApiGraphs.link(samplesFrom, 0));
    in.set("vae", ApiGraphs.link(vaeFrom, vaeIndex));
  }

  private static void links(ObjectNode sampler, String model, String positive, String negative, String latent) {
    sampler.set("model", ApiGraphs.link(model, 0));
    sampler.set("positive", ApiGraphs.link(positive, 0));
    sampler.set("negative", ApiGraphs.link(negative, 0));
    sampler.set("latent_image", ApiGraphs.link(latent, 0));
  }

  /** The graph under construction; nodes keep insertion order. */
  private static final class Graph {
    final ObjectNode root = F.objectNode();

    /** Adds a node and returns its (empty) inputs object. */
    ObjectNode node(String id, String classType, String title) {
      ObjectNode node = root.putObject(id);
      ObjectNode inputs = node.putObject("inputs");
      node.put("class_type", classType);
      node.putObject("_meta").put("title", title);
      return inputs;
    }
  }
}
