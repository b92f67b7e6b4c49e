package dev.darkroom.spi;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.InvalidRequestException;
import org.junit.jupiter.api.Test;

class OptionCheckTest {
  private final OptionCheck check = OptionCheck.of("engine");

  @Test
  void unsetAndInRangeValuesPass() {
    assertThatCode(() -> {
      check.sampling(null, null, null);
      check.sampling(1, 0.0, 1.0);
      check.sampling(10_000, 100.0, 0.0);
      check.name("sampler", null);
      check.lora("style", -100, 100, "style:-100:100");
    }).doesNotThrowAnyException();
  }

  @Test
  void refusalsNameTheProviderFieldTheValueAndWhatIsAllowed() {
    assertThatThrownBy(() -> check.sampling(0, null, null)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("engine.steps 0 is invalid; allowed: a whole number from 1 to 10000")
        .extracting(e -> ((InvalidRequestException) e).field().orElseThrow()).isEqualTo("engine.steps");
    assertThatThrownBy(() -> check.sampling(20, Double.NaN, null))
        .hasMessage("engine.cfg NaN is invalid; allowed: a number from 0 to 100");
    assertThatThrownBy(() -> check.sampling(20, 7.0, 1.5))
        .hasMessage("engine.denoise 1.5 is invalid; allowed: a number from 0 to 1");
    assertThatThrownBy(() -> check.name("sampler", " "))
        .hasMessage("engine.sampler ' ' is invalid; allowed: a non-blank name without control characters");
    assertThatThrownBy(() -> check.lora("style", 101, 1, "style:101:1"))
        .hasMessage("engine.loras 'style:101:1' is invalid; allowed: weights from -100 to 100");
  }
}
