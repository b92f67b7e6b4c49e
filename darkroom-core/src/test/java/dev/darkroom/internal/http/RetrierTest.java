package dev.darkroom.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.DarkroomException.Details;
import dev.darkroom.RetryPolicy;
import dev.darkroom.ServerException;
import dev.darkroom.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetrierTest {
  /** A clock the sleeper advances, so elapsed time is simulated exactly. */
  private static final class SimulatedTime {
    Instant now = Instant.parse("2026-11-22T00:00:00Z");
    final List<Duration> sleeps = new ArrayList<>();

    Clock clock() {
      return new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
    }

    void sleep(Duration d) {
      sleeps.add(d);
      now = now.plus(d);
    }
  }

  private static ServerException retryable(Duration after) {
    return new ServerException("503", null, Details.http(503, "UNAVAILABLE", "{}").retryable(true).retryAfter(after));
  }

  @Test
  void stopsWhenTheNextWaitWouldPassTheOverallDeadline() {
    SimulatedTime time = new SimulatedTime();
    RetryPolicy policy = RetryPolicy.builder().maxAttempts(10).maxElapsed(Duration.ofSeconds(60)).build();
    Retrier retrier = new Retrier(policy, time.clock(), time::sleep, () -> 0.0);
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(() -> retrier.run(n -> {
      attempts.incrementAndGet();
      throw retryable(Duration.ofSeconds(25));
    }, (n, d, e) -> {})).isInstanceOf(ServerException.class);
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(25), Duration.ofSeconds(25));
    assertThat(attempts).hasValue(3);
  }

  @Test
  void nonRetryableFailuresPassStraightThrough() {
    SimulatedTime time = new SimulatedTime();
    Retrier retrier = new Retrier(RetryPolicy.defaults(), time.clock(), time::sleep, () -> 0.5);
    assertThatThrownBy(() -> retrier.run(n -> {
      throw new ServerException("409", null, Details.http(409, "ABORTED", "{}"));
    }, (n, d, e) -> {})).hasMessage("409");
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void observerSeesEachRetryAndTheOutcomeCountsAttempts() {
    SimulatedTime time = new SimulatedTime();
    Retrier retrier = new Retrier(RetryPolicy.defaults(), time.clock(), time::sleep, () -> 0.5);
    List<Integer> seen = new ArrayList<>();
    Retrier.Outcome<String> out = retrier.run(n -> {
      if (n < 3) {
        throw new TransportException("reset", null, Details.none().retryable(true));
      }
      return "ok";
    }, (n, d, e) -> seen.add(n));
    assertThat(out.value()).isEqualTo("ok");
    assertThat(out.attempts()).isEqualTo(3);
    assertThat(seen).containsExactly(1, 2);
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }
}
