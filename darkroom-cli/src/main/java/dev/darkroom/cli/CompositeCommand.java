package dev.darkroom.cli;

import dev.darkroom.internal.image.Compositor;
import dev.darkroom.internal.image.ImageCodec;
import dev.darkroom.internal.image.ImageFormat;
import dev.darkroom.internal.io.AtomicFiles;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code darkroom composite}: lays images out on one grid (the opposite of {@code --grid}). */
@Command(
    name = "composite",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Lays images out on a grid in one file; cells take the first image's size.")
final class CompositeCommand implements Callable<Integer> {
  private final Environment env;

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Images, row by row (files or globs).")
  List<String> images = new ArrayList<>();

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Where to write (png, jpg or webp).")
  String output;

  @Option(names = "--rows", paramLabel = "N", description = "Rows (default: as few as the columns allow).")
  int rows;

  @Option(names = "--cols", paramLabel = "N", description = "Columns (default: about the square root of the count).")
  int cols;

  @Option(names = "--background", paramLabel = "COLOR", defaultValue = "white",
      description = "Background of empty space: white, black, or #RRGGBB (default: ${DEFAULT-VALUE}).")
  String background;

  @Option(names = "--force", description = "Replace an existing output file instead of numbering the new one.")
  boolean force;

  CompositeCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() throws IOException {
    Color color = parseColor(background);
    if (rows < 0 || cols < 0) {
      throw CliException.usage("--rows and --cols must be positive, got " + rows + " and " + cols);
    }
    Path out = env.resolve(output);
    String name = out.getFileName().toString();
    ImageFormat format = ImageFormat.fromExtension(name.substring(name.lastIndexOf('.') + 1))
        .filter(f -> f == ImageFormat.PNG || f == ImageFormat.JPEG || f == ImageFormat.WEBP)
        .orElseThrow(() -> CliException.usage("output " + output + " must end in .png, .jpg or .webp"));
    List<BufferedImage> decoded = new ArrayList<>();
    for (String image : images) {
      List<Path> paths = Glob.isPattern(image) ? Glob.expand(image, env.workingDir()) : List.of(env.resolve(image));
      if (paths.isEmpty()) {
        throw CliException.usage("no file matches " + image);
      }
      for (Path path : paths) {
        try {
          decoded.add(ImageCodec.decode(Files.readAllBytes(path)));
        } catch (IOException | IllegalArgumentException e) {
          throw CliException.usage("cannot read image " + path + ": " + e.getMessage());
        }
      }
    }
    BufferedImage sheet;
    try {
      sheet = Compositor.compose(decoded, rows, cols, color);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Path written = AtomicFiles.writeNew(out, ImageCodec.encode(sheet, format, 0.92f), force);
    spec.commandLine().getOut().printf("saved %s  (%dx%d, %d images)%n", env.display(written),
        sheet.getWidth(), sheet.getHeight(), decoded.size());
    return ExitCodes.OK;
  }

  private static Color parseColor(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "white":
        return Color.WHITE;
      case "black":
        return Color.BLACK;
      default:
        if (t.matches("#[0-9a-f]{6}")) {
          return new Color(Integer.parseInt(t.substring(1), 16));
        }
        throw CliException.usage("invalid --background '" + text + "': use white, black or #RRGGBB");
    }
  }
}
