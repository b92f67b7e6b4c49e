package dev.darkroom.cli;

import dev.darkroom.EditSession;
import dev.darkroom.ImageInput;
import dev.darkroom.ImageRequest;
import dev.darkroom.SaveOptions;
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

/** {@code darkroom edit start "prompt"}: a new session whose first turn is sent now. */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Starts an editing session: sends the first turn and prints the session id.",
      "Example: darkroom edit start \"a fox in a red jacket\" -m gemini-3-pro-image",
    })
final class EditStartCommand implements Callable<Integer> {
  private final Environment env;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PROMPT", description = "The first prompt.")
  String prompt = "";

  @Option(names = {"-i", "--image"}, paramLabel = "IMAGE", description = "An image to start from. Repeatable.")
  List<String> images = new ArrayList<>();

  @Option(names = "--mask", paramLabel = "FILE", description = "OpenAI edits: a PNG mask over the first image.")
  @Nullable String mask;

  @Mixin EditRequestOptions request;

  @Mixin EditSupport support;

  EditStartCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (EditSupport.Run run = support.open(env, spec.commandLine().getErr())) {
      List<ImageInput> inputs = images.isEmpty() ? List.of() : ImageArguments.resolve(images, env);
      ImageRequest first = request.build(run.catalog, prompt, inputs, mask == null ? null : ImageInput.of(env.resolve(mask)));
      EditSession s = run.start(first, SaveOptions.toDirectory(request.directory(env)));
      out.println("session " + s.id() + " (" + first.model().id() + ", " + s.mode().name().toLowerCase(java.util.Locale.ROOT)
          + ") in " + env.display(s.directory()));
      EditSupport.print(out, env, s.head());
      return ExitCodes.OK;
    }
  }
}
