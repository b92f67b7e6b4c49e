package dev.darkroom.internal.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GridSpecTest {

  @Test
  void parsesRowsFirstWithAnyCrossCharacter() {
    assertThat(GridSpec.parse("2x2")).isEqualTo(new GridSpec(2, 2));
    assertThat(GridSpec.parse("3X4")).isEqualTo(new GridSpec(3, 4));
    assertThat(GridSpec.parse("2\u00D73")).isEqualTo(new GridSpec(2, 3));
    assertThat(GridSpec.parse(" 16x1 ")).isEqualTo(new GridSpec(16, 1));
    assertThat(GridSpec.parse("01x16")).isEqualTo(new GridSpec(1, 16));
  }

  @Test
  void printsInTheFormItParses() {
    assertThat(new GridSpec(3, 4)).hasToString("3x4");
    assertThat(new GridSpec(3, 4).cellCount()).isEqualTo(12);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2by2", "", "x", "2x", "x2", "0x2", "2x0", "17x1", "1x17", "-1x2",
      "2x2x2", "2.5x2", "\u0662x\u0662", "999x1"})
  void rejectsAnythingElseNamingTheValueAndTheForm(String text) {
    assertThatThrownBy(() -> GridSpec.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid grid '" + text + "': expected ROWSxCOLS such as 2x2 or 3x4 (1-16 each)");
  }

  @Test
  void constructorRejectsOutOfRangeSides() {
    assertThatThrownBy(() -> new GridSpec(0, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid grid 0x3: rows and cols must each be 1-16");
  }
}
