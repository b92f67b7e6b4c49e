package dev.darkroom.cli;

import dev.darkroom.history.CostGrouping;
import dev.darkroom.history.CostQuery;
import dev.darkroom.history.CostReport;
import dev.darkroom.history.History;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code darkroom cost}: recorded spend by day, model or run, with blocked and failed calls apart. */
@Command(
    name = "cost",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Sums recorded spend by day, model or run. Blocked, empty and failed calls are shown apart from succeeded"
          + " ones, since providers may bill them. Costs are at the model table's standard prices.",
      "Example: darkroom cost --since 2026-11-01 --by model",
    })
final class CostCommand implements Callable<Integer>, JsonReporting, ReadsHistory {
  private final Environment env;

  @Spec CommandSpec spec;

  @Option(names = "--since", paramLabel = "WHEN",
      description = "From then on: today, yesterday, 2026-11-01, 2026-11-01T10:00, or an age such as 12h or 7d (default: all time).")
  @Nullable String since;

  @Option(names = "--until", paramLabel = "WHEN", description = "Before then (a date includes that day).")
  @Nullable String until;

  @Option(names = "--by", paramLabel = "GROUP", defaultValue = "day",
      description = "One line per day (local), model or run (default: ${DEFAULT-VALUE}).")
  String by = "day";

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Mixin HomeOptions home;

  CostCommand(Environment env) {
    this.env = env;
  }

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() {
    CostQuery query = query();
    Optional<History> existing = home.openExisting(env);
    if (existing.isEmpty()) {
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Json.print(out, CostJson.of(empty(query)));
      } else {
        out.println(home.noHistoryYet(env));
        out.flush();
      }
      return ExitCodes.OK;
    }
    try (History history = existing.get()) {
      CostReport report = history.cost(query);
      if (json) {
        Json.print(spec.commandLine().getOut(), CostJson.of(report));
      } else {
        CostTable.print(spec.commandLine().getOut(), report, history.file(), TerminalWidth.of(env));
      }
    }
    return ExitCodes.OK;
  }

  private static CostReport empty(CostQuery query) {
    CostReport.Tally zero = CostReport.Tally.ZERO;
    return new CostReport(query, List.of(), new CostReport.Line("total", zero, zero, zero, zero, zero, java.time.Duration.ZERO));
  }

  private CostQuery query() {
    CostGrouping grouping = switch (by.strip().toLowerCase(Locale.ROOT)) {
      case "day" -> CostGrouping.DAY;
      case "model" -> CostGrouping.MODEL;
      case "run" -> CostGrouping.RUN;
      default -> throw CliException.usage("invalid --by '" + by + "'; allowed: day, model, run");
    };
    CostQuery.Builder b = CostQuery.builder()
        .since(since == null ? null : TimeArguments.since(since, "--since", env.clock()))
        .until(until == null ? null : TimeArguments.until(until, "--until", env.clock()))
        .groupBy(grouping)
        .zone(env.clock().getZone());
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--since " + since + " is after --until " + until);
    }
  }
}
