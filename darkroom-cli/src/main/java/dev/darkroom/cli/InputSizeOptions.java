package dev.darkroom.cli;

import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** How large reference images may be when sent. */
final class InputSizeOptions {
  /** The longest side when neither option is given, as the client's own default. */
  static final int DEFAULT_MAX_SIDE = 2048;

  @Option(names = "--max-input-side", paramLabel = "PX",
      description = "Downscale reference images to this longest side (default: " + DEFAULT_MAX_SIDE + ").")
  @Nullable Integer maxInputSide;

  @Option(names = "--no-resize", description = "Send reference images unchanged (same as --max-input-side 0).")
  boolean noResize;

  /** The longest side in pixels, 0 to send images unchanged. */
  int maxSide() {
    return given().orElse(DEFAULT_MAX_SIDE);
  }

  /** The longest side the user asked for with either option, 0 for unchanged; empty when neither was given. */
  OptionalInt given() {
    if (maxInputSide != null && maxInputSide < 0) {
      throw CliException.usage("--max-input-side must be 0 (off) or positive, got " + maxInputSide);
    }
    if (noResize) {
      return OptionalInt.of(0);
    }
    return maxInputSide == null ? OptionalInt.empty() : OptionalInt.of(maxInputSide);
  }
}
