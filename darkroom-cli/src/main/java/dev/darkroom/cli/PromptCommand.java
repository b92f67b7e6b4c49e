package dev.darkroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.prompt.A1111Schedule;
import dev.darkroom.prompt.ExplainedToken;
import dev.darkroom.prompt.LoraRef;
import dev.darkroom.prompt.ParsedPrompt;
import dev.darkroom.prompt.PromptConverter;
import dev.darkroom.prompt.PromptExplainer;
import dev.darkroom.prompt.PromptSyntax;
import dev.darkroom.prompt.RenderedPrompt;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code darkroom prompt}: moves prompts between engines' weighting dialects ({@code convert}) and shows
 * the weight each word gets ({@code explain}). Reads nothing but its arguments and sends nothing.
 */
@Command(
    name = "prompt",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Prompt weights across engines: a1111 (also Forge), compel, comfyui, vqgan, plain (Gemini, OpenAI).",
      "Example: darkroom prompt convert --from a1111 --to comfyui \"a ((cat:1.5)), [blurry]\"",
      "Example: darkroom prompt explain \"a (big (red:1.3) hat:1.2)\"",
    },
    subcommands = {PromptCommand.Convert.class, PromptCommand.Explain.class})
final class PromptCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static PromptSyntax syntax(String option, String value) {
    try {
      return PromptSyntax.parse(value);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(option + ": " + e.getMessage());
    }
  }

  static int steps(int steps) {
    if (steps < 1) {
      throw CliException.usage("--steps must be at least 1, got " + steps);
    }
    return steps;
  }

  static String number(double weight) {
    BigDecimal d = BigDecimal.valueOf(weight).setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
  }

  static ArrayNode loras(List<LoraRef> loras) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (LoraRef l : loras) {
      array.addObject().put("name", l.name()).put("modelWeight", l.modelWeight())
          .put("clipWeight", l.effectiveClipWeight());
    }
    return array;
  }

  static String lora(LoraRef l) {
    return l.name() + " (model " + number(l.modelWeight()) + ", clip " + number(l.effectiveClipWeight()) + ")";
  }

  /** {@code darkroom prompt convert}. */
  @Command(
      name = "convert",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      sortOptions = false,
      description = {
        "Rewrites a prompt for another engine, keeping each word's weight where the target can express it.",
        "What it cannot express is named in a warning on standard error (or refused with --strict, exit 2).",
        "Example: darkroom prompt convert --from a1111 --to comfyui \"a ((cat:1.5)), [blurry]\"",
      })
  static final class Convert implements Callable<Integer>, JsonReporting {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "The prompt text.")
    String prompt = "";

    @Option(names = "--from", paramLabel = "SYNTAX", defaultValue = "a1111",
        description = "Syntax of PROMPT: a1111, compel, comfyui, swarmui, vqgan or plain (default: ${DEFAULT-VALUE}).")
    String from = "a1111";

    @Option(names = "--to", paramLabel = "SYNTAX", required = true,
        description = "Syntax to write: a1111, compel, comfyui, swarmui, vqgan or plain.")
    String to = "";

    @Option(names = "--negative", paramLabel = "TEXT", description = "A negative prompt, in the same syntax.")
    @Nullable String negative;

    @Option(names = "--strict", description = "Refuse (exit 2) instead of warning when something would be lost.")
    boolean strict;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "20",
        description = "Sampling steps, for A1111 prompt editing [a:b:0.5] and alternation [a|b] (default: ${DEFAULT-VALUE}).")
    int steps = 20;

    @Option(names = "--json", description = "Print one JSON object: text, negative, loras, warnings.")
    boolean json;

    @Override
    public boolean jsonRequested() {
      return json;
    }

    @Override
    public Integer call() {
      PromptSyntax source = syntax("--from", from);
      PromptSyntax target = syntax("--to", to);
      RenderedPrompt r = PromptConverter.convert(prompt, negative, source.parser(List.of(), steps(steps)), source,
          target, strict);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode root = Json.object().put("from", source.id()).put("to", target.id()).put("text", r.text());
        r.negative().ifPresentOrElse(n -> root.put("negative", n), () -> root.putNull("negative"));
        root.set("loras", loras(r.loras()));
        ArrayNode warnings = root.putArray("warnings");
        r.warnings().forEach(warnings::add);
        Json.print(out, root);
        return ExitCodes.OK;
      }
      out.println(r.text());
      r.negative().ifPresent(n -> out.println("Negative prompt: " + n));
      out.flush();
      PrintWriter err = spec.commandLine().getErr();
      for (LoraRef l : r.loras()) {
        err.println("note: LoRA " + lora(l) + " is not part of " + target.id()
            + " prompt text; load it in the engine (e.g. a LoraLoader node)");
      }
      r.warnings().forEach(w -> err.println("warning: " + w));
      err.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code darkroom prompt explain}. */
  @Command(
      name = "explain",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      sortOptions = false,
      description = {
        "Lists each word of a prompt with the weight the engine gives it (1 is neutral).",
        "Example: darkroom prompt explain --syntax comfyui \"a ((cat:1.5))\"",
      })
  static final class Explain implements Callable<Integer>, JsonReporting {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "The prompt text.")
    String prompt = "";

    @Option(names = "--syntax", paramLabel = "SYNTAX", defaultValue = "a1111",
        description = "Syntax of PROMPT: a1111, compel, comfyui, swarmui, vqgan or plain (default: ${DEFAULT-VALUE}).")
    String syntax = "a1111";

    @Option(names = "--negative", paramLabel = "TEXT", description = "A negative prompt, in the same syntax.")
    @Nullable String negative;

    @Option(names = "--json", description = "Print one JSON object with a row per token.")
    boolean json;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "20",
        description = "Sampling steps, for A1111 prompt editing [a:b:0.5] and alternation [a|b] (default: ${DEFAULT-VALUE}).")
    int steps = 20;

    @Override
    public boolean jsonRequested() {
      return json;
    }

    @Override
    public Integer call() {
      PromptSyntax s = syntax("--syntax", syntax);
      ParsedPrompt parsed = s.parser(List.of(), steps(steps)).parse(prompt, negative);
      List<ExplainedToken> tokens = PromptExplainer.explain(parsed);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode root = Json.object().put("syntax", s.id());
        ArrayNode rows = root.putArray("tokens");
        for (ExplainedToken t : tokens) {
          rows.addObject().put("token", t.text()).put("weight", t.weight())
              .put("kind", t.kind().name().toLowerCase(java.util.Locale.ROOT))
              .put("part", t.negative() ? "negative" : String.valueOf(t.subPrompt()))
              .put("partWeight", t.subPromptWeight());
        }
        root.set("loras", loras(parsed.loras()));
        ArrayNode schedule = root.putArray("schedule");
        for (ParsedPrompt.Scheduled part : parsed.scheduled()) {
          int first = 1;
          for (A1111Schedule.Stage stage : A1111Schedule.parse(part.part()).stages(steps)) {
            schedule.addObject().put("part", part.number() == 0 ? "negative" : String.valueOf(part.number()))
                .put("firstStep", first).put("lastStep", stage.lastStep()).put("text", stage.text());
            first = stage.lastStep() + 1;
          }
        }
        Json.print(out, root);
        return ExitCodes.OK;
      }
      printSchedule(out, parsed);
      boolean parts = parsed.subPrompts().size() > 1 || parsed.negative().isPresent()
          || parsed.subPrompts().get(0).weight() != 1.0;
      List<String[]> rows = new ArrayList<>();
      rows.add(parts ? new String[] {"PART", "TOKEN", "WEIGHT"} : new String[] {"TOKEN", "WEIGHT"});
      for (ExplainedToken t : tokens) {
        String token = switch (t.kind()) {
          case EMBEDDING -> t.text() + " (embedding)";
          case BREAK -> "BREAK (chunk break)";
          case TEXT -> t.text();
        };
        String weight = t.kind() == dev.darkroom.prompt.Span.Kind.BREAK ? "-" : t.formattedWeight();
        if (parts) {
          String part = t.negative() ? "negative"
              : t.subPrompt() + (t.subPromptWeight() == 1.0 ? "" : " (weight " + number(t.subPromptWeight()) + ")");
          rows.add(new String[] {part, token, weight});
        } else {
          rows.add(new String[] {token, weight});
        }
      }
      TextTable.print(out, rows);
      for (LoraRef l : parsed.loras()) {
        out.println("LoRA " + lora(l));
      }
      out.flush();
      return ExitCodes.OK;
    }

    /** A1111 prompt editing and alternation: the text of each stage, then a note that the table is the last. */
    private void printSchedule(PrintWriter out, ParsedPrompt parsed) {
      if (parsed.scheduled().isEmpty()) {
        return;
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"PART", "STEPS", "TEXT"});
      for (ParsedPrompt.Scheduled part : parsed.scheduled()) {
        int first = 1;
        for (A1111Schedule.Stage stage : A1111Schedule.parse(part.part()).stages(steps)) {
          rows.add(new String[] {part.number() == 0 ? "negative" : String.valueOf(part.number()),
              first == stage.lastStep() ? String.valueOf(first) : first + "-" + stage.lastStep(), stage.text()});
          first = stage.lastStep() + 1;
        }
      }
      out.println("Prompt editing and alternation over " + steps + " steps:");
      TextTable.print(out, rows);
      out.println("Weights at the last step:");
    }
  }
}
