package dev.darkroom.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a child process to completion, capturing stdout and stderr together. */
final class Child {
  final int exitCode;
  final List<String> output;
  final long nanos;

  private Child(int exitCode, List<String> output, long nanos) {
    this.exitCode = exitCode;
    this.output = output;
    this.nanos = nanos;
  }

  static Child run(List<String> command, Map<String, String> env, long timeoutSeconds) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    List<String> lines = new ArrayList<>();
    long t0 = System.nanoTime();
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            synchronized (lines) {
              lines.add(line);
            }
          }
        } catch (IOException e) {
          // the process went away
        }
      });
      reader.start();
      boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      long nanos = System.nanoTime() - t0;
      if (!done) {
        p.destroyForcibly().waitFor();
      }
      reader.join(5_000);
      synchronized (lines) {
        return new Child(done ? p.exitValue() : -1, List.copyOf(lines), nanos);
      }
    } catch (IOException e) {
      return new Child(-2, List.of(String.valueOf(e)), System.nanoTime() - t0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
