package dev.darkroom.cli;

import picocli.CommandLine.Option;

/** {@code --timings}: print where the command's time went, phase by phase, on standard error. */
final class TimingOptions {
  @Option(names = "--timings", description = "Print a per-phase breakdown of the wall time on standard error.")
  boolean enabled;

  /** A started timer when {@code --timings} was given, else {@link PhaseTimer#OFF}. */
  PhaseTimer start() {
    return enabled ? PhaseTimer.start() : PhaseTimer.OFF;
  }
}
