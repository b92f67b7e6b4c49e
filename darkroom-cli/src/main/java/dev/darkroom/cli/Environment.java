package dev.darkroom.cli;

import dev.darkroom.Sleeper;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything the commands take from the process they run in, so they never read it directly:
 * environment variables, standard input, the working directory, the clock, whether standard error
 * is a terminal, and how retries wait.
 *
 * @param variables environment variables, e.g. {@code GEMINI_API_KEY}
 * @param stdin what {@code --prompt-file -} reads
 * @param workingDir absolute directory that relative paths and globs are resolved against
 * @param clock used for dates (model lifecycle warnings), elapsed-time progress and history times; its zone
 *     is the local time zone in which {@code history} and {@code cost} show and parse dates
 * @param terminal whether progress may be drawn in place with carriage returns and colours
 * @param sleeper how the client waits between retries ({@link Sleeper#SYSTEM} outside tests)
 * @param stdinTerminal whether standard input is a terminal (someone typing) rather than a pipe or a
 *     file; {@code generate} without a prompt reads standard input only when it is not
 * @param interrupts where commands register what to say if the process is interrupted
 */
public record Environment(Map<String, String> variables, InputStream stdin, Path workingDir, Clock clock,
    boolean terminal, Sleeper sleeper, boolean stdinTerminal, InterruptNotice interrupts) {

  /** An environment whose standard input is not a terminal (a pipe, a file or nothing). */
  public Environment(
      Map<String, String> variables, InputStream stdin, Path workingDir, Clock clock, boolean terminal, Sleeper sleeper) {
    this(variables, stdin, workingDir, clock, terminal, sleeper, false, new InterruptNotice());
  }

  public Environment {
    variables = Map.copyOf(variables);
    Objects.requireNonNull(stdin, "stdin");
    workingDir = workingDir.toAbsolutePath().normalize();
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(interrupts, "interrupts");
  }

  /** A variable's value, or null when it is unset or blank. */
  public @Nullable String get(String name) {
    String value = variables.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** {@code path} resolved against the working directory. */
  public Path resolve(String path) {
    return workingDir.resolve(path).normalize();
  }

  /** {@code path} relative to the working directory when it lies inside it, for short messages. */
  public String display(Path path) {
    Path p = path.toAbsolutePath().normalize();
    return p.startsWith(workingDir) && !p.equals(workingDir) ? workingDir.relativize(p).toString() : p.toString();
  }

  public Environment withStdin(InputStream in) {
    return new Environment(variables, in, workingDir, clock, terminal, sleeper, stdinTerminal, interrupts);
  }

  public Environment withTerminal(boolean isTerminal) {
    return new Environment(variables, stdin, workingDir, clock, isTerminal, sleeper, stdinTerminal, interrupts);
  }

  public Environment withSleeper(Sleeper s) {
    return new Environment(variables, stdin, workingDir, clock, terminal, s, stdinTerminal, interrupts);
  }

  public Environment withClock(Clock c) {
    return new Environment(variables, stdin, workingDir, c, terminal, sleeper, stdinTerminal, interrupts);
  }

  public Environment withStdinTerminal(boolean isTerminal) {
    return new Environment(variables, stdin, workingDir, clock, terminal, sleeper, isTerminal, interrupts);
  }
}
