package dev.darkroom;

import dev.darkroom.internal.grid.GridSlicer;
import dev.darkroom.internal.grid.GridSpec;
import dev.darkroom.internal.image.ImageCodec;
import dev.darkroom.internal.image.ImageFormat;
import dev.darkroom.internal.io.AtomicFiles;
import dev.darkroom.internal.io.OutputNames;
import dev.darkroom.spi.PreparedInput;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Turns raw provider images into {@link GeneratedImage}s: converts the format if asked, slices
 * grids, embeds provenance, and writes each file atomically. Without {@link SaveOptions} it only
 * slices and measures.
 */
final class ImageSaver {
  private final @Nullable SaveOptions options;
  private final String provider;
  private final java.util.function.Consumer<String> warnings;
  private final GenerationListener phases;

  ImageSaver(@Nullable SaveOptions options, String provider, java.util.function.Consumer<String> warnings) {
    this(options, provider, warnings, GenerationListener.NONE);
  }

  /** @param phases told how long re-encoding, provenance and writing took ({@link GenerationListener#onPhase}) */
  ImageSaver(@Nullable SaveOptions options, String provider, java.util.function.Consumer<String> warnings,
      GenerationListener phases) {
    this.options = options;
    this.provider = provider;
    this.warnings = warnings;
    this.phases = phases;
  }

  private void took(int call, String phase, long sinceNanos) {
    phases.onPhase(call, phase, java.time.Duration.ofNanos(System.nanoTime() - sinceNanos));
  }

  /**
   * Finishes one call's images.
   *
   * @param call 0-based call index within the request
   * @param perCall images each call of the request asks for (1 unless the provider returns several)
   * @param listener told about each file as soon as it is on disk
   */
  Generation finish(ImageRequest request, List<PreparedInput> inputs, Generation g, List<GeneratedImage> finals,
      List<GeneratedImage> thoughts, int call, int perCall, GenerationListener listener) {
    int per = Math.max(perCall, finals.size());
    int total = perCall == 1 ? request.count() * Math.max(1, finals.size())
        : Math.max(request.count(), call * per + finals.size());
    List<GeneratedImage> savedFinals = new ArrayList<>();
    for (int i = 0; i < finals.size(); i++) {
      int index = call * per + i + 1;
      savedFinals.add(finish(request, inputs, g, finals.get(i), index, total, false, call, listener));
    }
    List<GeneratedImage> savedThoughts = new ArrayList<>();
    for (int i = 0; i < thoughts.size(); i++) {
      boolean save = options != null && options.saveThoughtImages();
      savedThoughts.add(save ? finish(request, inputs, g, thoughts.get(i), i + 1, thoughts.size(), true, call, listener)
          : thoughts.get(i));
    }
    return g.withImages(savedFinals, savedThoughts);
  }

  /**
   * A streamed partial image: saved as {@code <base>[-N]-partial-K} when partials are to be saved,
   * with provenance that marks it as partial; otherwise returned as is.
   *
   * @param index the provider's 0-based partial index
   */
  GeneratedImage partial(ImageRequest request, List<PreparedInput> inputs, GeneratedImage image, int call,
      int perCall, int index, GenerationListener listener) {
    if (options == null || !options.savePartialImages()) {
      return image;
    }
    int imageIndex = call * perCall + 1;
    int total = request.count();
    Generation provisional = new Generation(request.model().id(), null, null, List.of(), List.of(), "", "",
        "partial", List.of(), List.of(), java.time.Duration.ZERO, 0, Usage.ZERO, java.math.BigDecimal.ZERO);
    String suffix = (total > 1 ? "-" + imageIndex : "") + "-partial-" + (index + 1);
    Saved saved = write(name(request, suffix, image), request, inputs, provisional, image, imageIndex, total, null,
        index, call);
    GeneratedImage result = image.saved(saved.bytes(), saved.path(), List.of());
    listener.onImageSaved(call, saved.path(), result);
    return result;
  }

  private GeneratedImage finish(ImageRequest request, List<PreparedInput> inputs, Generation g, GeneratedImage image,
      int index, int total, boolean thought, int call, GenerationListener listener) {
    GeneratedImage converted = convert(image, call);
    List<GridCell> cells = new ArrayList<>();
    boolean keptWhole = false;
    if (!thought && request.grid().isPresent()) {
      cells = slice(request, inputs, g, converted, index, total, call, listener);
      keptWhole = cells.isEmpty();
    }
    if (options != null && (thought || request.grid().isEmpty() || options.saveGridOriginal() || keptWhole)) {
      String suffix = thought ? "-thought-" + index : total > 1 ? "-" + index : "";
      Saved saved = write(name(request, suffix, converted), request, inputs, g, converted, index, total, null, null,
          call);
      GeneratedImage result = converted.saved(saved.bytes(), saved.path(), cells);
      listener.onImageSaved(call, saved.path(), result);
      return result;
    }
    return converted.saved(converted.rawBytes(), null, cells);
  }

  private List<GridCell> slice(ImageRequest request, List<PreparedInput> inputs, Generation g, GeneratedImage image,
      int index, int total, int call, GenerationListener listener) {
    Grid grid = request.grid().get();
    long sliceStart = System.nanoTime();
    BufferedImage decoded = ImageCodec.decode(image.rawBytes());
    var result = GridSlicer.slice(decoded, new GridSpec(grid.rows(), grid.cols()));
    took(call, GenerationListener.PHASE_ENCODE, sliceStart);
    if (!result.guttersDetected()) {
      boolean whole = options != null && options.gridFallback() == SaveOptions.GridFallback.WHOLE;
      warnings.accept("no gutters found in " + (total > 1 ? "image " + index : "the image") + " for the " + grid
          + " grid: " + (whole ? "kept it whole, not sliced (--grid-fallback whole)"
              : "cut it into even cells, which may split the pictures (--grid-fallback whole keeps it whole)"));
      if (whole) {
        return List.of();
      }
    }
    ImageFormat format = ImageFormat.fromMimeType(image.mimeType()).orElse(ImageFormat.PNG);
    List<GridCell> cells = new ArrayList<>();
    for (var cell : result.cells()) {
      BufferedImage crop = GridSlicer.crop(decoded, cell);
      long cellStart = System.nanoTime();
      byte[] bytes = ImageCodec.encode(crop, format, options == null ? 0.92f : options.jpegQuality());
      took(call, GenerationListener.PHASE_ENCODE, cellStart);
      GeneratedImage cellImage = new GeneratedImage(bytes, format.mimeType(), crop.getWidth(), crop.getHeight(),
          false, null, List.of());
      var r = cell.bounds();
      GridCell provisional = new GridCell(cell.row(), cell.col(), r.x, r.y, r.width, r.height, cellImage, null);
      Path path = null;
      if (options != null) {
        String suffix = (total > 1 ? "-" + index : "") + "-r" + cell.row() + "c" + cell.col();
        Saved saved = write(name(request, suffix, cellImage), request, inputs, g, cellImage, index, total, provisional,
            null, call);
        path = saved.path();
        cellImage = cellImage.saved(saved.bytes(), path, List.of());
        listener.onImageSaved(call, path, cellImage);
      }
      cells.add(new GridCell(cell.row(), cell.col(), r.x, r.y, r.width, r.height, cellImage, path));
    }
    return cells;
  }

  private GeneratedImage convert(GeneratedImage image, int call) {
    if (options == null || options.format() == OutputFormat.KEEP) {
      return image;
    }
    ImageFormat target = switch (options.format()) {
      case PNG -> ImageFormat.PNG;
      case JPEG -> ImageFormat.JPEG;
      case WEBP -> ImageFormat.WEBP;
      case KEEP -> throw new IllegalStateException();
    };
    if (target.mimeType().equals(image.mimeType())) {
      return image;
    }
    long start = System.nanoTime();
    BufferedImage decoded = ImageCodec.decode(image.rawBytes());
    byte[] bytes = ImageCodec.encode(decoded, target, options.jpegQuality());
    took(call, GenerationListener.PHASE_ENCODE, start);
    return new GeneratedImage(bytes, target.mimeType(), image.width(), image.height(), image.isThought(), null, List.of());
  }

  private Path name(ImageRequest request, String suffix, GeneratedImage image) {
    String base = options.baseName().orElseGet(() -> slug(request.prompt()));
    ImageFormat format = ImageFormat.fromMimeType(image.mimeType()).orElse(null);
    String ext = format == null ? "bin"
        : options.extension().filter(e -> ImageFormat.fromExtension(e).orElse(null) == format).orElse(format.extension());
    return OutputNames.resolveInside(options.directory(), base + suffix + "." + ext);
  }

  private record Saved(Path path, byte[] bytes) {}

  private Saved write(Path desired, ImageRequest request, List<PreparedInput> inputs, Generation g, GeneratedImage image,
      int index, int total, @Nullable GridCell cell, @Nullable Integer partial, int call) {
    byte[] bytes = image.rawBytes();
    long start = System.nanoTime();
    try {
      Provenance p = Provenance.of(request, inputs, g, image, index, total, cell, partial, Instant.now(), provider);
      bytes = p.embedInto(bytes, image.mimeType());
    } catch (IllegalArgumentException e) {
      // An image we cannot annotate is still saved: losing a paid image is worse than losing metadata.
      warnings.accept("saving " + desired.getFileName() + " without provenance: " + e.getMessage());
    }
    took(call, GenerationListener.PHASE_PROVENANCE, start);
    long writeStart = System.nanoTime();
    try {
      Saved saved = new Saved(AtomicFiles.writeNew(desired, bytes, options.overwrite()), bytes);
      took(call, GenerationListener.PHASE_SAVE, writeStart);
      return saved;
    } catch (IOException e) {
      // The image is paid for: keep it somewhere rather than lose it.
      Path rescue = Path.of(System.getProperty("java.io.tmpdir"), "darkroom-rescue-" + desired.getFileName());
      try {
        Path written = AtomicFiles.writeNew(rescue, bytes, false);
        warnings.accept("could not save " + desired + " (" + e.getMessage() + "); saved it to " + written + " instead");
        return new Saved(written, bytes);
      } catch (IOException again) {
        e.addSuppressed(again);
        throw new OutputException("cannot save the image to " + desired + " (" + e.getMessage() + ") nor to " + rescue
            + " (" + again.getMessage() + "); free disk space or choose another --output-dir", e);
      }
    }
  }

  /** A short file-name-safe stem from the first words of the prompt, e.g. {@code a-red-fox-in-snow}. */
  static String slug(String prompt) {
    String s = prompt.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-").replaceAll("(^-+|-+$)", "");
    if (s.length() > 40) {
      s = s.substring(0, 40);
      int cut = s.lastIndexOf('-');
      if (cut > 10) {
        s = s.substring(0, cut);
      }
    }
    return s.isEmpty() ? "image" : s;
  }
}
