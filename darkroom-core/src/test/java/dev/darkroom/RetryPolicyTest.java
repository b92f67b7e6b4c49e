package dev.darkroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy = RetryPolicy.defaults();

  @Test
  void fullJitterIsBoundedByTheCappedExponential() {
    assertThat(policy.delayAfter(1, null, () -> 0.999)).isLessThan(Duration.ofSeconds(2));
    assertThat(policy.delayAfter(3, null, () -> 0.5)).isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.delayAfter(10, null, () -> 0.999)).isLessThan(Duration.ofSeconds(60));
    assertThat(policy.delayAfter(10, null, () -> 0.0)).isEqualTo(Duration.ZERO);
  }

  @Test
  void providerDelayIsHonouredWithSmallJitter() {
    assertThat(policy.delayAfter(1, Duration.ofSeconds(34), () -> 0.0)).isEqualTo(Duration.ofSeconds(34));
    assertThat(policy.delayAfter(1, Duration.ofSeconds(34), () -> 0.99)).isLessThan(Duration.ofMillis(37_400));
  }
}
