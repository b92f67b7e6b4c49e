package dev.darkroom.cli;

import dev.darkroom.DarkroomException;
import dev.darkroom.history.HistoryException;
import java.io.UncheckedIOException;

/**
 * What the user is told about a failure: a stable kind, a one-line message and the exit code.
 *
 * @param kind an {@link dev.darkroom.ErrorKind} name, or {@code INTERNAL}, {@code IO}, {@code HISTORY} or a CLI kind
 * @param expected false for bugs and surprises, whose stack trace {@code --verbose} shows
 */
record Failure(String kind, String message, int exitCode, boolean expected) {

  /** The message on one line: provider messages may span several. */
  String oneLine() {
    return oneLine(message);
  }

  static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** The library names its settings; on the command line the flag that sets one is named too. */
  private static String withFlag(dev.darkroom.InvalidRequestException e) {
    String field = e.field().orElse("");
    if (field.endsWith(".apiKey")) {
      return e.getMessage() + " (or pass --api-key)";
    }
    if (field.endsWith(".baseUrl")) {
      return e.getMessage() + " (or pass --base-url)";
    }
    return e.getMessage();
  }

  static Failure of(Throwable t) {
    return of(t, false);
  }

  /** @param readOnly whether the command only reads the history, so skipping it with --no-history would not help */
  static Failure of(Throwable t, boolean readOnly) {
    if (t instanceof dev.darkroom.InvalidRequestException e && e.field().isPresent()) {
      return new Failure(e.kind().name(), withFlag(e), ExitCodes.of(e.kind()), true);
    }
    if (t instanceof DarkroomException d) {
      return new Failure(d.kind().name(), d.getMessage(), ExitCodes.of(d.kind()), true);
    }
    if (t instanceof CliException c) {
      return new Failure(c.kind(), c.getMessage(), c.exitCode(), true);
    }
    if (t instanceof HistoryException h) {
      // The history cannot be used; nothing was sent. The message names the file and the way out.
      return new Failure("HISTORY", readOnly ? h.withoutSkipHint() : String.valueOf(h.getMessage()), ExitCodes.USAGE,
          true);
    }
    if (t instanceof UncheckedIOException io) {
      return new Failure("IO", String.valueOf(io.getMessage()), ExitCodes.OTHER, true);
    }
    return new Failure("INTERNAL", "unexpected error: " + t, ExitCodes.OTHER, false);
  }
}
