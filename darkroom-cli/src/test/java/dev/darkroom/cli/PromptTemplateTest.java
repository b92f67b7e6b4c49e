package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {
  private final Set<String> used = new HashSet<>();

  private String fill(String text, Map<String, String> vars) {
    return PromptTemplate.fill(text, vars, used, "the prompt");
  }

  @Test
  void replacesNamesWithLettersDigitsUnderscoresAndDashes() {
    assertThat(fill("{a} {b_2} {c-d}", Map.of("a", "1", "b_2", "2", "c-d", "3"))).isEqualTo("1 2 3");
    assertThat(used).containsExactlyInAnyOrder("a", "b_2", "c-d");
  }

  @Test
  void leavesJsonAndOtherBracesAlone() {
    String json = "{\"a\": {\"b\": [1, {\"c\": \"{x}\"}]}} { x } {} {1} }} {{";
    assertThat(fill(json, Map.of("x", "y"))).isEqualTo("{\"a\": {\"b\": [1, {\"c\": \"y\"}]}} { x } {} {1} }} {{");
  }

  @Test
  void doubleBracesAroundANameAreALiteralPlaceholder() {
    assertThat(fill("{{x}} is {x}", Map.of("x", "y"))).isEqualTo("{x} is y");
  }

  @Test
  void valuesAreNotFilledAgain() {
    assertThat(fill("{a}", Map.of("a", "{b}", "b", "no"))).isEqualTo("{b}");
  }

  @Test
  void aPlaceholderWithoutAVariableIsNamed() {
    assertThatThrownBy(() -> fill("draw {subject} in {style}", Map.of("subject", "a fox")))
        .isInstanceOf(CliException.class)
        .hasMessage("the prompt uses {style} but no --var style=... is given (given: subject);"
            + " write {{style}} for a literal {style}");
  }

  @Test
  void anUnusedVariableIsNamed() {
    fill("{a}", Map.of("a", "1"));
    assertThatThrownBy(() -> PromptTemplate.requireAllUsed(Map.of("a", "1", "b", "2"), used))
        .hasMessageContaining("--var b is not used");
  }
}
