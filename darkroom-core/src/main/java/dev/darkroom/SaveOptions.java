package dev.darkroom;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where and how {@link Darkroom#generate(ImageRequest, SaveOptions)} writes images. Every file is
 * written atomically (temporary file, then rename) as soon as its call returns, with provenance
 * metadata embedded, before anything else happens with it.
 *
 * <p>Names: one image is {@code <dir>/<base>.<ext>}; several are {@code <base>-1.<ext>},
 * {@code <base>-2.<ext>} …; grid cells add {@code -r1c1} …; interim thought images add
 * {@code -thought-1}; streamed partial images add {@code -partial-1}. An existing file is never replaced unless {@link Builder#overwrite} is set: the
 * next free name ({@code <base>-1}, {@code -2} …) is used instead.
 *
 * <p>Defaults: current directory, base name derived from the prompt, the provider's format,
 * provenance embedded, grid originals kept, a grid without gutters cut evenly (with a warning), thought
 * and partial images not saved, JPEG quality 0.92.
 */
public final class SaveOptions {
  private final Path directory;
  private final @Nullable String baseName;
  private final OutputFormat format;
  private final boolean overwrite;
  private final boolean saveThoughtImages;
  private final boolean saveGridOriginal;
  private final boolean savePartialImages;
  private final float jpegQuality;
  private final @Nullable String extension;
  private final GridFallback gridFallback;

  /** What happens to an image cut into a grid when no gutters (cell borders) are found in it. */
  public enum GridFallback {
    /** Cut it into even cells anyway (the default), with a warning. */
    EVEN,
    /** Keep the image whole: no cells, the original is saved, with a warning. */
    WHOLE
  }

  private SaveOptions(Builder b) {
    this.gridFallback = b.gridFallback;
    this.extension = b.extension;
    this.directory = b.directory;
    this.baseName = b.baseName;
    this.format = b.format;
    this.overwrite = b.overwrite;
    this.saveThoughtImages = b.saveThoughtImages;
    this.saveGridOriginal = b.saveGridOriginal;
    this.savePartialImages = b.savePartialImages;
    this.jpegQuality = b.jpegQuality;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Saves into {@code dir} with default names. */
  public static SaveOptions toDirectory(Path dir) {
    return builder().directory(dir).build();
  }

  public Path directory() {
    return directory;
  }

  public Optional<String> baseName() {
    return Optional.ofNullable(baseName);
  }

  public OutputFormat format() {
    return format;
  }

  public boolean overwrite() {
    return overwrite;
  }

  public boolean saveThoughtImages() {
    return saveThoughtImages;
  }

  public boolean saveGridOriginal() {
    return saveGridOriginal;
  }

  /** What happens when a grid image shows no gutters; default {@link GridFallback#EVEN}. */
  public GridFallback gridFallback() {
    return gridFallback;
  }

  /** Whether streamed partial images are saved, as {@code <base>-partial-1} … (default false). */
  public boolean savePartialImages() {
    return savePartialImages;
  }

  public float jpegQuality() {
    return jpegQuality;
  }

  /** The file extension given with {@link Builder#file}, kept when it matches the saved format ({@code .jpeg} stays {@code .jpeg}). */
  public Optional<String> extension() {
    return Optional.ofNullable(extension);
  }

  /**
   * Checks that the format these options save in can hold what {@code request} asks the provider for:
   * a transparent background cannot be saved as JPEG. {@link Darkroom#generate(ImageRequest, SaveOptions)}
   * calls this before sending; a dry run can call it too.
   *
   * @throws InvalidRequestException (field {@code output}) naming the format and the ones that fit
   */
  public void check(ImageRequest request) {
    boolean alpha = request.providerOptions().map(ProviderOptions::producesTransparency).orElse(false);
    if (alpha && format == OutputFormat.JPEG) {
      String name = baseName == null ? "" : " (" + baseName + "." + (extension == null ? "jpg" : extension) + ")";
      throw new InvalidRequestException("the output file format JPEG" + name + " cannot hold the transparent"
          + " background this request asks for; save as .png or .webp, or drop the transparent background",
          "output", java.util.List.of("png", "webp"));
    }
  }

  public static final class Builder {
    private Path directory = Path.of("");
    private @Nullable String baseName;
    private OutputFormat format = OutputFormat.KEEP;
    private boolean overwrite;
    private boolean saveThoughtImages;
    private boolean saveGridOriginal = true;
    private boolean savePartialImages;
    private float jpegQuality = 0.92f;
    private @Nullable String extension;
    private GridFallback gridFallback = GridFallback.EVEN;

    /** What happens when a grid image shows no gutters; default {@link GridFallback#EVEN}. */
    public Builder gridFallback(GridFallback gridFallback) {
      this.gridFallback = Objects.requireNonNull(gridFallback, "gridFallback");
      return this;
    }

    /** The directory; a relative path is resolved against the JVM's working directory. */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** The file name without extension; null derives one from the prompt. */
    public Builder baseName(@Nullable String baseName) {
      this.baseName = baseName;
      return this;
    }

    public Builder format(OutputFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    public Builder overwrite(boolean overwrite) {
      this.overwrite = overwrite;
      return this;
    }

    public Builder saveThoughtImages(boolean saveThoughtImages) {
      this.saveThoughtImages = saveThoughtImages;
      return this;
    }

    /** Whether the unsliced image is saved next to its grid cells; default true. */
    public Builder saveGridOriginal(boolean saveGridOriginal) {
      this.saveGridOriginal = saveGridOriginal;
      return this;
    }

    /** Whether streamed partial images are saved next to the final image; default false. */
    public Builder savePartialImages(boolean savePartialImages) {
      this.savePartialImages = savePartialImages;
      return this;
    }

    /** JPEG quality, 0.0 to 1.0, used when converting to JPEG. */
    public Builder jpegQuality(float jpegQuality) {
      if (!(jpegQuality > 0f && jpegQuality <= 1f)) {
        throw new InvalidRequestException("JPEG quality " + jpegQuality + " is out of range; allowed: 0.0 (exclusive) to 1.0");
      }
      this.jpegQuality = jpegQuality;
      return this;
    }

    /**
     * Sets directory and base name from a file path, and the format from its extension when it has
     * one ({@code out/fox.jpg} → JPEG).
     */
    public Builder file(Path file) {
      Path parent = file.toAbsolutePath().getParent();
      directory(parent == null ? Path.of("") : parent);
      String name = file.getFileName().toString();
      int dot = name.lastIndexOf('.');
      if (dot > 0) {
        extension = name.substring(dot + 1);
        format = OutputFormat.parse(extension);
        name = name.substring(0, dot);
      }
      baseName = name;
      return this;
    }

    public SaveOptions build() {
      return new SaveOptions(this);
    }
  }
}
