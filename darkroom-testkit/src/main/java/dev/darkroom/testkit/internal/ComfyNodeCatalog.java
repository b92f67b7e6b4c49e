package dev.darkroom.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The core node classes an SDXL pipeline uses (and the conditioning nodes that schedule a prompt), with
 * the inputs, defaults, ranges and allowed values that ComfyUI 0.33's {@code nodes.py},
 * {@code comfy_extras/nodes_clip_sdxl.py} and {@code comfy/samplers.py} declare. Model-file combos come from the folders the caller passes.
 */
public final class ComfyNodeCatalog {
  /** ComfyUI's {@code MAX_RESOLUTION}. */
  public static final int MAX_RESOLUTION = 16384;
  /** Largest seed: {@code 0xffffffffffffffff}. */
  public static final BigInteger MAX_SEED = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  /** Sampler names of {@code comfy.samplers.KSampler.SAMPLERS}, in ComfyUI's order. */
  public static final List<String> SAMPLERS = List.of("euler", "euler_cfg_pp", "euler_ancestral",
      "euler_ancestral_cfg_pp", "heun", "heunpp2", "exp_heun_2_x0", "exp_heun_2_x0_sde", "dpm_2",
      "dpm_2_ancestral", "lms", "dpm_fast", "dpm_adaptive", "dpmpp_2s_ancestral",
      "dpmpp_2s_ancestral_cfg_pp", "dpmpp_sde", "dpmpp_sde_gpu", "dpmpp_2m", "dpmpp_2m_cfg_pp",
      "dpmpp_2m_sde", "dpmpp_2m_sde_gpu", "dpmpp_2m_sde_heun", "dpmpp_2m_sde_heun_gpu",
      "dpmpp_3m_sde", "dpmpp_3m_sde_gpu", "ddpm", "lcm", "ipndm", "ipndm_v", "deis",
      "res_multistep", "res_multistep_cfg_pp", "res_multistep_ancestral",
      "res_multistep_ancestral_cfg_pp", "gradient_estimation", "gradient_estimation_cfg_pp",
      "er_sde", "seeds_2", "seeds_3", "sa_solver", "sa_solver_pece", "ddim", "uni_pc", "uni_pc_bh2");

  /** Scheduler names of {@code comfy.samplers.KSampler.SCHEDULERS}, in ComfyUI's order. */
  public static final List<String> SCHEDULERS = List.of("simple", "sgm_uniform", "karras",
      "exponential", "ddim_uniform", "beta", "normal", "linear_quadratic", "kl_optimal");

  private ComfyNodeCatalog() {}

  /**
   * The node classes, keyed by class name, in {@code /object_info} order.
   *
   * @param checkpoints file names in {@code models/checkpoints}
   * @param loras       file names in {@code models/loras}
   * @param vaes        file names in {@code models/vae}
   * @param inputImages file names in the {@code input} directory
   */
  public static Map<String, ComfyNodeDef> nodes(Collection<String> checkpoints,
      Collection<String> loras, Collection<String> vaes, Collection<String> inputImages) {
    Map<String, ComfyNodeDef> nodes = new LinkedHashMap<>();
    List<String> vaeChoices = new ArrayList<>(vaes);
    vaeChoices.add("pixel_space");
    List<String> images = inputImages.stream().sorted().toList();

    add(nodes, node("KSampler", "KSampler", "model/sampling",
        "Uses the provided model, positive and negative conditioning to denoise the latent image.",
        List.of(link("model", "MODEL"), seed("seed"), intIn("steps", 20, 1, 10000, null),
            cfg(), combo("sampler_name", SAMPLERS), combo("scheduler", SCHEDULERS),
            link("positive", "CONDITIONING"), link("negative", "CONDITIONING"),
            link("latent_image", "LATENT"),
            floatIn("denoise", 1.0, 0.0, 1.0, 0.01)),
        List.of("LATENT")));
    add(nodes, node("CheckpointLoaderSimple", "Load Checkpoint", "model/loaders",
        "Loads a diffusion model checkpoint, diffusion models are used to denoise latents.",
        List.of(combo("ckpt_name", checkpoints)), List.of("MODEL", "CLIP", "VAE")));
    add(nodes, node("CLIPTextEncode", "CLIP Text Encode (Prompt)", "model/conditioning",
        "Encodes a text prompt using a CLIP model into an embedding that can be used to guide the "
            + "diffusion model towards generating specific images.",
        List.of(text("text"), link("clip", "CLIP")), List.of("CONDITIONING")));
    add(nodes, node("ConditioningCombine", "Conditioning (Combine)", "conditioning", "",
        List.of(link("conditioning_1", "CONDITIONING"), link("conditioning_2", "CONDITIONING")),
        List.of("CONDITIONING")));
    add(nodes, node("ConditioningSetTimestepRange", "ConditioningSetTimestepRange", "advanced/conditioning", "",
        List.of(link("conditioning", "CONDITIONING"), floatIn("start", 0.0, 0.0, 1.0, 0.001),
            floatIn("end", 1.0, 0.0, 1.0, 0.001)),
        List.of("CONDITIONING")));
    add(nodes, node("VAEDecode", "VAE Decode", "model/latent",
        "Decodes latent images back into pixel space images.",
        List.of(link("samples", "LATENT"), link("vae", "VAE")), List.of("IMAGE")));
    add(nodes, node("VAEEncode", "VAE Encode", "model/latent", "",
        List.of(link("pixels", "IMAGE"), link("vae", "VAE")), List.of("LATENT")));
    add(nodes, node("VAELoader", "Load VAE", "model/loaders", "",
        List.of(combo("vae_name", vaeChoices)), List.of("VAE")));
    add(nodes, node("EmptyLatentImage", "Empty Latent Image", "model/latent",
        "Create a new batch of empty latent images to be denoised via sampling.",
        List.of(intIn("width", 512, 16, MAX_RESOLUTION, 8), intIn("height", 512, 16, MAX_RESOLUTION, 8),
            intIn("batch_size", 1, 1, 4096, null)),
        List.of("LATENT")));
    add(nodes, node("LatentUpscale", "Upscale Latent", "model/latent", "",
        List.of(link("samples", "LATENT"),
            combo("upscale_method", List.of("nearest-exact", "bilinear", "area", "bicubic", "bislerp")),
            intIn("width", 512, 0, MAX_RESOLUTION, 8), intIn("height", 512, 0, MAX_RESOLUTION, 8),
            combo("crop", List.of("disabled", "center"))),
        List.of("LATENT")));
    ComfyNodeDef save = node("SaveImage", "Save Image", "image",
        "Saves the input images to your ComfyUI output directory.",
        List.of(link("images", "IMAGE"), stringIn("filename_prefix", "ComfyUI"),
            hidden("prompt", "PROMPT"), hidden("extra_pnginfo", "EXTRA_PNGINFO")),
        List.of("IMAGE"));
    add(nodes, new ComfyNodeDef(save.name(), save.displayName(), save.category(), "nodes",
        save.description(), save.inputs(), List.of("IMAGE"), List.of("images"), true));
    add(nodes, new ComfyNodeDef("PreviewImage", "Preview Image", "image", "nodes",
        "Preview the images without saving them to the ComfyUI output directory.",
        List.of(link("images", "IMAGE"), hidden("prompt", "PROMPT"),
            hidden("extra_pnginfo", "EXTRA_PNGINFO")),
        List.of("IMAGE"), List.of("images"), true));
    ObjectNode upload = Json.object().put("image_upload", true);
    add(nodes, node("LoadImage", "Load Image", "image", "",
        List.of(new ComfyNodeDef.Input("image", "required", array(images), upload)),
        List.of("IMAGE", "MASK")));
    add(nodes, node("ImageScale", "Upscale Image", "image/upscaling", "",
        List.of(link("image", "IMAGE"),
            combo("upscale_method", List.of("nearest-exact", "bilinear", "area", "bicubic", "lanczos")),
            intIn("width", 512, 0, MAX_RESOLUTION, 1), intIn("height", 512, 0, MAX_RESOLUTION, 1),
            combo("crop", List.of("disabled", "center"))),
        List.of("IMAGE")));
    ObjectNode advanced = Json.object().put("advanced", true);
    add(nodes, node("KSamplerAdvanced", "KSampler (Advanced)", "model/sampling", "",
        List.of(link("model", "MODEL"),
            new ComfyNodeDef.Input("add_noise", "required", array(List.of("enable", "disable")), advanced),
            seed("noise_seed"), intIn("steps", 20, 1, 10000, null), cfg(),
            combo("sampler_name", SAMPLERS), combo("scheduler", SCHEDULERS),
            link("positive", "CONDITIONING"), link("negative", "CONDITIONING"),
            link("latent_image", "LATENT"),
            advanced(intIn("start_at_step", 0, 0, 10000, null)),
            advanced(intIn("end_at_step", 10000, 0, 10000, null)),
            new ComfyNodeDef.Input("return_with_leftover_noise", "required",
                array(List.of("disable", "enable")), advanced)),
        List.of("LATENT")));
    add(nodes, node("LoraLoader", "Load LoRA (Model and CLIP)", "model/loaders",
        "This LoRA loader is used to modify both diffusion and CLIP models, altering the way in which "
            + "latents are denoised such as applying styles. Multiple LoRA nodes can be linked together.",
        List.of(link("model", "MODEL"), link("clip", "CLIP"), combo("lora_name", loras),
            floatIn("strength_model", 1.0, -100.0, 100.0, 0.01),
            floatIn("strength_clip", 1.0, -100.0, 100.0, 0.01)),
        List.of("MODEL", "CLIP")));
    add(nodes, new ComfyNodeDef("CLIPTextEncodeSDXLRefiner", "CLIP Text Encode (SDXL Refiner)",
        "model/conditioning/stable diffusion", "comfy_extras.nodes_clip_sdxl", "",
        List.of(floatIn("ascore", 6.0, 0.0, 1000.0, 0.01), intIn("width", 1024, 0, MAX_RESOLUTION, null),
            intIn("height", 1024, 0, MAX_RESOLUTION, null), text("text"), link("clip", "CLIP")),
        List.of("CONDITIONING"), List.of("CONDITIONING"), false));
    add(nodes, new ComfyNodeDef("CLIPTextEncodeSDXL", "CLIP Text Encode (SDXL)",
        "model/conditioning/stable diffusion", "comfy_extras.nodes_clip_sdxl", "",
        List.of(link("clip", "CLIP"), intIn("width", 1024, 0, MAX_RESOLUTION, null),
            intIn("height", 1024, 0, MAX_RESOLUTION, null),
            advanced(intIn("crop_w", 0, 0, MAX_RESOLUTION, null)),
            advanced(intIn("crop_h", 0, 0, MAX_RESOLUTION, null)),
            intIn("target_width", 1024, 0, MAX_RESOLUTION, null),
            intIn("target_height", 1024, 0, MAX_RESOLUTION, null), text("text_g"), text("text_l")),
        List.of("CONDITIONING"), List.of("CONDITIONING"), false));
    return nodes;
  }

  private static void add(Map<String, ComfyNodeDef> nodes, ComfyNodeDef node) {
    nodes.put(node.name(), node);
  }

  private static ComfyNodeDef node(String name, String display, String category, String description,
      List<ComfyNodeDef.Input> inputs, List<String> outputs) {
    return new ComfyNodeDef(name, display, category, "nodes", description, inputs, outputs, outputs,
        false);
  }

  private static ComfyNodeDef.Input link(String name, String type) {
    return new ComfyNodeDef.Input(name, "required", Json.NODES.textNode(type), Json.object());
  }

  private static ComfyNodeDef.Input hidden(String name, String type) {
    return new ComfyNodeDef.Input(name, "hidden", Json.NODES.textNode(type), Json.object());
  }

  private static ComfyNodeDef.Input combo(String name, Collection<String> values) {
    return new ComfyNodeDef.Input(name, "required", array(values), Json.object());
  }

  private static ComfyNodeDef.Input text(String name) {
    ObjectNode options = Json.object().put("multiline", true).put("dynamicPrompts", true);
    return new ComfyNodeDef.Input(name, "required", Json.NODES.textNode("STRING"), options);
  }

  private static ComfyNodeDef.Input stringIn(String name, String defaultValue) {
    ObjectNode options = Json.object().put("default", defaultValue);
    return new ComfyNodeDef.Input(name, "required", Json.NODES.textNode("STRING"), options);
  }

  private static ComfyNodeDef.Input intIn(String name, int def, int min, int max, Integer step) {
    ObjectNode options = Json.object().put("default", def).put("min", min).put("max", max);
    if (step != null) {
      options.put("step", step);
    }
    return new ComfyNodeDef.Input(name, "required", Json.NODES.textNode("INT"), options);
  }

  private static ComfyNodeDef.Input seed(String name) {
    ObjectNode options = Json.object().put("default", 0).put("min", 0).put("max", MAX_SEED)
        .put("control_after_generate", true);
    return new ComfyNodeDef.Input(name, "required", Json.NODES.textNode("INT"), options);
  }

  private static ComfyNodeDef.Input cfg() {
    ComfyNodeDef.Input cfg = floatIn("cfg", 8.0, 0.0, 100.0, 0.1);
    cfg.options().put("round", 0.01);
    return cfg;
  }

  private static ComfyNodeDef.Input floatIn(String name, double def, double min, double max, double step) {
    ObjectNode options = Json.object().put("default", def).put("min", min).put("max", max)
        .put("step", step);
    return new ComfyNodeDef.Input(name, "required", Json.NODES.textNode("FLOAT"), options);
  }

  private static ComfyNodeDef.Input advanced(ComfyNodeDef.Input input) {
    input.options().put("advanced", true);
    return input;
  }

  private static JsonNode array(Collection<String> values) {
    ArrayNode array = Json.NODES.arrayNode();
    values.forEach(array::add);
    return array;
  }
}
