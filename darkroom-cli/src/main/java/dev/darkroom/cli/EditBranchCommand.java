package dev.darkroom.cli;

import dev.darkroom.EditSession;
import dev.darkroom.EditTurn;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code darkroom edit branch SESSION TURN "instruction"}: a new turn continuing an earlier one. */
@Command(
    name = "branch",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Continues a session from an earlier turn, leaving the later turns as another branch.",
      "Example: darkroom edit branch SESSION 1 \"make it a wolf instead\"",
    })
final class EditBranchCommand implements Callable<Integer> {
  private final Environment env;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SESSION", description = "The session id.")
  String session = "";

  @Parameters(index = "1", paramLabel = "TURN", description = "The turn to continue from (see 'darkroom edit show').")
  int turnId;

  @Parameters(index = "2", paramLabel = "INSTRUCTION", description = "What to change.")
  String instruction = "";

  @Mixin EditCommand.TurnOptions turn;

  @Mixin EditSupport support;

  EditBranchCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    try (EditSupport.Run run = support.open(env, spec.commandLine().getErr())) {
      EditSession s = run.resume(session);
      try {
        s.branch(turnId);
      } catch (IllegalArgumentException e) {
        throw CliException.usage(e.getMessage());
      }
      EditTurn t = turn.send(s, instruction, env);
      EditSupport.print(spec.commandLine().getOut(), env, t);
      return ExitCodes.OK;
    }
  }
}
