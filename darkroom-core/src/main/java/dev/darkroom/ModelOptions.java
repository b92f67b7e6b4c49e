package dev.darkroom;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The parts of a model's table entry beyond the Gemini-style basics: pixel sizes, quality and
 * background choices, output formats, masks, partial images, images per call, which sampling and
 * safety options exist, and how output tokens are estimated. Absent fields keep Gemini's behaviour.
 */
record ModelOptions(
    List<String> sizes,
    @Nullable SizeRules customSizes,
    List<String> qualities,
    List<String> backgrounds,
    List<String> outputFormats,
    boolean outputCompression,
    List<String> moderation,
    boolean safetyIdentifier,
    boolean mask,
    int maxPartialImages,
    int maxImagesPerCall,
    boolean sampling,
    boolean safetySettings,
    boolean textOutput,
    Map<String, Map<String, Integer>> outputTokenTable,
    Map<String, Integer> outputTokenFactors) {

  ModelOptions {
    sizes = List.copyOf(sizes);
    qualities = List.copyOf(qualities);
    backgrounds = List.copyOf(backgrounds);
    outputFormats = List.copyOf(outputFormats);
    moderation = List.copyOf(moderation);
    outputTokenTable = Map.copyOf(outputTokenTable);
    outputTokenFactors = Map.copyOf(outputTokenFactors);
  }

  /** The table's defaults for an entry that says nothing: size tiers, no pixel-size choices, sampling and safety settings on. */
  static ModelOptions defaults() {
    return new ModelOptions(List.of(), null, List.of(), List.of(), List.of(), false, List.of(), false, false, 0, 1,
        true, true, true, Map.of(), Map.of());
  }
}
