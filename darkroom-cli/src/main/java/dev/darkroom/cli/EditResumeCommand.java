package dev.darkroom.cli;

import dev.darkroom.EditSession;
import dev.darkroom.EditTurn;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * line from standard input ({@code /undo} and {@code /branch N} move the head; an empty line or end
 * of input stops).
 */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Continues a recorded session from its last turn: each INSTRUCTION is one more turn; without any,"
          + " instructions are read line by line from standard input (/undo, /branch N; an empty line stops).",
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
      BufferedReader in = new BufferedReader(new InputStreamReader(env.stdin(), StandardCharsets.UTF_8));
      for (String line; (line = readLine(in)) != null && !line.isBlank(); ) {
        String text = line.strip();
        if (text.equals("/undo")) {
          EditTurn head = move(s::undo);
          out.println("back at turn " + head.id());
        } else if (text.startsWith("/branch ")) {
          int turn = parseTurn(text.substring(8).strip());
          out.println("at turn " + move(() -> s.branch(turn)).id());
        } else {
          EditSupport.print(out, env, s.send(text));
        }
        out.flush();
      }
      return ExitCodes.OK;
    }
  }

  private static EditTurn move(java.util.function.Supplier<EditTurn> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  private static int parseTurn(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw CliException.usage("/branch needs a turn number, got '" + text + "'");
    }
  }

  private static @Nullable String readLine(BufferedReader in) {
    try {
      return in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
