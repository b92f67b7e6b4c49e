package dev.darkroom.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * parse → render → parse keeps every token's weight wherever the target can express the prompt (the render
 * gave no warning). Weights written with four decimals are exact for the weights people write; powers of
 * 1.1 that four decimals cannot write are exact in A1111 (nested brackets) and within 5e-5 elsewhere.
 */
class RoundTripTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = ';', value = {
      "a (cat); a1111 comfyui compel", "a ((cat)); a1111 comfyui compel", "a [cat]; a1111 comfyui compel",
      "a [[cat]]; a1111 comfyui compel", "a (cat:1.5); a1111 comfyui compel",
      "a ((cat:1.5)); a1111 comfyui compel", "a (big (red:1.3) cat:1.2); a1111 comfyui compel",
      "anime \\(character\\), masterpiece; a1111 comfyui compel", "(unbalanced; a1111 comfyui compel",
      "a cat+ dog-; a1111 comfyui", "(a b)1.3; a1111 comfyui compel", "C++ code; a1111 comfyui",
      "a cat BREAK a (dog:0.7); a1111 compel", "a cat :1.2 AND a dog AND a penguin :2.2; a1111",
      "a (cat:-0.5) <lora:wrong:0.8>; a1111 comfyui compel", "a cat AND blurry :-1; a1111",
      "(x: 1.5) and (y:0); a1111 comfyui compel", "ratio 16:9, wide; a1111 comfyui compel"})
  void a1111ToEveryWeightedTarget(String text, String expressible) {
    ParsedPrompt original = PromptSyntax.A1111.parser().parse(text, "(ugly:1.3), [blurry]");
    List<String> checked = new java.util.ArrayList<>();
    for (PromptSyntax target : List.of(PromptSyntax.A1111, PromptSyntax.COMFYUI, PromptSyntax.COMPEL,
        PromptSyntax.VQGAN)) {
      RenderedPrompt r = target.renderer().render(original, false);
      if (!r.warnings().isEmpty()) {
        continue;
      }
      checked.add(target.id());
      ParsedPrompt back = target.parser().parse(r.text(), r.negative().orElse(null));
      assertSameWeights(original, back, target == PromptSyntax.A1111 ? 1e-9 : 5e-5, target + ": " + r.text());
      assertThat(back.loras()).as(target.id()).containsExactlyElementsOf(
          target == PromptSyntax.A1111 ? original.loras() : List.of());
      assertThat(r.loras()).as(target.id()).containsExactlyElementsOf(
          target == PromptSyntax.A1111 ? List.of() : original.loras());
    }
    assertThat(String.join(" ", checked)).as("targets that rendered without a warning").isEqualTo(expressible);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a ((cat:1.5)) [x]", "(((a (b:0.5) c)))", "x, (embedding:easynegative:1.2), embedding:y"})
  void comfyUiThroughA1111AndBack(String text) {
    ParsedPrompt original = PromptSyntax.COMFYUI.parser().parse(text);
    RenderedPrompt a1111 = PromptSyntax.A1111.renderer().render(original, true);
    ParsedPrompt viaA1111 = PromptSyntax.A1111.parser(original.embeddings()).parse(a1111.text());
    assertSameWeights(original, viaA1111, 5e-5, a1111.text());
    RenderedPrompt comfy = PromptSyntax.COMFYUI.renderer().render(original, true);
    assertSameWeights(original, PromptSyntax.COMFYUI.parser().parse(comfy.text()), 1e-9, comfy.text());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a cat+ dog--", "(picking (apricots)1.3)1.1", "(\"a cat\", \"a (dog)0.5\").and()",
      "(\"a cat\", \"a dog\").blend(1, 0.25)", "a <ugly-sonic>+ cat"})
  void compelThroughA1111AndBack(String text) {
    ParsedPrompt original = PromptSyntax.COMPEL.parser().parse(text);
    RenderedPrompt a1111 = PromptSyntax.A1111.renderer().render(original, true);
    RenderedPrompt compel = PromptSyntax.COMPEL.renderer().render(
        PromptSyntax.A1111.parser(original.embeddings()).parse(a1111.text()), false);
    assertSameWeights(original, PromptSyntax.COMPEL.parser().parse(compel.text()), 1e-9, compel.text());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a cat:3 | a dog | blurry:-1", "photo:0.5:0.1 | ratio 16:9:1:-inf"})
  void vqganToItself(String text) {
    ParsedPrompt original = PromptSyntax.VQGAN.parser().parse(text);
    RenderedPrompt r = PromptSyntax.VQGAN.renderer().render(original, true);
    assertThat(PromptSyntax.VQGAN.parser().parse(r.text())).isEqualTo(original);
  }

  /** Same sub-prompt weights and, per token, same text and weight; embeddings compared by name. */
  static void assertSameWeights(ParsedPrompt expected, ParsedPrompt actual, double tolerance, String rendered) {
    List<ExplainedToken> e = PromptExplainer.explain(expected);
    List<ExplainedToken> a = PromptExplainer.explain(actual);
    assertThat(a).as(rendered).extracting(ExplainedToken::text).containsExactlyElementsOf(
        e.stream().map(ExplainedToken::text).toList());
    for (int i = 0; i < e.size(); i++) {
      assertThat(a.get(i).weight()).as(rendered + " token " + e.get(i)).isCloseTo(e.get(i).weight(), within(tolerance));
      assertThat(a.get(i).kind()).as(rendered + " token " + e.get(i)).isEqualTo(e.get(i).kind());
      assertThat(a.get(i).subPrompt()).as(rendered).isEqualTo(e.get(i).subPrompt());
      assertThat(a.get(i).subPromptWeight()).as(rendered).isCloseTo(e.get(i).subPromptWeight(), within(1e-9));
    }
  }
}
