package dev.darkroom.cli;

import dev.darkroom.history.History;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Whether and where a generating command records its calls: {@code --home} and {@code --no-history}. */
final class HistoryOptions {
  @Mixin HomeOptions location;

  @Option(names = "--no-history", description = "Do not record this call in the history (e.g. when history.db is damaged).")
  boolean disabled;

  /**
   * The history to record into, or null under {@code --no-history}.
   *
   * @param timeoutSeconds the per-attempt deadline; rows running four times longer read as interrupted
   */
  @Nullable History openForRecording(Environment env, int timeoutSeconds) {
    return disabled ? null : location.open(env, staleAfter(timeoutSeconds));
  }

  static Duration staleAfter(int timeoutSeconds) {
    Duration fourTimes = Duration.ofSeconds(Math.max(0, timeoutSeconds)).multipliedBy(4);
    return fourTimes.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : fourTimes;
  }
}
