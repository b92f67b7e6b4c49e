package dev.darkroom.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link FakeServerMain} child process. Closing it stops the server. */
final class FakeServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private FakeServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the fake server JVM (1 GB heap) and waits for its port. */
  static FakeServerProcess start(int thoughtSignatureBytes) {
    List<String> cmd = Jvm.command(List.of("-Xmx1g", "-XX:+UseParallelGC", "-Djava.awt.headless=true"),
        FakeServerMain.class, List.of(Integer.toString(thoughtSignatureBytes)));
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      if (line == null || !line.startsWith("PORT ")) {
        p.destroyForcibly();
        throw new IllegalStateException("fake server did not start; it printed: " + line);
      }
      return new FakeServerProcess(p, Integer.parseInt(line.substring(5).trim()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
