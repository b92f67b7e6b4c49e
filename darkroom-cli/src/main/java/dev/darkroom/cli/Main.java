package dev.darkroom.cli;

import dev.darkroom.Sleeper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** Entry point of {@code darkroom.jar}: the only place that reads the real process and exits. */
public final class Main {
  private static volatile long enteredNanos;

  private Main() {}

  public static void main(String[] args) {
    enteredNanos = System.nanoTime();
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // The same line picocli prints for it, without building the command tree and its converters.
      System.out.println(new VersionProvider().getVersion()[0]);
      System.out.flush();
      System.exit(ExitCodes.OK);
    }
    if (Boolean.getBoolean(StartupTraining.PROPERTY)) {
      // the launcher's once-per-build run that fills the start-up archive; see StartupTraining
      System.exit(StartupTraining.run());
    }
    String term = System.getenv("TERM");
    boolean terminal = System.console() != null && term != null && !term.equals("dumb");
    Environment env = new Environment(System.getenv(), System.in, Path.of(""), Clock.systemDefaultZone(), terminal,
        Sleeper.SYSTEM, stdinIsTerminal(), new InterruptNotice());
    // Ctrl-C runs shutdown hooks: say what the interrupted command had sent and how to pick it up again.
    Runtime.getRuntime().addShutdownHook(new Thread(env.interrupts()::interrupted, "darkroom-interrupt"));
    System.exit(DarkroomCli.newCommandLine(env, args).execute(args));
  }

  /** {@link System#nanoTime()} when {@link #main} was entered, 0 when it did not run (e.g. in tests). */
  static long enteredNanos() {
    return enteredNanos;
  }

  /**
   * Whether standard input is a terminal. On Linux /proc tells (a pipe or file is not); elsewhere a
   * console means one, and without one we still say "terminal" so that nothing waits on a stdin
   * nobody writes to.
   */
  private static boolean stdinIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return true;
    }
  }
}
