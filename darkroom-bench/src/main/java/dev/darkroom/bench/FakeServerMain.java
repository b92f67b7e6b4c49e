package dev.darkroom.bench;

import dev.darkroom.testkit.FakeGemini;
import java.io.IOException;
import java.time.Duration;

/**
 * Runs a {@link FakeGemini} in its own JVM so that the server's allocations never show up in the
 * measured client's figures. Prints {@code PORT <n>} and serves until its standard input closes.
 *
 * <p>Arguments: {@code [thoughtSignatureBase64Length]} (default 3,000,000).
 */
public final class FakeServerMain {
  private FakeServerMain() {}

  public static void main(String[] args) throws IOException {
    int signature = args.length > 0 ? Integer.parseInt(args[0]) : 3_000_000;
    try (FakeGemini fake = FakeGemini.start()) {
      fake.latency(Duration.ZERO).recordBodies(false).thoughtSignatureBytes(signature);
      System.out.println("PORT " + fake.port());
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until the parent closes our stdin (or dies)
      }
    }
  }
}
