package dev.darkroom.cli;

import dev.darkroom.history.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where the history database lives: {@code --home}, else {@code $DARKROOM_HOME}, else {@code ~/.darkroom}. */
final class HomeOptions {
  /** How long a row may stay running before a reader calls it interrupted, when nothing better is known. */
  static final Duration DEFAULT_STALE_AFTER = Duration.ofHours(1);

  @Option(names = "--home", paramLabel = "DIR",
      description = "Darkroom home directory holding history.db (default: $DARKROOM_HOME, else ~/.darkroom).")
  @Nullable String home;

  /** The database file; relative directories are resolved against the working directory. */
  Path file(Environment env) {
    String dir = home != null && !home.isBlank() ? home : env.get("DARKROOM_HOME");
    return dir != null ? env.resolve(dir).resolve(History.FILE_NAME) : History.defaultFile(env.variables());
  }

  /**
   * Opens (creating if needed) the history.
   *
   * @param staleAfter how long a row may stay running before it reads as interrupted
   * @throws dev.darkroom.history.HistoryException naming the file when it cannot be used
   */
  /**
   * Opens the history for reading when its file exists; empty when there is none yet, which is then
   * left uncreated. Tell the user {@link #noHistoryYet}.
   *
   * @throws dev.darkroom.history.HistoryException naming the file when it cannot be used
   */
  Optional<History> openExisting(Environment env) {
    return Files.exists(file(env)) ? Optional.of(open(env, DEFAULT_STALE_AFTER)) : Optional.empty();
  }

  /** What a reading command says when {@link #openExisting} finds no database. */
  String noHistoryYet(Environment env) {
    return "no history yet at " + file(env).toAbsolutePath().normalize();
  }

  History open(Environment env, Duration staleAfter) {
    return History.builder()
        .file(file(env))
        .staleAfter(staleAfter)
        .clock(env.clock())
        .sleeper(env.sleeper())
        .build();
  }
}
