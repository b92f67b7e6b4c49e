package dev.darkroom.testkit;

import java.time.Duration;

/**
 * Runs a {@link FakeGemini} from the command line until killed, for trying the {@code darkroom} CLI
 * or your own app without a key: {@code java -cp <testkit + jackson> dev.darkroom.testkit.FakeGeminiServer
 * [--port N] [--latency-ms N]}. Prints the base URL; the API key is {@value FakeGemini#DEFAULT_API_KEY}.
 */
public final class FakeGeminiServer {
  private FakeGeminiServer() {}

  public static void main(String[] args) throws InterruptedException {
    int port = 0;
    long latencyMs = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--latency-ms" -> latencyMs = Long.parseLong(args[++i]);
        default -> {
          System.err.println("usage: FakeGeminiServer [--port N] [--latency-ms N]");
          System.exit(2);
        }
      }
    }
    FakeGemini fake = FakeGemini.start(port).latency(Duration.ofMillis(latencyMs)).recordBodies(false);
    System.out.println(fake.baseUrl());
    System.out.flush();
    Thread.currentThread().join();
  }
}
