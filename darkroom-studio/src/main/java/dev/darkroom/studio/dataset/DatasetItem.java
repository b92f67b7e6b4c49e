package dev.darkroom.studio.dataset;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One candidate image for a training set: the file, the prompt it was made from (when known) and a
 * short description of where it came from, such as {@code history 12} or a file path.
 */
public final class DatasetItem {
  private final Path image;
  private final @Nullable String prompt;
  private final String source;

  private DatasetItem(Path image, @Nullable String prompt, String source) {
    this.image = Objects.requireNonNull(image, "image");
    this.prompt = prompt == null || prompt.isBlank() ? null : prompt;
    this.source = Objects.requireNonNull(source, "source");
  }

  /**
   * An item for {@code image}.
   *
   * @param prompt the prompt that made it; null or blank when unknown
   * @param source where it came from, for reports
   */
  public static DatasetItem of(Path image, @Nullable String prompt, String source) {
    return new DatasetItem(image, prompt, source);
  }

  public Path image() {
    return image;
  }

  /** The prompt that made the image, when known. */
  public Optional<String> prompt() {
    return Optional.ofNullable(prompt);
  }

  /** Where the item came from, e.g. {@code history 12} or a file path. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "DatasetItem{" + source + ", " + image + "}";
  }
}
