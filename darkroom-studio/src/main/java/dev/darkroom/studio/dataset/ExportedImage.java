package dev.darkroom.studio.dataset;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** One image written into a training folder, with its caption. */
public final class ExportedImage {
  private final Path image;
  private final @Nullable Path captionFile;
  private final String caption;
  private final String source;
  private final String sha256;
  private final int width;
  private final int height;
  private final String bucket;

  ExportedImage(Path image, @Nullable Path captionFile, String caption, String source, String sha256, int width,
      int height, String bucket) {
    this.image = Objects.requireNonNull(image);
    this.captionFile = captionFile;
    this.caption = caption;
    this.source = source;
    this.sha256 = sha256;
    this.width = width;
    this.height = height;
    this.bucket = bucket;
  }

  /** The copy in the training folder. */
  public Path image() {
    return image;
  }

  /** The {@code .txt} caption next to it (kohya); empty for diffusers, whose captions are in {@code metadata.jsonl}. */
  public Optional<Path> captionFile() {
    return Optional.ofNullable(captionFile);
  }

  /** The caption, one line; empty when the prompt was unknown and there is no trigger or template. */
  public String caption() {
    return caption;
  }

  /** Where the image came from, e.g. {@code history 12} or the source file's path. */
  public String source() {
    return source;
  }

  /** Lower-case hex SHA-256 of the file's bytes. */
  public String sha256() {
    return sha256;
  }

  /** Width in pixels. */
  public int width() {
    return width;
  }

  /** Height in pixels. */
  public int height() {
    return height;
  }

  /** The nearest SDXL bucket, {@code WIDTHxHEIGHT}, e.g. {@code 1216x832}. */
  public String bucket() {
    return bucket;
  }

  @Override
  public String toString() {
    return "ExportedImage{" + image + " from " + source + ", " + width + "x" + height + "}";
  }
}
