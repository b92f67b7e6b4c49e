package dev.darkroom.a1111.internal;

import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * ComfyUI's sampler names ({@code comfy.samplers.KSampler.SAMPLERS}) and the A1111 sampler that runs the same
 * k-diffusion function, so a request written for one engine runs on the other.
 */
final class SamplerNames {
  private static final Map<String, String> COMFY_TO_A1111 = Map.ofEntries(
      Map.entry("euler", "Euler"),
      Map.entry("euler_ancestral", "Euler a"),
      Map.entry("heun", "Heun"),
      Map.entry("dpm_2", "DPM2"),
      Map.entry("dpm_2_ancestral", "DPM2 a"),
      Map.entry("lms", "LMS"),
      Map.entry("dpm_fast", "DPM fast"),
      Map.entry("dpm_adaptive", "DPM adaptive"),
      Map.entry("dpmpp_2s_ancestral", "DPM++ 2S a"),
      Map.entry("dpmpp_sde", "DPM++ SDE"),
      Map.entry("dpmpp_2m", "DPM++ 2M"),
      Map.entry("dpmpp_2m_sde", "DPM++ 2M SDE"),
      Map.entry("dpmpp_3m_sde", "DPM++ 3M SDE"),
      Map.entry("ddim", "DDIM"),
      Map.entry("uni_pc", "UniPC"),
      Map.entry("lcm", "LCM"));

  private SamplerNames() {}

  /** The A1111 name for a ComfyUI sampler name, or null when there is none. */
  static @Nullable String fromComfyUi(String name) {
    return COMFY_TO_A1111.get(name.toLowerCase(Locale.ROOT));
  }
}
