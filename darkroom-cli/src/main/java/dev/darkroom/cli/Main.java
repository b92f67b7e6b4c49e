package dev.darkroom.cli;

/** Entry point of {@code darkroom.jar}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    boolean terminal = System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
    int code = DarkroomCli.newCommandLine(Environment.system(terminal)).execute(args);
    System.exit(code);
  }
}
