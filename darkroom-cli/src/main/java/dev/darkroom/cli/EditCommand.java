package dev.darkroom.cli;

import dev.darkroom.EditSession;
import dev.darkroom.EditTurn;
import dev.darkroom.ImageInput;
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
 * {@code darkroom edit SESSION "instruction"}: one more turn of a recorded session, continuing its
 * last turn. Its subcommands start, resume, show and branch sessions.
 */
@Command(
    name = "edit",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Edits an image in conversation: each turn builds on the last (Gemini: the model sees the whole",
      "conversation, thought signatures kept; OpenAI: each turn edits the previous image).",
      "Example: darkroom edit start \"a fox in a red jacket\" ; darkroom edit SESSION \"make the jacket blue\"",
      "Every turn is saved in the session's directory and recorded in the history, so sessions can be resumed.",
    })
final class EditCommand implements Callable<Integer> {
  private final Environment env;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SESSION", arity = "0..1", description = "The session id ('darkroom edit start' prints it).")
  @Nullable String session;

  @Parameters(index = "1", paramLabel = "INSTRUCTION", arity = "0..1", description = "What to change, e.g. \"make the jacket red\".")
  @Nullable String instruction;

  @Mixin TurnOptions turn;

  @Mixin EditSupport support;

  EditCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    if (session == null || instruction == null) {
      throw CliException.usage("give SESSION and INSTRUCTION, or a subcommand: start, resume, show, branch");
    }
    try (EditSupport.Run run = support.open(env, spec.commandLine().getErr())) {
      EditSession s = run.resume(session);
      EditTurn t = turn.send(s, instruction, env);
      EditSupport.print(spec.commandLine().getOut(), env, t);
      return ExitCodes.OK;
    }
  }

  /** The images and mask one turn adds. */
  static final class TurnOptions {
    @Option(names = {"-i", "--image"}, paramLabel = "IMAGE", description = "An image to add in this turn. Repeatable.")
    List<String> images = new ArrayList<>();

    @Option(names = "--mask", paramLabel = "FILE", description = "OpenAI edits: a PNG mask over the previous image.")
    @Nullable String mask;

    EditTurn send(EditSession s, String instruction, Environment env) {
      List<ImageInput> extra = images.isEmpty() ? List.of() : ImageArguments.resolve(images, env);
      return s.send(instruction, extra, mask == null ? null : ImageInput.of(env.resolve(mask)));
    }
  }
}
