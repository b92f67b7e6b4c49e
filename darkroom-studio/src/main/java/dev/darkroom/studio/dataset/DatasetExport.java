package dev.darkroom.studio.dataset;

import dev.darkroom.OutputException;
import dev.darkroom.internal.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Turns generated images into a LoRA or textual-inversion training folder.
 *
 * <pre>{@code
 * List<DatasetItem> items = DatasetSources.fromHistory(history, HistoryQuery.builder().runId(run).limit(10_000).build());
 * DatasetSummary s = DatasetExport.builder().directory(Path.of("train")).format(DatasetFormat.KOHYA)
 *     .name("wrong").repeats(10).trigger("wrong").minSize(512).build().export(items);
 * // train/10_wrong/0001.png + 0001.txt, ...
 * }</pre>
 *
 * <p>Captions are the recorded prompts on one line, or a {@linkplain Builder#template template} with
 * {@code {name}} and {@code {prompt}}; a {@linkplain Builder#trigger trigger word} goes in front. Images
 * are copied (sources are never moved, changed or deleted) and numbered {@code 0001.png},
 * {@code 0002.jpg}, ... keeping their format. Each is written atomically and never over an existing
 * file: the export refuses an image folder that already holds anything. Images whose bytes repeat an
 * earlier one (by SHA-256), whose shorter side is below {@link Builder#minSize} or that cannot be
 * read are skipped and listed in the {@link DatasetSummary}, with the SDXL bucket counts.
 *
 * <p>Immutable and thread-safe, but two exports into the same folder at once are not supported.
 */
public final class DatasetExport {
  /** The name of the diffusers captions file. */
  public static final String METADATA_FILE = "metadata.jsonl";
  /** The largest {@link Builder#repeats}. */
  public static final int MAX_REPEATS = 10_000;

  private final Path directory;
  private final DatasetFormat format;
  private final String name;
  private final int repeats;
  private final int minSize;
  private final CaptionTemplate captions;

  private DatasetExport(Builder b) {
    this.directory = Objects.requireNonNull(b.directory, "directory: call Builder.directory(Path)").toAbsolutePath().normalize();
    this.format = b.format;
    this.name = b.name;
    this.repeats = b.repeats;
    this.minSize = b.minSize;
    this.captions = new CaptionTemplate(b.template, b.name, b.trigger);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Where the images go: {@code DIR/N_name} for kohya, {@code DIR} for diffusers. */
  public Path imageDirectory() {
    return format == DatasetFormat.KOHYA ? directory.resolve(repeats + "_" + name) : directory;
  }

  /**
   * Copies {@code items} into the training folder, in order, and captions them.
   *
   * @throws IllegalArgumentException if the image folder already holds files (nothing is written)
   * @throws OutputException if a file cannot be written; files already written stay
   */
  public DatasetSummary export(List<DatasetItem> items) {
    Path images = imageDirectory();
    requireEmpty(images);
    List<ExportedImage> exported = new ArrayList<>();
    List<SkippedImage> skipped = new ArrayList<>();
    Map<String, Path> seen = new HashMap<>();
    List<String> metadata = new ArrayList<>();
    int withoutPrompt = 0;
    int digits = Math.max(4, String.valueOf(items.size()).length());
    for (DatasetItem item : items) {
      Optional<ImageFacts> read = read(item.image());
      if (read.isEmpty()) {
        String why = Files.isRegularFile(item.image()) ? "not a readable image" : "file not found";
        skipped.add(new SkippedImage(item.image(), item.source(), SkippedImage.Reason.UNREADABLE, why));
        continue;
      }
      ImageFacts facts = read.get();
      Path earlier = seen.get(facts.sha256());
      if (earlier != null) {
        skipped.add(new SkippedImage(item.image(), item.source(), SkippedImage.Reason.DUPLICATE,
            "same bytes as " + earlier.getFileName()));
        continue;
      }
      if (Math.min(facts.width(), facts.height()) < minSize) {
        skipped.add(new SkippedImage(item.image(), item.source(), SkippedImage.Reason.TOO_SMALL,
            facts.width() + "x" + facts.height() + ", under " + minSize + " px"));
        continue;
      }
      String caption = captions.caption(item.prompt().orElse(null));
      withoutPrompt += item.prompt().isEmpty() ? 1 : 0;
      String number = String.format(java.util.Locale.ROOT, "%0" + digits + "d", exported.size() + 1);
      Path image = write(images.resolve(number + "." + DatasetSources.extension(item.image())), facts.bytes());
      Path captionFile = null;
      if (format == DatasetFormat.KOHYA) {
        captionFile = write(images.resolve(DatasetSources.stem(image) + ".txt"), caption.getBytes(StandardCharsets.UTF_8));
      } else {
        metadata.add(MetadataLine.of(image.getFileName().toString(), caption));
      }
      seen.put(facts.sha256(), image);
      exported.add(new ExportedImage(image, captionFile, caption, item.source(), facts.sha256(), facts.width(),
          facts.height(), SdxlBuckets.nearest(facts.width(), facts.height())));
    }
    Path metadataFile = null;
    if (format == DatasetFormat.DIFFUSERS && !exported.isEmpty()) {
      metadataFile = write(images.resolve(METADATA_FILE), String.join("", metadata).getBytes(StandardCharsets.UTF_8));
    }
    return new DatasetSummary(format, directory, images, metadataFile, items.size(), exported, skipped, withoutPrompt,
        buckets(exported));
  }

  private static Optional<ImageFacts> read(Path file) {
    try {
      return ImageFacts.of(Files.readAllBytes(file));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void requireEmpty(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + " exists and is not a directory");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      long n = entries.count();
      if (n > 0) {
        throw new IllegalArgumentException(dir + " already holds " + n + (n == 1 ? " file" : " files")
            + "; Darkroom never overwrites: choose another directory or name");
      }
    } catch (IOException e) {
      throw new OutputException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Path write(Path desired, byte[] bytes) {
    try {
      Files.createDirectories(desired.getParent());
      return AtomicFiles.writeNew(desired, bytes, false);
    } catch (IOException e) {
      throw new OutputException("cannot write " + desired + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, Integer> buckets(List<ExportedImage> images) {
    Map<String, Integer> counts = new HashMap<>();
    images.forEach(i -> counts.merge(i.bucket(), 1, Integer::sum));
    Map<String, Integer> sorted = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  /** Builds {@link DatasetExport}s; not thread-safe. */
  public static final class Builder {
    private @Nullable Path directory;
    private DatasetFormat format = DatasetFormat.KOHYA;
    private String name = "dataset";
    private int repeats = 1;
    private int minSize;
    private @Nullable String template;
    private @Nullable String trigger;

    private Builder() {}

    /** The training folder; required. Created if missing. */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** The layout; default {@link DatasetFormat#KOHYA}. */
    public Builder format(DatasetFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * The concept's name: the kohya folder is {@code REPEATS_NAME}, and {@code {name}} in a template.
     * Default {@code dataset}. Must not be blank or contain a path separator or control character.
     */
    public Builder name(String name) {
      String n = Objects.requireNonNull(name, "name").strip();
      if (n.isEmpty() || n.equals(".") || n.equals("..") || n.chars().anyMatch(c -> c == '/' || c == '\\' || c < 0x20 || c == 0x7f)) {
        throw new IllegalArgumentException("name '" + name + "' cannot be a folder name; use letters, digits, spaces, - or _");
      }
      this.name = n;
      return this;
    }

    /** kohya repeats per epoch, the {@code N} of {@code N_name}: 1 to {@value #MAX_REPEATS}; default 1. */
    public Builder repeats(int repeats) {
      if (repeats < 1 || repeats > MAX_REPEATS) {
        throw new IllegalArgumentException("repeats " + repeats + " is out of range; allowed: 1 to " + MAX_REPEATS);
      }
      this.repeats = repeats;
      return this;
    }

    /** Skip images whose shorter side is below this many pixels; default 0 (no minimum). */
    public Builder minSize(int pixels) {
      if (pixels < 0) {
        throw new IllegalArgumentException("minSize " + pixels + " is negative; allowed: 0 (no minimum) or more");
      }
      this.minSize = pixels;
      return this;
    }

    /**
     * Captions from this template instead of the bare prompt: {@code {name}} is the name and
     * {@code {prompt}} the prompt on one line (empty when unknown). Null for the prompt itself (default).
     * Another placeholder fails at {@link #build()}.
     */
    public Builder template(@Nullable String template) {
      this.template = template == null || template.isBlank() ? null : template;
      return this;
    }

    /** A word put in front of every caption ({@code wrong, a photo of ...}) unless it already starts it; null for none. */
    public Builder trigger(@Nullable String trigger) {
      this.trigger = trigger;
      return this;
    }

    /**
     * @throws NullPointerException if no directory was given
     * @throws IllegalArgumentException if the template has an unknown placeholder
     */
    public DatasetExport build() {
      return new DatasetExport(this);
    }
  }
}
