package dev.darkroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lifecycle computed against a date, its sources, and the user's way past a date-based refusal. */
class ModelLifecycleTest {
  private static final LocalDate TODAY = LocalDate.parse("2026-12-06");
  private final ModelCatalog catalog = ModelCatalog.builtIn();

  @Test
  void nanoBanana25IsNotShutDownButLimitedToExistingUsers() {
    ModelInfo nb = catalog.require("gemini-2.5-flash-image");
    assertThat(nb.status()).isEqualTo(ModelStatus.GA);
    assertThat(nb.statusOn(TODAY)).isEqualTo(ModelStatus.GA);
    assertThat(nb.shutdown()).isEmpty();
    assertThat(nb.availability()).hasValue("limited to existing users");
    assertThat(nb.lifecycleSource("availability")).hasValueSatisfying(s -> assertThat(s).contains("2026-09-18"));
    assertThatCode(() -> nb.requireServedOn(TODAY, false)).doesNotThrowAnyException();
    assertThat(nb.lifecycleWarning(TODAY)).hasValueSatisfying(w -> assertThat(w)
        .contains("limited to existing users").contains("gemini-nano-banana-2.1").doesNotContain("deprecated"));
  }

  @Test
  void everyDateInTheTableHasASource() throws Exception {
    try (var in = ModelCatalog.class.getResourceAsStream("/dev/darkroom/models.json")) {
      var root = new ObjectMapper().readTree(in);
      for (var m : root.path("models")) {
        for (String field : new String[] {"released", "deprecated", "shutdown", "availability"}) {
          if (m.hasNonNull(field)) {
            assertThat(m.path("lifecycleSources").path(field).asText(""))
                .as(m.path("id").asText() + " " + field).isNotBlank();
          }
        }
      }
    }
  }

  @Test
  void modelPastItsShutdownDateIsRefusedSayingHowToOverride() {
    ModelInfo old = catalog.require("gpt-image-1.5");
    assertThat(old.statusOn(LocalDate.parse("2026-11-30"))).isEqualTo(ModelStatus.DEPRECATED);
    assertThat(old.statusOn(LocalDate.parse("2026-12-01"))).isEqualTo(ModelStatus.SHUTDOWN);
    assertThatCode(() -> old.requireServedOn(LocalDate.parse("2026-11-30"), false)).doesNotThrowAnyException();
    assertThatThrownBy(() -> old.requireServedOn(TODAY, false))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("reached its shutdown date 2026-12-01")
        .hasMessageContaining("deprecations")
        .hasMessageContaining("use gpt-image-2.6-sunburst instead")
        .hasMessageContaining("DARKROOM_ALLOW_SHUTDOWN_MODELS=gpt-image-1.5")
        .hasMessageContaining("\"ignoreShutdownDate\": true");
    assertThatCode(() -> old.requireServedOn(TODAY, true)).doesNotThrowAnyException();
    assertThat(old.lifecycleWarning(TODAY)).hasValueSatisfying(w -> assertThat(w).contains("overridden"));
  }

  @Test
  void allowListReadsTrueStarOrIds() {
    assertThat(ModelInfo.shutdownAllowed(null, "a")).isFalse();
    assertThat(ModelInfo.shutdownAllowed(" ", "a")).isFalse();
    assertThat(ModelInfo.shutdownAllowed("true", "a")).isTrue();
    assertThat(ModelInfo.shutdownAllowed("*", "a")).isTrue();
    assertThat(ModelInfo.shutdownAllowed("b, a", "a")).isTrue();
    assertThat(ModelInfo.shutdownAllowed("b,ab", "a")).isFalse();
  }

  @Test
  void clientRefusesByItsClockUnlessTheEnvironmentAllows() {
    Clock clock = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
    ModelInfo mini = catalog.require("gpt-image-1-mini");
    try (Darkroom strict = Darkroom.builder().clock(clock).build()) {
      assertThatThrownBy(() -> strict.checkLifecycle(mini)).isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("DARKROOM_ALLOW_SHUTDOWN_MODELS");
    }
    try (Darkroom lenient = Darkroom.builder().clock(clock)
        .env(Map.of(ModelInfo.ALLOW_SHUTDOWN_ENV, "gpt-image-1-mini")).build()) {
      assertThatCode(() -> lenient.checkLifecycle(mini)).doesNotThrowAnyException();
    }
  }

  @Test
  void userTableCanIgnoreAShutdownDateOrReviveAShutDownModel(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("models.json");
    Files.writeString(file, """
        {"models": [
          {"id": "gpt-image-1.5", "ignoreShutdownDate": true},
          {"id": "gpt-image-1", "status": "ga"},
          {"id": "dall-e-3", "status": "ga", "ignoreShutdownDate": true}
        ]}
        """);
    ModelCatalog mine = catalog.withOverrides(file);
    assertThat(mine.require("gpt-image-1.5").statusOn(TODAY)).isEqualTo(ModelStatus.DEPRECATED);
    assertThatCode(() -> mine.require("gpt-image-1.5").requireServedOn(TODAY, false)).doesNotThrowAnyException();
    assertThatThrownBy(() -> catalog.require("gpt-image-1"))
        .hasMessageContaining("\"status\": \"ga\", \"ignoreShutdownDate\": true in your model table file");
    // its shutdown date is in the past, so the date check now applies to the revived entry
    assertThatThrownBy(() -> mine.require("gpt-image-1").requireServedOn(TODAY, false))
        .hasMessageContaining("reached its shutdown date 2026-10-23");
    assertThatCode(() -> mine.require("dall-e-3").requireServedOn(TODAY, false)).doesNotThrowAnyException();
  }
}
