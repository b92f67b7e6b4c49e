package dev.darkroom.studio.dataset;

import dev.darkroom.OutputException;
import dev.darkroom.Provenance;
import dev.darkroom.history.GenerationRecord;
import dev.darkroom.history.History;
import dev.darkroom.history.HistoryQuery;
import dev.darkroom.history.OutputFile;
import dev.darkroom.history.OutputKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Where the images of a training set come from: history rows or a folder. */
public final class DatasetSources {
  /** The file name endings read from a folder, lower case. */
  public static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "webp");

  private DatasetSources() {}

  /**
   * The saved images of the rows {@code query} selects, oldest first. A grid row contributes its
   * cells rather than the whole grid; interim thought images are left out. Each image's caption source
   * is its cell's own prompt (from the cell's provenance) or else the recorded prompt. Rows whose
   * files have since been deleted still appear; {@link DatasetExport} counts them as unreadable.
   */
  public static List<DatasetItem> fromHistory(History history, HistoryQuery query) {
    List<GenerationRecord> records = new ArrayList<>(history.list(query));
    java.util.Collections.reverse(records);
    List<DatasetItem> items = new ArrayList<>();
    for (GenerationRecord r : records) {
      boolean hasCells = r.outputs().stream().anyMatch(o -> o.kind() == OutputKind.CELL && o.path().isPresent());
      OutputKind wanted = hasCells ? OutputKind.CELL : OutputKind.ORIGINAL;
      for (OutputFile o : r.outputs()) {
        if (o.kind() != wanted || o.path().isEmpty()) {
          continue;
        }
        Path file = o.path().get();
        String prompt = wanted == OutputKind.CELL ? embeddedPrompt(file).orElse(r.prompt()) : r.prompt();
        items.add(DatasetItem.of(file, prompt, "history " + r.id()));
      }
    }
    return items;
  }

  /**
   * The images directly in {@code folder} ({@code .png}, {@code .jpg}, {@code .jpeg}, {@code .webp}),
   * by file name. Each image's prompt is the one in its embedded Darkroom provenance, or else the text
   * of a sidecar file with the same stem and {@code .txt} ending, or else unknown.
   *
   * @throws IllegalArgumentException if {@code folder} is not a directory
   * @throws OutputException if it cannot be listed
   */
  public static List<DatasetItem> fromFolder(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("folder " + folder + " " + (Files.exists(folder) ? "is not a directory" : "does not exist"));
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(folder)) {
      files = list.filter(Files::isRegularFile).filter(DatasetSources::isImage).sorted().toList();
    } catch (IOException e) {
      throw new OutputException("cannot list " + folder + ": " + e.getMessage(), e);
    }
    List<DatasetItem> items = new ArrayList<>();
    for (Path f : files) {
      String prompt = embeddedPrompt(f).orElseGet(() -> sidecar(f));
      items.add(DatasetItem.of(f, prompt, f.toString()));
    }
    return items;
  }

  static boolean isImage(Path file) {
    return IMAGE_EXTENSIONS.contains(extension(file));
  }

  static String extension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? name : name.substring(0, dot);
  }

  private static Optional<String> embeddedPrompt(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Provenance.read(file).map(Provenance::prompt).filter(p -> !p.isBlank());
    } catch (RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  private static @Nullable String sidecar(Path image) {
    Path txt = image.resolveSibling(stem(image) + ".txt");
    if (!Files.isRegularFile(txt)) {
      return null;
    }
    try {
      return Files.readString(txt, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }
}
