package dev.darkroom.cli;

import dev.darkroom.OutputFormat;
import dev.darkroom.SaveOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where and how generated images are written. */
final class OutputOptions {
  private static final Map<String, OutputFormat> EXTENSIONS = Map.of(
      "png", OutputFormat.PNG, "jpg", OutputFormat.JPEG, "jpeg", OutputFormat.JPEG, "webp", OutputFormat.WEBP);

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Output file, relative to --output-dir; its extension (.png, .jpg, .webp) picks the format."
          + " An existing directory or a name ending in '/' means: into it, under the default name."
          + " Several images are numbered: fox-1.png, fox-2.png.")
  @Nullable String file;

  @Option(names = "--output-dir", paramLabel = "DIR",
      description = "Directory for images, created if missing (default: the current directory).")
  @Nullable String directory;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "png, jpeg or webp (lossless); default: as the model returns it.")
  @Nullable String format;

  @Option(names = "--force", description = "Overwrite existing files instead of picking the next free name.")
  boolean force;

  /** Save options for these flags; relative paths are resolved against the working directory. */
  SaveOptions.Builder toSaveOptions(Environment env) {
    Path dir = directory == null ? env.workingDir() : env.resolve(directory);
    OutputFormat chosen = format == null ? null : parseFormat(format);
    SaveOptions.Builder save = SaveOptions.builder().directory(dir).overwrite(force);
    if (file != null && isDirectory(dir, file)) {
      // "-o out/" or "-o out" with out an existing directory: write into it, under the default name.
      save.directory(dir.resolve(file).normalize());
    } else if (file != null) {
      Path path = dir.resolve(file).normalize();
      OutputFormat fromName = formatOf(path.getFileName().toString());
      if (chosen != null && fromName != null && chosen != fromName) {
        throw CliException.usage("--format " + format + " conflicts with -o " + file + " (its extension means "
            + fromName.name().toLowerCase(Locale.ROOT) + "); give only one of them");
      }
      save.file(path);
    }
    if (chosen != null) {
      save.format(chosen);
    }
    return save;
  }

  /** An existing directory, or a name ending in a separator, means "into this directory". */
  private static boolean isDirectory(Path dir, String name) {
    Path path = dir.resolve(name).normalize();
    return name.endsWith("/") || name.endsWith(java.io.File.separator) || path.getFileName() == null
        || Files.isDirectory(path);
  }

  private static OutputFormat parseFormat(String text) {
    OutputFormat f = EXTENSIONS.get(text.trim().toLowerCase(Locale.ROOT));
    if (f == null) {
      throw CliException.usage("invalid --format '" + text + "'; allowed: png, jpeg, webp");
    }
    return f;
  }

  /** The format an output name's extension asks for, or null when it has none. */
  private @Nullable OutputFormat formatOf(String name) {
    int dot = name.lastIndexOf('.');
    if (dot <= 0) {
      return null;
    }
    String ext = name.substring(dot + 1);
    OutputFormat f = EXTENSIONS.get(ext.toLowerCase(Locale.ROOT));
    if (f == null) {
      throw CliException.usage("-o " + file + " has an unknown extension '." + ext
          + "'; allowed: .png, .jpg, .jpeg, .webp (or none, to keep the model's format)");
    }
    return f;
  }
}
