package dev.darkroom.cli;

import dev.darkroom.history.GenerationRecord;
import dev.darkroom.history.History;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code darkroom history show ID}: everything the history knows about one generation. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Shows one recorded generation in full: request, inputs with SHA-256, outcome, usage, cost, timing and files"
          + " (with whether each is still on disk unchanged).",
    })
final class HistoryShowCommand implements Callable<Integer>, JsonReporting, ReadsHistory {
  private final Environment env;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "The generation's id, as 'darkroom history' lists it.")
  long id;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Mixin HomeOptions home;

  HistoryShowCommand(Environment env) {
    this.env = env;
  }

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() {
    try (History history = home.openExisting(env).orElseThrow(() -> CliException.usage(home.noHistoryYet(env)))) {
      GenerationRecord record = find(history, id);
      if (json) {
        Json.print(spec.commandLine().getOut(), RecordJson.of(record, true));
      } else {
        RecordText.print(spec.commandLine().getOut(), record, env.clock().getZone());
      }
    }
    return ExitCodes.OK;
  }

  /** The row, or a usage error naming the id and the database. */
  static GenerationRecord find(History history, long id) {
    return history.get(id).orElseThrow(() -> CliException.usage("no generation with id " + id + " in " + history.file()));
  }
}
