package dev.darkroom.spi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.ModelInfo;
import java.util.List;
import java.util.Objects;

/**
 * The model a local engine serves for one of its checkpoints ({@code comfyui:sd_xl_base_1.0.safetensors}),
 * for {@link ImageProvider#resolveModel}: free, seeded, pixel sizes in multiples of 8 with SDXL's native
 * sizes as the presets aspect ratios map onto ({@code 16:9} is 1344x768), one input image (img2img), up to
 * 64 images a request, PNG out. Engines differ only in their size limits and mask support.
 */
public final class LocalModel {
  /** SDXL's native sizes (its training buckets). */
  public static final List<String> SDXL_SIZES = List.of("1024x1024", "1152x896", "896x1152", "1216x832",
      "832x1216", "1344x768", "768x1344", "1536x640", "640x1536");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String modelId;
  private final String provider;
  private final String name;
  private int maxEdge = 16384;
  private long minPixels = 64 * 64;
  private double maxAspectRatio = 16.0;
  private boolean mask;

  private LocalModel(String modelId, String provider, String name) {
    this.modelId = Objects.requireNonNull(modelId, "modelId");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * @param modelId the full id, e.g. {@code comfyui:sd_xl_base_1.0.safetensors}
   * @param name shown in tables and captions, e.g. {@code ComfyUI sd_xl_base_1.0.safetensors}
   */
  public static LocalModel of(String modelId, String provider, String name) {
    return new LocalModel(modelId, provider, name);
  }

  /** The longest side the engine takes, in pixels; default 16384. */
  public LocalModel maxEdge(int pixels) {
    this.maxEdge = pixels;
    return this;
  }

  /** The fewest pixels the engine takes; default 64x64. */
  public LocalModel minPixels(long pixels) {
    this.minPixels = pixels;
    return this;
  }

  /** The widest aspect ratio the engine takes (long side over short); default 16. */
  public LocalModel maxAspectRatio(double ratio) {
    this.maxAspectRatio = ratio;
    return this;
  }

  /** Whether the engine takes an inpainting mask; default no. */
  public LocalModel mask(boolean mask) {
    this.mask = mask;
    return this;
  }

  /** The model-table entry these settings describe. */
  public ModelInfo build() {
    ObjectNode m = JSON.createObjectNode();
    m.put("id", modelId);
    m.put("provider", provider);
    m.put("name", name);
    m.put("tier", "local");
    m.put("status", "ga");
    SDXL_SIZES.forEach(m.putArray("sizes")::add);
    m.put("defaultSize", "1024x1024");
    ObjectNode custom = m.putObject("customSizes");
    custom.put("multipleOf", 8);
    custom.put("maxEdge", maxEdge);
    custom.put("minPixels", minPixels);
    custom.put("maxPixels", (long) maxEdge * maxEdge);
    custom.put("maxAspectRatio", maxAspectRatio);
    m.put("mapToPresets", true);
    m.put("maxInputImages", 1);
    m.put("mask", mask);
    m.put("partialImages", 0);
    m.put("maxImagesPerCall", 64);
    m.put("sampling", true);
    m.put("safetySettings", false);
    m.put("textOutput", false);
    m.put("imageSizeParameter", false);
    m.put("outputMimeType", "image/png");
    ObjectNode pricing = m.putObject("pricing");
    pricing.put("inputPerMillion", 0);
    pricing.put("textOutputPerMillion", 0);
    pricing.put("imageOutputPerMillion", 0);
    pricing.put("batchDiscount", 0);
    pricing.put("confirmed", true);
    return ModelInfo.fromTableEntry(m, provider + " provider");
  }
}
