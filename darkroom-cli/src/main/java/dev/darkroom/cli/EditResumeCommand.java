package dev.darkroom.cli;

import dev.darkroom.EditSession;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code darkroom edit resume SESSION}: continues a recorded session (after a crash, or on another
 * day) from its last turn, or from {@code --from TURN}. Instructions come as arguments, else one per
 * line from standard input through the interactive {@link EditLoop}.
 */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Continues a recorded session from its last turn: each INSTRUCTION is one more turn. Without any,"
          + " it is interactive: one instruction per line of standard input (see 'darkroom edit --help' for"
          + " /undo, /branch N, /show, /help, /quit and how failed turns and mistakes end a piped run).",
      "Example: darkroom edit resume SESSION \"now at night\"",
    })
final class EditResumeCommand implements Callable<Integer> {
  private final Environment env;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SESSION", description = "The session id.")
  String session = "";

  @Parameters(index = "1..*", paramLabel = "INSTRUCTION", arity = "0..*", description = "Instructions, one turn each.")
  List<String> instructions = new ArrayList<>();

  @Option(names = "--from", paramLabel = "TURN", description = "Continue from this turn instead of the last one.")
  @Nullable Integer from;

  @Mixin EditSupport support;

  EditResumeCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    if (instructions.isEmpty()) {
      support.refuseSharedStdinForInstructions();
    }
    PrintWriter out = spec.commandLine().getOut();
    try (EditSupport.Run run = support.open(env, spec.commandLine().getErr())) {
      EditSession s = run.resume(session);
      if (from != null) {
        move(() -> s.branch(from));
      }
      out.println("session " + s.id() + ": continuing from turn " + s.head().id());
      out.flush();
      if (!instructions.isEmpty()) {
        for (String instruction : instructions) {
          EditSupport.print(out, env, s.send(instruction));
        }
        return ExitCodes.OK;
      }
      return EditLoop.continuing(env, spec.commandLine(), s).run();
    }
  }

  private static dev.darkroom.EditTurn move(java.util.function.Supplier<dev.darkroom.EditTurn> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw CliException.usage(e.getMessage());
    }
  }
}
