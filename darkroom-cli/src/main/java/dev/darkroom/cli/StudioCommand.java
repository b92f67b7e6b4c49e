package dev.darkroom.cli;

import dev.darkroom.Darkroom;
import dev.darkroom.ModelCatalog;
import dev.darkroom.history.History;
import dev.darkroom.studio.web.StudioServer;
import java.io.File;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code darkroom studio}: the local web app, until Ctrl-C. */
@Command(
    name = "studio",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Starts Darkroom Studio, a local web app to generate (with live progress), browse and search the history,"
          + " rerun and compare, and opens it in the browser. It listens on 127.0.0.1 only; the printed URL carries"
          + " this launch's token. API keys stay in this process. Stop it with Ctrl-C.",
    })
final class StudioCommand implements Callable<Integer> {
  private final Environment env;

  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "N", defaultValue = "0",
      description = "Port on 127.0.0.1 (default: a free one).")
  int port;

  @Option(names = "--no-open", description = "Do not open the browser; just print the URL.")
  boolean noOpen;

  @Option(names = "--output-dir", paramLabel = "DIR",
      description = "Directory for generated images, created if missing (default: the current directory).")
  @Nullable String directory;

  @Mixin ModelTableOptions modelTable;

  @Mixin HomeOptions home;

  StudioCommand(Environment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    if (port < 0 || port > 65535) {
      throw CliException.usage("invalid --port " + port + "; allowed: 0 to 65535");
    }
    ModelCatalog catalog = CatalogLoader.load(env, modelTable);
    Map<String, String> vars = new HashMap<>(env.variables());
    vars.remove("DARKROOM_MODELS"); // the catalog already reflects these
    vars.remove("DARKROOM_MODEL");
    Path out = directory == null ? env.workingDir() : env.resolve(directory);
    PrintWriter stdout = spec.commandLine().getOut();
    try (History history = home.open(env, HomeOptions.DEFAULT_STALE_AFTER);
        Darkroom darkroom = Darkroom.builder().env(vars).catalog(catalog).clock(env.clock()).build();
        StudioServer studio = start(darkroom, history, out)) {
      stdout.println("Darkroom Studio: " + studio.uri());
      stdout.println("(listening on 127.0.0.1 only; stop with Ctrl-C)");
      stdout.flush();
      if (!noOpen) {
        open(studio.uri().toString());
      }
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      // stopped: the server is closed on the way out
    }
    return ExitCodes.OK;
  }

  private StudioServer start(Darkroom darkroom, History history, Path out) {
    try {
      return StudioServer.builder().darkroom(darkroom).history(history).outputDirectory(out).port(port).build();
    } catch (UncheckedIOException e) {
      throw CliException.usage("cannot listen on 127.0.0.1:" + port + ": " + e.getCause().getMessage());
    }
  }

  /** Opens the URL with xdg-open when it is on the PATH; says so and carries on when it is not or fails. */
  private void open(String url) {
    Optional<Path> opener = onPath("xdg-open");
    PrintWriter err = spec.commandLine().getErr();
    if (opener.isEmpty()) {
      err.println("darkroom: no xdg-open on the PATH: open the URL above in a browser");
      err.flush();
      return;
    }
    try {
      new ProcessBuilder(opener.get().toString(), url).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (java.io.IOException e) {
      err.println("darkroom: could not start xdg-open (" + e.getMessage() + "): open the URL above in a browser");
      err.flush();
    }
  }

  private Optional<Path> onPath(String name) {
    String path = env.get("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String d : path.split(File.pathSeparator)) {
      if (!d.isBlank()) {
        Path p = Path.of(d, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }
}
