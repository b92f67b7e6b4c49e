package dev.darkroom;

import java.time.Duration;

/** Waits between retries. Injected so tests can check exact delays without waiting. */
@FunctionalInterface
public interface Sleeper {
  /** The real thing: {@link Thread#sleep}. */
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));

  void sleep(Duration duration) throws InterruptedException;
}
