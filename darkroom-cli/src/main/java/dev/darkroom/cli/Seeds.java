package dev.darkroom.cli;

import org.jspecify.annotations.Nullable;

/**
 * {@code --seed} values: 0 to 2^64-1, or -1 for "random" as A1111 users write it: a seed is chosen here
 * (0 to 2^31-1, which every engine accepts) so it is recorded and the image can be made again.
 */
final class Seeds {
  private Seeds() {}

  /**
   * @throws CliException (usage) for anything but a whole number from 0 to 18446744073709551615
   */
  static @Nullable Long parse(@Nullable String seed) {
    if (seed == null) {
      return null;
    }
    if (seed.trim().equals("-1")) {
      return (long) new java.security.SecureRandom().nextInt(Integer.MAX_VALUE);
    }
    try {
      return Long.parseUnsignedLong(seed.trim());
    } catch (NumberFormatException e) {
      throw CliException.usage("invalid --seed '" + seed + "'; allowed: a whole number from 0 to 18446744073709551615");
    }
  }
}
