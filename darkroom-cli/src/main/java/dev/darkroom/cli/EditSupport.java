package dev.darkroom.cli;

import dev.darkroom.Darkroom;
import dev.darkroom.EditSession;
import dev.darkroom.EditTurn;
import dev.darkroom.ImageRequest;
import dev.darkroom.ModelCatalog;
import dev.darkroom.SaveOptions;
import dev.darkroom.history.History;
import dev.darkroom.history.StoredSession;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Mixin;

/**
 * What every {@code edit} and {@code iterate} command shares: the history that makes sessions
 * durable ({@code --home}), the connection and model-table options, and how a turn is printed.
 * Sessions are always recorded: without the history they could not be resumed.
 */
final class EditSupport {
  @Mixin HomeOptions home;

  @Mixin ConnectionOptions connection;

  @Mixin ModelTableOptions modelTable;

  @Mixin InputSizeOptions inputSize;

  /**
   * Refuses, before anything is opened or read, an interactive run ({@link EditLoop}, which reads one
   * instruction per line of standard input) when the access token is read from standard input too
   * ({@code --access-token-file -}): the loop would find the input already consumed.
   *
   * @throws CliException (usage) naming both readers
   */
  void refuseSharedStdinForInstructions() {
    connection.refuseSharedStdin(java.util.List.of("the instructions read one per line (no INSTRUCTION given)"));
  }

  /** An open client, history and progress for one command; close it when done. */
  final class Run implements AutoCloseable {
    final ModelCatalog catalog;
    final History history;
    final ConsoleProgress progress;
    private Darkroom client;
    private final Environment env;
    private final PrintWriter err;

    Run(Environment env, PrintWriter err) {
      this.env = env;
      this.err = err;
      this.catalog = CatalogLoader.load(env, modelTable);
      this.history = home.open(env, HistoryOptions.staleAfter(connection.timeoutSeconds));
      this.progress = new ConsoleProgress(err, env, "an edit", false, false);
    }

    /** The client for a provider, opened once. */
    Darkroom client(String provider) {
      if (client == null) {
        client = ClientFactory.create(env, connection, catalog, progress, inputSize.maxSide(),
            history.withRun(history.newRunId()), provider);
      }
      return client;
    }

    /** Starts a session: the first turn is sent now. */
    EditSession start(ImageRequest first, SaveOptions save) {
      return client(first.model().provider()).session(first, save, history);
    }

    /** The recorded session {@code id}, ready to continue from its last turn. */
    EditSession resume(String id) {
      StoredSession stored = stored(id);
      ImageRequest template = stored.template(catalog);
      return client(template.model().provider()).resumeSession(id, template,
          SaveOptions.toDirectory(stored.directory()), stored.turns(), history);
    }

    StoredSession stored(String id) {
      return history.session(id).orElseThrow(() -> CliException.usage("no editing session '" + id + "' in "
          + history.file() + recent()));
    }

    private String recent() {
      List<String> ids = history.sessionIds(5);
      return ids.isEmpty() ? "; start one with 'darkroom edit start PROMPT'" : "; recent sessions: " + String.join(", ", ids);
    }

    @Override
    public void close() {
      progress.close();
      try {
        if (client != null) {
          client.close();
        }
      } finally {
        history.close();
      }
      err.flush();
    }
  }

  Run open(Environment env, PrintWriter err) {
    return new Run(env, err);
  }

  /** One line per turn: {@code turn 2 (after 1): PATH  $0.1340  "instruction"}. */
  static void print(PrintWriter out, Environment env, EditTurn t) {
    out.println("turn " + t.id() + t.parentId().map(p -> " (after " + p + ")").orElse("") + ": "
        + env.display(t.image()) + "  " + Formats.usd4(t.costUsd()) + "  \"" + Formats.firstLine(t.instruction(), 60)
        + "\"");
    out.flush();
  }
}
