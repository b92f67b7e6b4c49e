package dev.darkroom.cli;

import dev.darkroom.Sleeper;
import java.nio.file.Path;
import java.time.Clock;

/** Entry point of {@code darkroom.jar}: the only place that reads the real process and exits. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    String term = System.getenv("TERM");
    boolean terminal = System.console() != null && term != null && !term.equals("dumb");
    Environment env = new Environment(System.getenv(), System.in, Path.of(""), Clock.systemDefaultZone(), terminal, Sleeper.SYSTEM);
    System.exit(DarkroomCli.newCommandLine(env).execute(args));
  }
}
