package dev.darkroom.testkit;

import java.time.Duration;

/**
 * Runs a {@link FakeGemini} from the command line until killed, for trying the {@code darkroom} CLI
 * or your own app without a key: {@code java -cp <testkit + jackson> dev.darkroom.testkit.FakeGeminiServer
 * [--port N] [--latency-ms N] [--rpm N] [--batch-polls N]}: {@code --rpm} answers requests over the
 * per-minute limit with 429 and RetryInfo; {@code --batch-polls} is how many polls a Batch API batch
 * spends pending and then running. Prints the base URL; the API key is {@value FakeGemini#DEFAULT_API_KEY}.
 */
public final class FakeGeminiServer {
  private FakeGeminiServer() {}

  public static void main(String[] args) throws InterruptedException {
    int port = 0;
    long latencyMs = 0;
    int rpm = 0;
    int batchPolls = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--latency-ms" -> latencyMs = Long.parseLong(args[++i]);
        case "--rpm" -> rpm = Integer.parseInt(args[++i]);
        case "--batch-polls" -> batchPolls = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: FakeGeminiServer [--port N] [--latency-ms N] [--rpm N] [--batch-polls N]");
          System.exit(2);
        }
      }
    }
    FakeGemini fake = FakeGemini.start(port).latency(Duration.ofMillis(latencyMs)).recordBodies(false)
        .rateLimitPerMinute(rpm).batchPollsPerState(batchPolls);
    System.out.println(fake.baseUrl());
    System.out.flush();
    Thread.currentThread().join();
  }
}
