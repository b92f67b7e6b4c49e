package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.DarkroomException;
import dev.darkroom.QuotaExceededException;
import dev.darkroom.ServerException;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
  private final StringWriter err = new StringWriter();

  private ConsoleProgress progress(boolean terminal, boolean json) {
    Environment env = new Environment(Map.of(), new ByteArrayInputStream(new byte[0]), Path.of("."),
        Clock.systemUTC(), terminal, d -> {});
    return new ConsoleProgress(new PrintWriter(err, true), env, "1 image with m", json, true);
  }

  private static DarkroomException rateLimit() {
    return new QuotaExceededException("slow down", null, DarkroomException.Details.http(429, "RESOURCE_EXHAUSTED", "{}"));
  }

  @Test
  void onATerminalTheLineIsRedrawnInPlaceWithTheRetryAndErasedAtTheEnd() throws Exception {
    ConsoleProgress p = progress(true, false);
    p.start();
    p.onAttempt(0, 1);
    p.onRetry(0, 1, Duration.ofMillis(33_200), rateLimit());
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!err.toString().contains("retrying") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    p.close();

    assertThat(err.toString()).contains("\r\033[K").contains("generating 1 image with m")
        .contains("retrying in 34 s after 429 rate limit…").endsWith("\r\033[K").doesNotContain("\n");
  }

  @Test
  void aStatusNoteJoinsTheTerminalLineOnly() throws Exception {
    ConsoleProgress p = progress(true, false);
    p.start();
    p.status("3/4 done");
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!err.toString().contains("3/4 done") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    p.close();
    assertThat(err.toString()).contains("generating 1 image with m  ").contains(" s  3/4 done").doesNotContain("\n");

    StringWriter plain = new StringWriter();
    Environment env = new Environment(Map.of(), new ByteArrayInputStream(new byte[0]), Path.of("."),
        Clock.systemUTC(), false, d -> {});
    try (ConsoleProgress off = new ConsoleProgress(new PrintWriter(plain, true), env, "x", false, false)) {
      off.start();
      off.status("1/2 done");
    }
    assertThat(plain.toString()).isEmpty();
  }

  @Test
  void offATerminalOnlyRetriesArePrintedAsPlainLines() {
    ConsoleProgress p = progress(false, false);
    p.start();
    p.onAttempt(0, 1);
    p.onRetry(1, 2, Duration.ofSeconds(4), new ServerException("busy", null, DarkroomException.Details.http(503, "UNAVAILABLE", "")));
    p.close();

    assertThat(err.toString()).isEqualTo("darkroom: attempt 2 of image 2 failed (503 server error); retrying in 4 s\n");
  }

  @Test
  void warningsArePrintedOnceOrOnlyCollectedInJsonMode() {
    ConsoleProgress human = progress(false, false);
    human.onWarning("model x is deprecated");
    human.onWarning("model x is deprecated");
    ConsoleProgress json = progress(false, true);
    json.onWarning("model x is deprecated");
    json.onRetry(0, 1, Duration.ofSeconds(1), rateLimit());

    assertThat(err.toString()).isEqualTo("warning: model x is deprecated\n");
    assertThat(json.warnings()).containsExactly("model x is deprecated");
  }

  @Test
  void thoughtsAreDimmedOnATerminal() {
    ConsoleProgress p = progress(true, false);
    p.onThought(0, "Sketching the layout.");
    p.close();

    assertThat(err.toString()).isEqualTo("\033[2mSketching the layout.\033[0m\n");
  }
}
