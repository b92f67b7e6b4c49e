package dev.darkroom.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * Reports a command-line syntax error (unknown option, missing or malformed value) in one line plus
 * a pointer to the right help, and exits with {@link ExitCodes#USAGE}. Under {@code --json} the
 * error is also printed as a JSON object on standard output.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("darkroom: " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    if (cmd.getCommand() instanceof CompareCommand && ex instanceof CommandLine.UnmatchedArgumentException u
        && !u.getUnmatched().isEmpty() && u.getUnmatched().get(0).startsWith("-")) {
      err.println("darkroom: to give 'generate' flags to every panel, use --shared \""
          + String.join(" ", u.getUnmatched()) + "\"");
    }
    err.println("try '" + cmd.getCommandSpec().qualifiedName() + " --help'");
    err.flush();
    if (Arrays.asList(args).contains("--json")) {
      Json.print(cmd.getOut(), Json.error(new Failure("INVALID_REQUEST", ex.getMessage(), ExitCodes.USAGE, true)));
    }
    return ExitCodes.USAGE;
  }
}
