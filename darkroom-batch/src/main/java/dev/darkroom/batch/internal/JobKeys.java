package dev.darkroom.batch.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.darkroom.ImageRequest;
import dev.darkroom.OutputFormat;
import dev.darkroom.SafetySetting;
import dev.darkroom.internal.image.Digests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The stable key of a job: SHA-256 (hex) of a canonical JSON (keys sorted, no whitespace) of the
 * fully expanded request. Changing this layout changes every key, so completed jobs would run
 * again; it carries a version field for that reason. Options added later (OpenAI's quality,
 * background, output format and compression, moderation, safety identifier and mask) are included
 * only when set, so the keys of jobs that do not use them stay as they were.
 */
public final class JobKeys {
  private static final ObjectMapper CANONICAL = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private JobKeys() {}

  /** The canonical JSON the key is the digest of. */
  public static String canonicalJson(ImageRequest r, List<String> inputSha256, Path output, OutputFormat format) {
    return canonicalJson(r, inputSha256, null, output, format);
  }

  /**
   * The canonical JSON the key is the digest of.
   *
   * @param maskSha256 the SHA-256 (hex) of the mask file, or null when the request has none
   */
  public static String canonicalJson(ImageRequest r, List<String> inputSha256, @Nullable String maskSha256, Path output,
      OutputFormat format) {
    Map<String, Object> m = new TreeMap<>();
    m.put("v", 1);
    m.put("provider", r.model().provider());
    m.put("model", r.model().id());
    m.put("prompt", r.prompt());
    r.systemPrompt().filter(s -> !s.isBlank()).ifPresent(s -> m.put("systemPrompt", s));
    r.aspectRatio().ifPresent(a -> m.put("aspectRatio", a));
    m.put("imageSize", r.effectiveImageSize());
    r.size().ifPresent(s -> m.put("size", s));
    r.thinkingLevel().ifPresent(t -> m.put("thinking", t.name()));
    m.put("includeThoughts", r.includeThoughts());
    m.put("search", r.googleSearch());
    m.put("imageOnly", r.imageOnly());
    r.temperature().ifPresent(t -> m.put("temperature", t));
    r.seed().ifPresent(s -> m.put("seed", s));
    r.grid().ifPresent(g -> m.put("grid", g.rows() + "x" + g.cols()));
    List<String> safety = new ArrayList<>();
    for (SafetySetting s : r.safetySettings()) {
      safety.add(s.category().wireName() + "=" + s.threshold().name());
    }
    m.put("safety", safety);
    m.put("inputs", List.copyOf(inputSha256));
    r.quality().ifPresent(q -> m.put("quality", q));
    r.background().ifPresent(b -> m.put("background", b));
    r.outputFormat().ifPresent(f -> m.put("outputFormat", f));
    r.outputCompression().ifPresent(c -> m.put("outputCompression", c));
    r.moderation().ifPresent(mo -> m.put("moderation", mo));
    r.safetyIdentifier().ifPresent(s -> m.put("safetyIdentifier", s));
    if (maskSha256 != null) {
      m.put("mask", maskSha256);
    }
    m.put("output", output.toAbsolutePath().normalize().toString());
    m.put("format", format.name());
    try {
      return CANONICAL.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String key(ImageRequest r, List<String> inputSha256, Path output, OutputFormat format) {
    return key(r, inputSha256, null, output, format);
  }

  /** The job key: SHA-256 (hex) of {@link #canonicalJson(ImageRequest, List, String, Path, OutputFormat)}. */
  public static String key(ImageRequest r, List<String> inputSha256, @Nullable String maskSha256, Path output,
      OutputFormat format) {
    return Digests.sha256Hex(canonicalJson(r, inputSha256, maskSha256, output, format)
        .getBytes(StandardCharsets.UTF_8));
  }
}
