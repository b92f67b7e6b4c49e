package dev.darkroom.cli;

import dev.darkroom.ImageInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns {@code -i} values into reference images: http(s) URLs, file paths, and {@link Glob} patterns. */
final class ImageArguments {
  private ImageArguments() {}

  static List<ImageInput> resolve(List<String> values, Environment env) {
    List<ImageInput> inputs = new ArrayList<>();
    for (String value : values) {
      String lower = value.toLowerCase(Locale.ROOT);
      if (lower.startsWith("http://") || lower.startsWith("https://")) {
        inputs.add(ImageInput.parse(value));
      } else if (Glob.isPattern(value)) {
        List<Path> matches = Glob.expand(value, env.workingDir());
        if (matches.isEmpty()) {
          throw CliException.usage("no files match -i '" + value + "' (in " + env.workingDir() + ")");
        }
        matches.forEach(p -> inputs.add(ImageInput.of(p)));
      } else {
        inputs.add(ImageInput.of(env.resolve(value)));
      }
    }
    return inputs;
  }
}
