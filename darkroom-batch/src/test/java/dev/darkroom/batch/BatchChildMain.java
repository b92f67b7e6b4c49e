package dev.darkroom.batch;

import dev.darkroom.Darkroom;
import dev.darkroom.ModelCatalog;
import dev.darkroom.history.History;
import java.nio.file.Path;

/** Runs a job file in a separate JVM so a test can kill it with SIGKILL: baseUrl jobFile dbFile runId concurrency. */
public final class BatchChildMain {
  private BatchChildMain() {}

  public static void main(String[] args) {
    try (History history = History.open(Path.of(args[2]));
        Darkroom darkroom = Darkroom.builder().setting("gemini.apiKey", "test-key").setting("gemini.baseUrl", args[0]).build()) {
      BatchPlan plan = JobFile.plan(Path.of(args[1]), ModelCatalog.builtIn());
      BatchRunner runner = BatchRunner.builder().darkroom(darkroom).history(history)
          .concurrency(Integer.parseInt(args[4])).build();
      System.out.println("started");
      System.out.flush();
      runner.run(plan, args[3]);
      System.out.println("finished");
    }
  }
}
