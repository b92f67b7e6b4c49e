package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimeArgumentsTest {
  static final Clock PARIS = Clock.fixed(Instant.parse("2026-11-22T14:30:00Z"), ZoneId.of("Europe/Paris"));

  @Test
  void datesAndTimesAreLocalToTheClocksZone() {
    assertThat(TimeArguments.since("2026-11-01", "--since", PARIS)).isEqualTo("2026-10-31T23:00:00Z");
    assertThat(TimeArguments.until("2026-11-01", "--until", PARIS)).as("the whole day").isEqualTo("2026-11-01T23:00:00Z");
    assertThat(TimeArguments.since("2026-11-01T10:00", "--since", PARIS)).isEqualTo("2026-11-01T09:00:00Z");
    assertThat(TimeArguments.since("2026-11-01 10:00", "--since", PARIS)).isEqualTo("2026-11-01T09:00:00Z");
    assertThat(TimeArguments.until("2026-11-01T10:00:00Z", "--until", PARIS)).isEqualTo("2026-11-01T10:00:00Z");
    assertThat(TimeArguments.since("2026-11-01T10:00+05:00", "--since", PARIS)).isEqualTo("2026-11-01T05:00:00Z");
  }

  @Test
  void todayAndYesterdayAreLocalDaysForEveryCommand() {
    assertThat(TimeArguments.since("today", "--since", PARIS)).isEqualTo("2026-11-21T23:00:00Z");
    assertThat(TimeArguments.since("Yesterday", "--since", PARIS)).isEqualTo("2026-11-20T23:00:00Z");
    assertThat(TimeArguments.until("yesterday", "--until", PARIS)).as("the whole day").isEqualTo("2026-11-21T23:00:00Z");
  }

  @Test
  void agesCountBackFromNow() {
    assertThat(TimeArguments.since("30m", "--since", PARIS)).isEqualTo("2026-11-22T14:00:00Z");
    assertThat(TimeArguments.since("12h", "--since", PARIS)).isEqualTo("2026-11-22T02:30:00Z");
    assertThat(TimeArguments.since("7d", "--since", PARIS)).isEqualTo("2026-11-15T14:30:00Z");
    assertThat(TimeArguments.since("2w", "--since", PARIS)).isEqualTo("2026-11-08T14:30:00Z");
  }

  @Test
  void anythingElseNamesTheOptionTheValueAndTheForms() {
    for (String bad : new String[] {"tomorrow", "7x", "2026-13-01", "2026-11-01T25:00", "-7d", ""}) {
      assertThatThrownBy(() -> TimeArguments.since(bad, "--since", PARIS))
          .isInstanceOf(CliException.class)
          .hasMessageStartingWith("invalid --since '" + bad + "'; expected today, yesterday, a date (2026-11-01)");
    }
  }
}
