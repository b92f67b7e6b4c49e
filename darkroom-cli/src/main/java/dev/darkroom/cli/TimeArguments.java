package dev.darkroom.cli;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code --since} and {@code --until} for every command that takes them: {@code today} or
 * {@code yesterday} (that local day), a date ({@code 2026-11-01}), a local date and time
 * ({@code 2026-11-01T10:00}), a date and time with an offset ({@code 2026-11-01T10:00Z}), or an age
 * back from now ({@code 30m}, {@code 12h}, {@code 7d}, {@code 2w}). Local dates and times are in the
 * environment clock's zone. As an upper bound, a bare date includes that whole day.
 */
final class TimeArguments {
  private static final Pattern AGE = Pattern.compile("(\\d{1,6})([mhdw])");

  private TimeArguments() {}

  /** The first instant {@code value} covers, e.g. midnight at the start of a date. */
  static Instant since(String value, String option, Clock clock) {
    return parse(value, option, clock, false);
  }

  /** The instant just after {@code value}: a date means up to the following midnight. */
  static Instant until(String value, String option, Clock clock) {
    return parse(value, option, clock, true);
  }

  private static Instant parse(String value, String option, Clock clock, boolean wholeDay) {
    String v = value.strip();
    String word = v.toLowerCase(java.util.Locale.ROOT);
    if (word.equals("today") || word.equals("yesterday")) {
      LocalDate day = LocalDate.now(clock).minusDays(word.equals("today") ? 0 : 1);
      return (wholeDay ? day.plusDays(1) : day).atStartOfDay(clock.getZone()).toInstant();
    }
    Matcher age = AGE.matcher(v);
    if (age.matches()) {
      long n = Long.parseLong(age.group(1));
      Duration d = switch (age.group(2)) {
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
      return clock.instant().minus(d);
    }
    try {
      if (v.length() == 10) {
        LocalDate date = LocalDate.parse(v);
        return (wholeDay ? date.plusDays(1) : date).atStartOfDay(clock.getZone()).toInstant();
      }
      String t = v.replace(' ', 'T');
      if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:\\d\\d$")) {
        return OffsetDateTime.parse(t).toInstant();
      }
      return LocalDateTime.parse(t).atZone(clock.getZone()).toInstant();
    } catch (DateTimeException e) {
      throw CliException.usage("invalid " + option + " '" + value + "'; expected today, yesterday, a date (2026-11-01), a local date"
          + " and time (2026-11-01T10:00), or an age back from now such as 30m, 12h, 7d or 2w");
    }
  }
}
