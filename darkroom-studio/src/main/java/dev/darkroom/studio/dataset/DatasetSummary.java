package dev.darkroom.studio.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What {@link DatasetExport#export} wrote and left out. */
public final class DatasetSummary {
  private final DatasetFormat format;
  private final Path directory;
  private final Path imageDirectory;
  private final @Nullable Path metadataFile;
  private final int candidates;
  private final List<ExportedImage> images;
  private final List<SkippedImage> skipped;
  private final int withoutPrompt;
  private final Map<String, Integer> buckets;

  DatasetSummary(DatasetFormat format, Path directory, Path imageDirectory, @Nullable Path metadataFile, int candidates,
      List<ExportedImage> images, List<SkippedImage> skipped, int withoutPrompt, Map<String, Integer> buckets) {
    this.format = format;
    this.directory = directory;
    this.imageDirectory = imageDirectory;
    this.metadataFile = metadataFile;
    this.candidates = candidates;
    this.images = List.copyOf(images);
    this.skipped = List.copyOf(skipped);
    this.withoutPrompt = withoutPrompt;
    this.buckets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buckets));
  }

  public DatasetFormat format() {
    return format;
  }

  /** The training folder: what a trainer's data-directory setting points at. */
  public Path directory() {
    return directory;
  }

  /** Where the images are: {@code DIR/N_name} for kohya, {@code DIR} for diffusers. */
  public Path imageDirectory() {
    return imageDirectory;
  }

  /** The diffusers {@code metadata.jsonl}; empty for kohya or when nothing was exported. */
  public Optional<Path> metadataFile() {
    return Optional.ofNullable(metadataFile);
  }

  /** How many candidate images there were. */
  public int candidates() {
    return candidates;
  }

  /** The images written, in order. */
  public List<ExportedImage> images() {
    return images;
  }

  /** The images left out, in order. */
  public List<SkippedImage> skipped() {
    return skipped;
  }

  /** How many images were left out for {@code reason}. */
  public int skipped(SkippedImage.Reason reason) {
    return (int) skipped.stream().filter(s -> s.reason() == reason).count();
  }

  /** How many exported images had no known prompt to caption them from. */
  public int withoutPrompt() {
    return withoutPrompt;
  }

  /** Exported images per nearest SDXL bucket ({@code WIDTHxHEIGHT}), largest count first, then by name. */
  public Map<String, Integer> buckets() {
    return buckets;
  }

  @Override
  public String toString() {
    return "DatasetSummary{" + format.id() + " " + directory + ", " + images.size() + " of " + candidates + " images}";
  }
}
