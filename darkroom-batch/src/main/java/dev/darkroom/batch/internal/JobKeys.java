package dev.darkroom.batch.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.darkroom.ImageRequest;
import dev.darkroom.OutputFormat;
import dev.darkroom.RequestCodec;
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
 * fully expanded request in its canonical form ({@link RequestCodec}), the input and mask digests,
 * the output path and format. Version 2: keys written by version 1 (before provider options) differ,
 * so a run journaled by an older Darkroom resumes by provenance (its finished files are adopted,
 * not paid for again), not by key. Options are in the key only when set, so a provider adding an
 * option changes no existing key.
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
    m.put("v", 2);
    m.put("provider", r.model().provider());
    m.put("request", CANONICAL.convertValue(RequestCodec.write(r), Map.class));
    m.put("inputs", List.copyOf(inputSha256));
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
