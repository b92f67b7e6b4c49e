package dev.darkroom.a1111.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one engine offers, as its discovery routes list it. Lists a call did not need are empty.
 *
 * @param checkpoints {@code /sdapi/v1/sd-models}
 * @param loras {@code /sdapi/v1/loras}: names and aliases
 * @param embeddings the loaded ones of {@code /sdapi/v1/embeddings}
 * @param samplers {@code /sdapi/v1/samplers} names
 * @param schedulers {@code /sdapi/v1/schedulers}: name and label
 * @param vaes {@code /sdapi/v1/sd-vae} model names
 */
public record Inventory(List<Checkpoint> checkpoints, List<Lora> loras, List<String> embeddings, List<String> samplers,
    List<Scheduler> schedulers, List<String> vaes) {

  /** One checkpoint: {@code title} ({@code sd_xl_base_1.0.safetensors [31e35c80fc]}), model name, file name, hash. */
  public record Checkpoint(String title, String modelName, String fileName, String hash) {
    /** Whether A1111 would take {@code name} for this checkpoint (title, model name, file name or hash). */
    boolean matches(String name) {
      return name.equals(title) || name.equals(modelName) || name.equals(fileName)
          || (!hash.isEmpty() && name.equals(hash)) || name.equals(titleWithoutHash());
    }

    String titleWithoutHash() {
      int bracket = title.lastIndexOf(" [");
      return bracket > 0 ? title.substring(0, bracket) : title;
    }
  }

  /** One LoRA: the name A1111 matches in {@code <lora:name:…>} and its alias. */
  public record Lora(String name, String alias) {}

  /** One scheduler: its name ({@code karras}) and label ({@code Karras}); A1111 takes either. */
  public record Scheduler(String name, String label) {}

  /** The checkpoint A1111 would load for {@code name}. */
  public Optional<Checkpoint> checkpoint(String name) {
    return checkpoints.stream().filter(c -> c.matches(name)).findFirst();
  }

  /** The LoRA name for {@code wanted}: its name or alias, else the file stem of a file name or path. */
  public Optional<String> lora(String wanted) {
    for (String candidate : List.of(wanted, stem(wanted))) {
      for (Lora l : loras) {
        if (l.name().equals(candidate) || l.alias().equals(candidate)) {
          return Optional.of(l.name());
        }
      }
    }
    return Optional.empty();
  }

  /** The sampler name for {@code wanted}: exact, case-insensitive, or a ComfyUI sampler name's A1111 equivalent. */
  public Optional<String> sampler(String wanted) {
    if (samplers.contains(wanted)) {
      return Optional.of(wanted);
    }
    for (String s : samplers) {
      if (s.equalsIgnoreCase(wanted)) {
        return Optional.of(s);
      }
    }
    String translated = SamplerNames.fromComfyUi(wanted);
    return translated != null && samplers.contains(translated) ? Optional.of(translated) : Optional.empty();
  }

  /** The scheduler label for {@code wanted}, matched by name or label, ignoring case. */
  public Optional<String> scheduler(String wanted) {
    for (Scheduler s : schedulers) {
      if (s.name().equalsIgnoreCase(wanted) || s.label().equalsIgnoreCase(wanted)) {
        return Optional.of(s.label());
      }
    }
    return Optional.empty();
  }

  /** The loaded embedding for {@code wanted} (also by file stem). */
  public Optional<String> embedding(String wanted) {
    for (String candidate : List.of(wanted, stem(wanted))) {
      if (embeddings.contains(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The VAE for {@code wanted}: a listed name, or {@code Automatic} / {@code None} (A1111's special values). */
  public Optional<String> vae(String wanted) {
    if (wanted.equals("Automatic") || wanted.equals("None") || vaes.contains(wanted)) {
      return Optional.of(wanted);
    }
    return vaes.stream().filter(v -> stem(v).equals(wanted)).findFirst();
  }

  /** By kind, for {@code darkroom models --provider a1111}: checkpoint names usable as {@code a1111:<name>}. */
  public Map<String, List<String>> asMap() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("checkpoints", sorted(checkpoints.stream().map(Checkpoint::modelName).toList()));
    m.put("loras", sorted(loras.stream().map(Lora::name).toList()));
    m.put("embeddings", sorted(embeddings));
    m.put("vaes", sorted(vaes));
    m.put("samplers", List.copyOf(samplers));
    m.put("schedulers", schedulers.stream().map(Scheduler::name).toList());
    return m;
  }

  static String stem(String file) {
    String base = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
    String lower = base.toLowerCase(Locale.ROOT);
    for (String ext : List.of(".safetensors", ".ckpt", ".pt", ".bin", ".pth")) {
      if (lower.endsWith(ext)) {
        return base.substring(0, base.length() - ext.length());
      }
    }
    return base;
  }

  private static List<String> sorted(List<String> in) {
    List<String> out = new ArrayList<>(in);
    out.sort(String.CASE_INSENSITIVE_ORDER);
    return List.copyOf(out);
  }
}
