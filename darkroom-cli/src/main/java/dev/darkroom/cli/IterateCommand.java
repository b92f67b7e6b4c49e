package dev.darkroom.cli;

import dev.darkroom.EditSession;
import dev.darkroom.EditTurn;
import dev.darkroom.ImageInput;
import dev.darkroom.ImageRequest;
import dev.darkroom.SaveOptions;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
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
 * {@code darkroom iterate IMAGE "make it more X" -n 5}: feeds the image back with the same
 * instruction, each step continuing the last, as an editing session that can be shown and resumed.
 */
@Command(
    name = "iterate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Applies the same instruction again and again, each step to the previous result, and saves every step.",
      "Stops after -n steps, at --max-cost, or at a blocked or image-less step.",
      "Writes contact-sheet.png (every step) and drift.gif (an animation, one labelled frame per step) in the session directory.",
      "Example: darkroom iterate cat.png \"make it more surreal\" -n 5",
    })
final class IterateCommand implements Callable<Integer> {
  private final Environment env;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "The image to start from.")
  String image = "";

  @Parameters(index = "1", paramLabel = "INSTRUCTION", description = "The instruction applied at every step.")
  String instruction = "";

  @Option(names = {"-n", "--steps"}, paramLabel = "N", defaultValue = "5", description = "Steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--max-cost", paramLabel = "USD", description = "Stop once the steps made cost this much.")
  @Nullable BigDecimal maxCost;

  @Mixin EditRequestOptions request;

  @Mixin EditSupport support;

  IterateCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    if (steps < 1) {
      throw CliException.usage("-n must be at least 1, got " + steps);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (EditSupport.Run run = support.open(env, spec.commandLine().getErr())) {
      List<ImageInput> start = ImageArguments.resolve(List.of(image), env);
      ImageRequest first = request.build(run.catalog, instruction, start, null);
      EditSession s = run.start(first, SaveOptions.toDirectory(request.directory(env)));
      out.println("session " + s.id() + " in " + env.display(s.directory()));
      EditTurn firstTurn = s.head();
      EditSupport.print(out, env, firstTurn);
      BigDecimal left = maxCost == null ? null : maxCost.subtract(firstTurn.costUsd());
      List<EditTurn> made = steps == 1 || (left != null && left.signum() <= 0) ? List.of()
          : s.iterate(instruction, steps - 1, left);
      made.forEach(t -> EditSupport.print(out, env, t));
      List<Path> frames = new ArrayList<>();
      frames.addAll(firstTurn.userImages().subList(0, Math.min(1, firstTurn.userImages().size())));
      frames.add(firstTurn.image());
      made.forEach(t -> frames.add(t.image()));
      DriftFiles.Written drift = DriftFiles.write(frames, s.directory());
      out.println("contact sheet: " + env.display(drift.sheet()));
      out.println("animation: " + env.display(drift.animation()));
      int done = made.size() + 1;
      if (done < steps) {
        out.println("stopped after " + Formats.count(done, "step") + " of " + steps);
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
