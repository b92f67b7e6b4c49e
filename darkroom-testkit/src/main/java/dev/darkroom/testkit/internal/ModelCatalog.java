package dev.darkroom.testkit.internal;

import dev.darkroom.testkit.internal.ModelSpec.Thinking;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Google-side behaviour of the image models the fake serves. Unknown ids are "not found". */
public final class ModelCatalog {
  /** The ten ratios every image model accepts. */
  public static final List<String> TEN_RATIOS =
      List.of("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9");
  /** The ten ratios plus the extreme ones of Nano Banana 2 and 2.1. */
  public static final List<String> FOURTEEN_RATIOS = List.of(
      "1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9",
      "1:4", "4:1", "1:8", "8:1");

  private static final Map<String, ModelSpec> MODELS = new LinkedHashMap<>();

  static {
    add(new ModelSpec("gemini-2.5-flash-image", "image/png", false, false,
        sizes("1K", 1290), TEN_RATIOS, Thinking.NONE));
    add(new ModelSpec("gemini-3-pro-image", "image/jpeg", true, true,
        sizes("1K", 1120, "2K", 1120, "4K", 2000), TEN_RATIOS, Thinking.ALWAYS));
    add(new ModelSpec("gemini-3.1-flash-image", "image/jpeg", true, true,
        sizes("512", 747, "1K", 1120, "2K", 1680, "4K", 2520), FOURTEEN_RATIOS, Thinking.LEVELS));
    add(new ModelSpec("gemini-3.1-flash-lite-image", "image/jpeg", true, true,
        sizes("1K", 1290), TEN_RATIOS, Thinking.NONE));
    add(new ModelSpec("gemini-nano-banana-2.1", "image/jpeg", true, true,
        sizes("1K", 1120, "2K", 1680, "4K", 2520), FOURTEEN_RATIOS, Thinking.LEVELS));
  }

  private ModelCatalog() {}

  /** The model with this id (without any {@code models/} prefix), if the service offers it. */
  public static Optional<ModelSpec> find(String id) {
    return Optional.ofNullable(MODELS.get(id));
  }

  /** Ids of all served models. */
  public static List<String> ids() {
    return List.copyOf(MODELS.keySet());
  }

  private static void add(ModelSpec spec) {
    MODELS.put(spec.id(), spec);
  }

  private static Map<String, Integer> sizes(Object... sizeThenTokens) {
    Map<String, Integer> map = new LinkedHashMap<>();
    for (int i = 0; i < sizeThenTokens.length; i += 2) {
      map.put((String) sizeThenTokens[i], (Integer) sizeThenTokens[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
