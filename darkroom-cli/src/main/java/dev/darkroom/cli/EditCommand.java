package dev.darkroom.cli;

import dev.darkroom.EditSession;
import dev.darkroom.EditTurn;
import dev.darkroom.ImageInput;
import dev.darkroom.ImageRequest;
import dev.darkroom.SaveOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Locale;
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
 * last turn; {@code darkroom edit IMAGE "instruction"}: a new session whose first turn edits an
 * existing image. Without the instruction, both are interactive ({@link EditLoop}): one instruction
 * per line of standard input. The first argument is an image when it names an existing file (or is
 * a URL), else a session id. Its subcommands start, resume, show and branch sessions.
 */
@Command(
    name = "edit",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Edits an image in conversation: each turn builds on the last (Gemini: the model sees the whole"
          + " conversation, thought signatures kept; OpenAI: each turn edits the previous image).",
      "Example: darkroom edit start \"a fox in a red jacket\" ; darkroom edit SESSION \"make the jacket blue\"",
      "Or start from an image you have: darkroom edit photo.jpg \"make it look like a watercolour\"",
      "Every turn is saved in the session's directory and recorded in the history, so sessions can be resumed.",
      "",
      "Interactive: leave out INSTRUCTION (darkroom edit photo.jpg, or darkroom edit SESSION) and type one"
          + " instruction per line; each line is one turn and one saved image. Commands: /undo (back one turn),"
          + " /branch N (continue from turn N), /show (the tree of turns), /help, /quit (or end of input,"
          + " Ctrl-D). Blank lines are ignored; //text sends /text.",
      "A failed turn (blocked, no image, HTTP error) prints the error generate would and the loop goes on, the"
          + " session unchanged; the exit code is then that of the last failed turn. An unknown command or a"
          + " /branch or /undo that cannot move is reported and ignored at a terminal; from a pipe or a file it"
          + " stops the run with exit code 2.",
    })
final class EditCommand implements Callable<Integer> {
  private final Environment env;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SESSION|IMAGE", arity = "0..1",
      description = "The session id ('darkroom edit start' prints it), or an image file or URL to start a new session from.")
  @Nullable String session;

  @Parameters(index = "1", paramLabel = "INSTRUCTION", arity = "0..1",
      description = "What to change, e.g. \"make the jacket red\". Without it, instructions are read one per line.")
  @Nullable String instruction;

  @Mixin TurnOptions turn;

  @Mixin EditRequestOptions request;

  @Mixin EditSupport support;

  EditCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    if (session == null) {
      throw CliException.usage("give SESSION or IMAGE, with an INSTRUCTION (or none to type instructions one per line),"
          + " or a subcommand: start, resume, show, branch");
    }
    if (instruction == null) {
      support.refuseSharedStdinForInstructions();
    }
    PrintWriter out = spec.commandLine().getOut();
    try (EditSupport.Run run = support.open(env, spec.commandLine().getErr())) {
      String image = session;
      if (isImage(image)) {
        if (instruction == null) {
          return new EditLoop(env, spec.commandLine(), null, text -> startFrom(run, image, text, out)).run();
        }
        startFrom(run, image, instruction, out);
        return ExitCodes.OK;
      }
      if (request.given()) {
        throw CliException.usage("-m, -a, -s, --size, --seed, --thinking, -O and --output-dir apply when a session starts;"
            + " session " + session + " keeps the options of its first turn");
      }
      boolean looksLikeImage = session.toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g|webp|gif|heic|avif)");
      if (looksLikeImage && run.history.session(session).isEmpty()) {
        throw CliException.usage("no image file " + env.resolve(session) + " (nor an editing session with that id)");
      }
      EditSession s = run.resume(session);
      if (instruction == null) {
        if (!turn.images.isEmpty() || turn.mask != null) {
          throw CliException.usage("-i and --mask belong to one turn: give an INSTRUCTION with them");
        }
        out.println("session " + s.id() + ": continuing from turn " + s.head().id());
        out.flush();
        return EditLoop.continuing(env, spec.commandLine(), s).run();
      }
      EditTurn t = turn.send(s, instruction, env);
      EditSupport.print(out, env, t);
      return ExitCodes.OK;
    }
  }

  /** A URL, or a path naming an existing file (glob patterns count when they match a file). */
  private boolean isImage(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return true;
    }
    if (Glob.isPattern(value)) {
      return !Glob.expand(value, env.workingDir()).isEmpty();
    }
    try {
      return Files.isRegularFile(env.resolve(value));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A new session: the first turn carries the image (and any -i images) with the instruction. */
  private EditSession startFrom(EditSupport.Run run, String image, String text, PrintWriter out) {
    List<String> all = new ArrayList<>();
    all.add(image);
    all.addAll(turn.images);
    List<ImageInput> inputs = ImageArguments.resolve(all, env);
    ImageRequest first = request.build(run.catalog, text, inputs, turn.mask == null ? null : ImageInput.of(env.resolve(turn.mask)));
    EditSession s = run.start(first, SaveOptions.toDirectory(request.directory(env)));
    out.println("session " + s.id() + " (" + first.model().id() + ", " + s.mode().name().toLowerCase(Locale.ROOT)
        + ") in " + env.display(s.directory()));
    EditSupport.print(out, env, s.head());
    return s;
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
