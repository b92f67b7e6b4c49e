package dev.darkroom.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception thrown by a command into one line on standard error ({@code darkroom: ...}),
 * or a JSON error object on standard output under {@code --json}, and an exit code. Stack traces of
 * unexpected failures appear only with {@code --verbose}.
 */
final class ExecutionErrorHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
    Failure failure = Failure.of(ex,
        commandLine.getCommand() instanceof ReadsHistory r && r.readsHistoryOnly());
    report(failure, ex, commandLine, verbose(parseResult));
    return failure.exitCode();
  }

  static void report(Failure failure, Throwable ex, CommandLine commandLine, boolean verbose) {
    PrintWriter err = commandLine.getErr();
    if (commandLine.getCommand() instanceof JsonReporting j && j.jsonRequested()) {
      Json.print(commandLine.getOut(), Json.error(failure));
    } else {
      boolean list = ex instanceof dev.darkroom.InvalidRequestException e && e.field().filter("plan"::equals).isPresent();
      err.println("darkroom: " + (list ? failure.message().strip() : failure.oneLine())
          + (failure.expected() || verbose ? "" : " (run with --verbose for the stack trace)"));
    }
    if (verbose) {
      ex.printStackTrace(err);
    }
    err.flush();
  }

  /** Whether {@code --verbose} was given on the top command or any subcommand. */
  static boolean verbose(ParseResult parseResult) {
    for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
