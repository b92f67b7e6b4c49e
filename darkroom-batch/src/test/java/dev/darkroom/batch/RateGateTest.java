package dev.darkroom.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.internal.RateGate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateGateTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<Duration> sleeps = new ArrayList<>();

  private RateGate gate(int rpm) {
    return new RateGate(rpm, now::get, d -> {
      sleeps.add(d);
      now.addAndGet(d.toNanos());
    });
  }

  @Test
  void spacesRequestsEvenlyJustUnderTheLimit() throws InterruptedException {
    RateGate gate = gate(60);
    for (int i = 0; i < 4; i++) {
      gate.acquire();
    }
    assertThat(sleeps).containsExactly(Duration.ofMillis(1020), Duration.ofMillis(1020), Duration.ofMillis(1020));
  }

  @Test
  void aPauseHoldsEveryCallerAndSlotsResumeAfterIt() throws InterruptedException {
    RateGate gate = gate(0);
    gate.acquire();
    gate.pauseFor(Duration.ofSeconds(34));
    gate.pauseFor(Duration.ofSeconds(2));
    assertThat(gate.pausedFor()).isEqualTo(Duration.ofSeconds(34));
    gate.acquire();
    gate.acquire();
    assertThat(sleeps).containsExactly(Duration.ofSeconds(34));
    assertThat(gate.pausedFor()).isZero();
  }

  @Test
  void callersWaitingTogetherQueueInOrder() throws InterruptedException {
    List<Duration> waits = new ArrayList<>();
    RateGate gate = new RateGate(120, now::get, waits::add); // the sleeper does not advance time
    gate.acquire();
    gate.acquire();
    gate.acquire();
    assertThat(waits).containsExactly(Duration.ofMillis(510), Duration.ofMillis(1020));
  }
}
