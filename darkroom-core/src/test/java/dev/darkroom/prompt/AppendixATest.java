package dev.darkroom.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The worked examples of the reference's Appendix A (A1111, ComfyUI and compel parsers run side by side):
 * each parser here gives the same weight per token as the real one.
 */
class AppendixATest {

  static List<Arguments> examples() {
    return List.of(
        // input, A1111, ComfyUI, compel
        Arguments.of("a (cat)", "a=1 cat=1.1", "a=1 cat=1.1", "a=1 cat=1"),
        Arguments.of("a ((cat))", "a=1 cat=1.21", "a=1 cat=1.21", "a=1 cat=1"),
        Arguments.of("a [cat]", "a=1 cat=0.9091", "a=1 cat=1", "a=1 cat=1"),
        Arguments.of("a (cat:1.5)", "a=1 cat=1.5", "a=1 cat=1.5", "a=1 cat=1 1=1 5=1"),
        Arguments.of("a ((cat:1.5))", "a=1 cat=1.65", "a=1 cat=1.5", "a=1 cat=1 1=1 5=1"),
        Arguments.of("a ((cat):1.5)", "a=1 cat=1.65", "a=1 cat=1.65", "a=1 cat=1 1=1 5=1"),
        Arguments.of("a (big (red:1.3) cat:1.2)", "a=1 big=1.2 red=1.56 cat=1.2", "a=1 big=1.2 red=1.3 cat=1.2",
            "a=1 big=1 red=1 1=1 3=1 cat=1 1=1 2=1"),
        Arguments.of("anime \\(character\\)", "anime=1 character=1", "anime=1 character=1", "anime=1 character=1"),
        Arguments.of("a cat BREAK a dog", "a=1 cat=1 BREAK=1 a=1 dog=1", "a=1 cat=1 BREAK=1 a=1 dog=1",
            "a=1 cat=1 BREAK=1 a=1 dog=1"),
        Arguments.of("(unbalanced", "unbalanced=1.1", "unbalanced=1", "unbalanced=1"),
        Arguments.of("a cat+ dog-", "a=1 cat=1 dog=1", "a=1 cat=1 dog=1", "a=1 cat=1.1 dog=0.9"),
        Arguments.of("(a b)1.3", "a=1.1 b=1.1 1=1 3=1", "a=1.1 b=1.1 1=1 3=1", "a=1.3 b=1.3"),
        Arguments.of("C++ code", "C=1 code=1", "C=1 code=1", "C=1.21 code=1"),
        Arguments.of("a (b, c)1.2 d", "a=1 b=1.1 c=1.1 1=1 2=1 d=1", "a=1 b=1.1 c=1.1 1=1 2=1 d=1",
            "a=1 b=1.2 c=1.2 d=1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void sameWeightsPerTokenAsTheRealParsers(String input, String a1111, String comfyui, String compel) {
    assertThat(String.join(" ", Tokens.of(input, PromptSyntax.A1111))).as("A1111").isEqualTo(a1111);
    assertThat(String.join(" ", Tokens.of(input, PromptSyntax.COMFYUI))).as("ComfyUI").isEqualTo(comfyui);
    assertThat(String.join(" ", Tokens.of(input, PromptSyntax.COMPEL))).as("compel").isEqualTo(compel);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void onlyA1111ReadsBreakAsAMarker(String input, String a1111, String comfyui, String compel) {
    boolean marker = input.contains("BREAK");
    assertThat(PromptSyntax.A1111.parser().parse(input).hasBreaks()).isEqualTo(marker);
    assertThat(PromptSyntax.COMFYUI.parser().parse(input).hasBreaks()).isFalse();
    assertThat(PromptSyntax.COMPEL.parser().parse(input).hasBreaks()).isFalse();
  }
}
