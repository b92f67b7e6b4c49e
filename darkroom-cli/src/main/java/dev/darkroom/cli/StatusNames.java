package dev.darkroom.cli;

import dev.darkroom.history.GenerationStatus;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How generation statuses are written on the command line and in output: {@code succeeded}, {@code no_image} … */
final class StatusNames {
  private StatusNames() {}

  static String of(GenerationStatus status) {
    return status.name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code --status}; {@code no-image} and any case are accepted too. */
  static GenerationStatus parse(String value) {
    String name = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (GenerationStatus s : GenerationStatus.values()) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw CliException.usage("invalid --status '" + value + "'; allowed: "
        + Arrays.stream(GenerationStatus.values()).map(StatusNames::of).collect(Collectors.joining(", ")));
  }
}
