package dev.darkroom.cli;

/**
 * A failure the command line itself detects (a bad argument, a file without provenance), with the
 * exit code and the stable kind name shown in {@code --json} errors.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final String kind;

  CliException(int exitCode, String kind, String message) {
    super(message);
    this.exitCode = exitCode;
    this.kind = kind;
  }

  /** Invalid usage: exit code 2, kind {@code INVALID_REQUEST}; nothing is sent. */
  static CliException usage(String message) {
    return new CliException(ExitCodes.USAGE, "INVALID_REQUEST", message);
  }

  int exitCode() {
    return exitCode;
  }

  String kind() {
    return kind;
  }
}
