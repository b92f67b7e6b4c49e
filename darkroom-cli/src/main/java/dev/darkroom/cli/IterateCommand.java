package dev.darkroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
final class IterateCommand implements Callable<Integer>, JsonReporting {
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

  @Option(names = "--json", description = "Print one JSON object instead of text: the session, every step"
      + " (turn, image, cost), whether it stopped early, and the contact sheet and animation paths.")
  boolean json;

  @Mixin EditRequestOptions request;

  @Mixin EditSupport support;

  IterateCommand(Environment env) {
    this.env = env;
  }

  @Override
  public boolean jsonRequested() {
    return json;
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
      if (!json) {
        out.println("session " + s.id() + " in " + env.display(s.directory()));
      }
      EditTurn firstTurn = s.head();
      if (!json) {
        EditSupport.print(out, env, firstTurn);
      }
      BigDecimal left = maxCost == null ? null : maxCost.subtract(firstTurn.costUsd());
      List<EditTurn> made = steps == 1 || (left != null && left.signum() <= 0) ? List.of()
          : s.iterate(instruction, steps - 1, left);
      if (!json) {
        made.forEach(t -> EditSupport.print(out, env, t));
      }
      List<Path> frames = new ArrayList<>();
      frames.addAll(firstTurn.userImages().subList(0, Math.min(1, firstTurn.userImages().size())));
      frames.add(firstTurn.image());
      made.forEach(t -> frames.add(t.image()));
      DriftFiles.Written drift = DriftFiles.write(frames, s.directory());
      int done = made.size() + 1;
      if (json) {
        List<EditTurn> all = new ArrayList<>();
        all.add(firstTurn);
        all.addAll(made);
        Json.print(out, json(s, all, drift));
        return ExitCodes.OK;
      }
      out.println("contact sheet: " + env.display(drift.sheet()));
      out.println("animation: " + env.display(drift.animation()));
      if (done < steps) {
        out.println("stopped after " + Formats.count(done, "step") + " of " + steps);
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  private ObjectNode json(EditSession s, List<EditTurn> turns, DriftFiles.Written drift) {
    ObjectNode o = Json.object();
    o.put("session", s.id());
    o.put("directory", s.directory().toAbsolutePath().toString());
    o.put("instruction", instruction);
    o.put("requestedSteps", steps);
    o.put("completedSteps", turns.size());
    o.put("stoppedEarly", turns.size() < steps);
    BigDecimal total = BigDecimal.ZERO;
    ArrayNode arr = o.putArray("steps");
    for (EditTurn t : turns) {
      ObjectNode step = arr.addObject();
      step.put("turn", t.id());
      t.parentId().ifPresent(p -> step.put("after", p));
      step.put("image", t.image().toAbsolutePath().toString());
      step.put("costUsd", Json.usd(t.costUsd()));
      total = total.add(t.costUsd());
    }
    o.put("costUsd", Json.usd(total));
    o.put("contactSheet", drift.sheet().toAbsolutePath().toString());
    o.put("animation", drift.animation().toAbsolutePath().toString());
    return o;
  }
}
