package dev.darkroom.a1111.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.a1111.A1111Options;
import dev.darkroom.spi.PreparedInput;
import dev.darkroom.spi.ProviderCall;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/**
 * Writes the {@code txt2img} / {@code img2img} body for a call, with the engine's own spellings of the names
 * ({@link Resolved}); A1111's request models are generated from its {@code StableDiffusionProcessing} classes, so
 * every key here is one of their fields.
 */
final class Payload {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The names as the engine spells them; for dry runs, the names as given.
   *
   * @param prompt the prompt with {@code embedding:name} references rewritten to bare names
   * @param negative the negative prompt, likewise
   */
  record Resolved(String checkpoint, @Nullable String refiner, List<A1111Options.Lora> loras, @Nullable String sampler,
      @Nullable String scheduler, @Nullable String vae, String prompt, String negative) {}

  private Payload() {}

  static boolean isImg2Img(ProviderCall call) {
    return !call.inputs().isEmpty();
  }

  static String route(ProviderCall call) {
    return isImg2Img(call) ? "img2img" : "txt2img";
  }

  /** The names as the request gives them (nothing resolved against an engine), for dry runs. */
  static Resolved unresolved(ProviderCall call) {
    ImageRequest r = call.request();
    A1111Options o = A1111Options.of(r);
    return new Resolved(checkpointOf(r), o.refiner().orElse(null), o.loras(), o.sampler().orElse(null),
        o.scheduler().orElse(null), o.vae().orElse(null), r.prompt(), o.negativePrompt());
  }

  static String checkpointOf(ImageRequest request) {
    String id = request.model().id();
    return id.substring(id.indexOf(':') + 1);
  }

  /**
   * The body.
   *
   * @param withImages false to elide image payloads (dry runs), replaced by a note of their size
   */
  static ObjectNode body(ProviderCall call, Resolved names, boolean withImages) {
    ImageRequest r = call.request();
    A1111Options o = A1111Options.of(r);
    ObjectNode b = JSON.createObjectNode();
    StringBuilder prompt = new StringBuilder(names.prompt());
    for (A1111Options.Lora l : names.loras()) {
      prompt.append(prompt.length() == 0 ? "" : " ").append(tag(l));
    }
    b.put("prompt", prompt.toString());
    b.put("negative_prompt", names.negative());
    b.put("seed", r.seed().orElse(-1L));
    int[] size = size(r);
    b.put("width", size[0]);
    b.put("height", size[1]);
    b.put("batch_size", Math.max(1, call.imageCount()));
    b.put("n_iter", 1);
    o.steps().ifPresent(s -> b.put("steps", s));
    o.cfg().ifPresent(c -> b.put("cfg_scale", c));
    if (names.sampler() != null) {
      b.put("sampler_name", names.sampler());
    }
    if (names.scheduler() != null) {
      b.put("scheduler", names.scheduler());
    }
    if (names.refiner() != null) {
      b.put("refiner_checkpoint", names.refiner());
      b.put("refiner_switch_at", o.refinerSwitch());
    }
    ObjectNode overrides = b.putObject("override_settings");
    overrides.put("sd_model_checkpoint", names.checkpoint());
    if (names.vae() != null) {
      overrides.put("sd_vae", names.vae());
    }
    b.put("override_settings_restore_afterwards", true);
    if (isImg2Img(call)) {
      PreparedInput init = call.inputs().get(0);
      b.putArray("init_images").add(withImages ? Base64.getEncoder().encodeToString(init.bytes())
          : "(" + init.bytes().length + " bytes of " + init.mimeType() + ")");
      b.put("denoising_strength", o.denoise().orElse(A1111Options.DEFAULT_IMG2IMG_DENOISE));
      PreparedInput mask = call.mask();
      if (mask != null) {
        b.put("mask", withImages ? Base64.getEncoder().encodeToString(inpaintMask(mask.bytes()))
            : "(mask " + mask.width() + "x" + mask.height() + ", transparent areas are redrawn)");
      }
      b.put("include_init_images", false);
    }
    b.put("send_images", true);
    b.put("save_images", false);
    return b;
  }

  /** {@code <lora:name:w>}, or {@code <lora:name:unet=M:te=C>} when the model and CLIP weights differ. */
  static String tag(A1111Options.Lora l) {
    if (l.modelWeight() == l.clipWeight()) {
      return "<lora:" + l.name() + ":" + num(l.modelWeight()) + ">";
    }
    return "<lora:" + l.name() + ":unet=" + num(l.modelWeight()) + ":te=" + num(l.clipWeight()) + ">";
  }

  /**
   * Darkroom's masks are transparent where the image is redrawn (OpenAI's convention); A1111's are white where it
   * is. The mask becomes black and white: alpha below half is white.
   */
  static byte[] inpaintMask(byte[] png) {
    try {
      BufferedImage in = ImageIO.read(new ByteArrayInputStream(png));
      if (in == null) {
        throw new InvalidRequestException("the mask is not a readable image", "mask", List.of());
      }
      BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
      boolean alpha = in.getColorModel().hasAlpha();
      for (int y = 0; y < in.getHeight(); y++) {
        for (int x = 0; x < in.getWidth(); x++) {
          int argb = in.getRGB(x, y);
          boolean redraw = alpha ? (argb >>> 24) < 128 : (argb & 0xFF) >= 128;
          out.setRGB(x, y, redraw ? 0xFFFFFFFF : 0xFF000000);
        }
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ImageIO.write(out, "png", bytes);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new InvalidRequestException("the mask cannot be converted for A1111: " + e.getMessage(), "mask", List.of());
    }
  }

  private static int[] size(ImageRequest r) {
    String s = r.size().orElse(r.effectiveImageSize()).toLowerCase(Locale.ROOT);
    int x = s.indexOf('x');
    if (x > 0) {
      try {
        return new int[] {Integer.parseInt(s.substring(0, x).trim()), Integer.parseInt(s.substring(x + 1).trim())};
      } catch (NumberFormatException e) {
        // falls through to the default
      }
    }
    return new int[] {1024, 1024};
  }

  private static String num(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
