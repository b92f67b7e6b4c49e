package dev.darkroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.darkroom.history.GenerationRecord;
import dev.darkroom.history.History;
import dev.darkroom.history.HistoryQuery;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code darkroom history}: lists recorded generations, newest first; {@code history show ID} shows one. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Lists recorded generations, newest first: id, local time, model, status, cost, prompt and files.",
      "Example: darkroom history --since 7d --search fox",
      "Show one in full with 'darkroom history show ID'; repeat it with 'darkroom rerun ID'.",
    })
final class HistoryCommand implements Callable<Integer>, JsonReporting, ReadsHistory {
  private final Environment env;

  @Spec CommandSpec spec;

  @Option(names = "--since", paramLabel = "WHEN",
      description = "Only generations from then on: today, yesterday, 2026-11-01, 2026-11-01T10:00, or an age such as 12h or 7d.")
  @Nullable String since;

  @Option(names = "--until", paramLabel = "WHEN", description = "Only generations before then (a date includes that day).")
  @Nullable String until;

  @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Only this model.")
  @Nullable String model;

  @Option(names = "--status", paramLabel = "STATUS",
      description = "Only this status: succeeded, blocked, no_image, failed, interrupted or running.")
  @Nullable String status;

  @Option(names = "--search", paramLabel = "TEXT", description = "Only prompts containing all these words (full-text).")
  @Nullable String search;

  @Option(names = "--run", paramLabel = "RUN", description = "Only this run (one darkroom invocation).")
  @Nullable String run;

  @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20", description = "At most N generations (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "Print a JSON array with every field of each generation.")
  boolean json;

  @Mixin HomeOptions home;

  HistoryCommand(Environment env) {
    this.env = env;
  }

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() {
    HistoryQuery query = query();
    PrintWriter out = spec.commandLine().getOut();
    Optional<History> existing = home.openExisting(env);
    if (existing.isEmpty()) {
      out.println(json ? "[]" : home.noHistoryYet(env));
      out.flush();
      return ExitCodes.OK;
    }
    try (History history = existing.get()) {
      List<GenerationRecord> records = history.list(query);
      if (json) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        records.forEach(r -> array.add(RecordJson.of(r, false)));
        Json.print(out, array);
      } else if (records.isEmpty()) {
        boolean filtered = since != null || until != null || model != null || status != null || search != null
            || run != null;
        out.println("no generations " + (filtered ? "match" : "recorded") + " in " + history.file());
        out.flush();
      } else {
        HistoryTable.print(out, env, records);
      }
    }
    return ExitCodes.OK;
  }

  private HistoryQuery query() {
    if (limit < 1 || limit > HistoryQuery.MAX_LIMIT) {
      throw CliException.usage("invalid --limit " + limit + "; allowed: 1 to " + HistoryQuery.MAX_LIMIT);
    }
    HistoryQuery.Builder b = HistoryQuery.builder()
        .since(since == null ? null : TimeArguments.since(since, "--since", env.clock()))
        .until(until == null ? null : TimeArguments.until(until, "--until", env.clock()))
        .model(model)
        .status(status == null ? null : StatusNames.parse(status))
        .search(search)
        .runId(run)
        .limit(limit);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--since " + since + " is after --until " + until);
    }
  }
}
