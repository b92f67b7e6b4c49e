package dev.darkroom.history;

import dev.darkroom.GenerationRecorder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A separate process for concurrency tests.
 *
 * <ul>
 *   <li>{@code write DB RUN N}: records N completed generations in run RUN, prints {@code DONE <busy-retries> <millis>}.
 *   <li>{@code hang DB}: begins one call, prints {@code BEGUN <id>}, then keeps writing other rows until killed.
 * </ul>
 */
public final class HistoryWriterMain {
  private HistoryWriterMain() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    AtomicInteger retries = new AtomicInteger();
    try (History history = History.builder().file(Path.of(args[1]))
        .sleeper(d -> {
          retries.incrementAndGet();
          Thread.sleep(d.toMillis());
        }).build()) {
      switch (args[0]) {
        case "write" -> {
          long start = System.nanoTime();
          GenerationRecorder run = history.withRun(args[2]);
          int n = Integer.parseInt(args[3]);
          for (int i = 0; i < n; i++) {
            run.begin(Fixtures.request(args[2] + " image " + i), List.of(), i)
                .succeeded(Fixtures.generation(List.of(), "0.039"));
          }
          out.println("DONE " + retries.get() + " " + (System.nanoTime() - start) / 1_000_000);
        }
        case "hang" -> {
          history.begin(Fixtures.request("killed mid-call"), List.of(), 0);
          long id = history.list(HistoryQuery.builder().search("killed").limit(1).build()).get(0).id();
          out.println("BEGUN " + id);
          out.flush();
          for (int i = 0; ; i++) {
            history.begin(Fixtures.request("busy " + i), List.of(), 0).succeeded(Fixtures.generation(List.of(), "0.01"));
          }
        }
        default -> throw new IllegalArgumentException(args[0]);
      }
    }
  }
}
