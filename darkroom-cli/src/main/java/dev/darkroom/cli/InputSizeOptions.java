package dev.darkroom.cli;

import picocli.CommandLine.Option;

/** How large reference images may be when sent. */
final class InputSizeOptions {
  @Option(names = "--max-input-side", paramLabel = "PX", defaultValue = "2048",
      description = "Downscale reference images to this longest side (default: ${DEFAULT-VALUE}).")
  int maxInputSide;

  @Option(names = "--no-resize", description = "Send reference images unchanged (same as --max-input-side 0).")
  boolean noResize;

  /** The longest side in pixels, 0 to send images unchanged. */
  int maxSide() {
    if (maxInputSide < 0) {
      throw CliException.usage("--max-input-side must be 0 (off) or positive, got " + maxInputSide);
    }
    return noResize ? 0 : maxInputSide;
  }
}
