package dev.darkroom.cli;

import org.jspecify.annotations.Nullable;

/** {@code --seed} values: 0 to 2^64-1. */
final class Seeds {
  private Seeds() {}

  /**
   * @throws CliException (usage) for anything but a whole number from 0 to 18446744073709551615
   */
  static @Nullable Long parse(@Nullable String seed) {
    if (seed == null) {
      return null;
    }
    try {
      return Long.parseUnsignedLong(seed.trim());
    } catch (NumberFormatException e) {
      throw CliException.usage("invalid --seed '" + seed + "'; allowed: a whole number from 0 to 18446744073709551615");
    }
  }
}
