package dev.darkroom.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.InvalidRequestException;
import org.junit.jupiter.api.Test;

class RenderersTest {

  private static RenderedPrompt convert(String text, PromptSyntax from, PromptSyntax to) {
    return PromptConverter.convert(text, from, to, false);
  }

  @Test
  void a1111ToComfyUiFlattensNestedWeightsAndWritesDeEmphasisAsANumber() {
    RenderedPrompt r = convert("a ((cat:1.5)), [blurry] (big (red:1.3) hat:1.2)", PromptSyntax.A1111,
        PromptSyntax.COMFYUI);
    assertThat(r.text()).isEqualTo("a (cat:1.65), (blurry:0.9091) (big:1.2) (red:1.56) (hat:1.2)");
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void comfyUiToA1111KeepsTheReplacedWeight() {
    RenderedPrompt r = convert("a ((cat:1.5)) [literal] embedding:ugly-sonic", PromptSyntax.COMFYUI,
        PromptSyntax.A1111);
    assertThat(r.text()).isEqualTo("a (cat:1.5) \\[literal\\] ugly-sonic");
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void a1111ToCompelUsesNumbersAfterTheGroupAndAndForBreak() {
    assertThat(convert("a (cat:1.5) dog, [x]", PromptSyntax.A1111, PromptSyntax.COMPEL).text())
        .isEqualTo("a (cat)1.5 dog, (x)0.9091");
    RenderedPrompt br = convert("a (cat) BREAK a dog", PromptSyntax.A1111, PromptSyntax.COMPEL);
    assertThat(br.text()).isEqualTo("(\"a (cat)1.1\", \"a dog\").and()");
    assertThat(br.warnings()).isEmpty();
  }

  @Test
  void breakOutsideA1111IsWarnedAboutAndRefusedWhenStrict() {
    RenderedPrompt r = convert("a cat BREAK a dog", PromptSyntax.A1111, PromptSyntax.COMFYUI);
    assertThat(r.text()).isEqualTo("a cat a dog");
    assertThat(r.warnings()).singleElement().asString().startsWith("BREAK: dropped");
    assertThatThrownBy(() -> PromptConverter.convert("a cat BREAK a dog", PromptSyntax.A1111, PromptSyntax.COMFYUI,
        true))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("comfyui cannot express BREAK")
        .hasMessageContaining("strict");
  }

  @Test
  void plainDropsWeightsWithAWarningPerConstruct() {
    RenderedPrompt r = PromptConverter.convert("a (cat:1.5), [dog] <lora:wrong:0.8>", "(ugly:1.2)",
        PromptSyntax.A1111, PromptSyntax.PLAIN, false);
    assertThat(r.text()).isEqualTo("a cat, dog");
    assertThat(r.negative()).isEmpty();
    assertThat(r.warnings()).containsExactly(
        "weight 1.5 on 'cat': dropped; plain text (Gemini, OpenAI) has no token weights",
        "weight 0.9091 on 'dog': dropped; plain text (Gemini, OpenAI) has no token weights",
        "weight 1.2 on 'ugly': dropped; plain text (Gemini, OpenAI) has no token weights",
        "negative prompt 'ugly': dropped; plain text (Gemini, OpenAI) has no negative prompt",
        "LoRA wrong: dropped; plain text (Gemini, OpenAI) cannot load LoRAs");
    assertThatThrownBy(() -> PromptConverter.convert("a (cat:1.5)", PromptSyntax.A1111, PromptSyntax.PLAIN, true))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("weight 1.5 on 'cat'");
  }

  @Test
  void plainTextWithoutWeightsConvertsWithoutWarnings() {
    RenderedPrompt r = convert("a watercolor fox, (snow)", PromptSyntax.PLAIN, PromptSyntax.PLAIN);
    assertThat(r.text()).isEqualTo("a watercolor fox, (snow)");
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void vqganNegativeSubPromptMovesToTheNegativePromptForComfyUi() {
    RenderedPrompt r = convert("a cat:3 | a dog | blurry:-1", PromptSyntax.VQGAN, PromptSyntax.COMFYUI);
    assertThat(r.text()).isEqualTo("a cat, a dog");
    assertThat(r.negative()).contains("blurry");
    assertThat(r.warnings()).containsExactly(
        "negative sub-prompt weight -1 on 'blurry': moved to the negative prompt at weight 1",
        "AND (2 sub-prompts): joined into one prompt with ', '; ComfyUI has no composable sub-prompts",
        "sub-prompt weight 3 on 'a cat': dropped");
    assertThatThrownBy(() -> PromptConverter.convert("a cat | blurry:-1", PromptSyntax.VQGAN, PromptSyntax.COMFYUI,
        true))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("negative sub-prompt weight -1");
  }

  @Test
  void vqganToA1111KeepsSubPromptWeightsIncludingNegativeOnes() {
    RenderedPrompt r = convert("a cat:3 | a dog | blurry:-1", PromptSyntax.VQGAN, PromptSyntax.A1111);
    assertThat(r.text()).isEqualTo("a cat :3 AND a dog AND blurry :-1");
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void a1111ToVqganWritesPartsAndLosesTokenWeights() {
    RenderedPrompt r = PromptConverter.convert("a (cat:1.2) :2 AND ratio 16:9, wide AND dog", "blurry",
        PromptSyntax.A1111, PromptSyntax.VQGAN, false);
    assertThat(r.text()).isEqualTo("a cat:2 | ratio 16:9, wide:1:-inf | dog | blurry:-1");
    assertThat(r.warnings()).containsExactly(
        "weight 1.2 on 'cat': dropped; VQGAN+CLIP has no token weights",
        "negative prompt 'blurry': written as a part of weight -1");
    ParsedPrompt back = PromptSyntax.VQGAN.parser().parse(r.text());
    assertThat(back.subPrompts()).extracting(SubPrompt::weight).containsExactly(2.0, 1.0, 1.0, -1.0);
    assertThat(back.subPrompts().get(1).plainText()).isEqualTo("ratio 16:9, wide");
  }

  @Test
  void a1111ComposableToCompelIsABlendWithAWarning() {
    RenderedPrompt r = convert("a cat AND a dog :0.5", PromptSyntax.A1111, PromptSyntax.COMPEL);
    assertThat(r.text()).isEqualTo("(\"a cat\", \"a dog\").blend(1, 0.5)");
    assertThat(r.warnings()).singleElement().asString().startsWith("AND (2 sub-prompts): approximated by");
  }

  @Test
  void lorasStayInTheTextForA1111AndGoBesideItForComfyUiAndCompel() {
    String text = "a cat <lora:wrong:0.8> <lora:style:0.5:0.7>";
    assertThat(convert(text, PromptSyntax.A1111, PromptSyntax.A1111).text())
        .isEqualTo("a cat <lora:wrong:0.8> <lora:style:0.5:0.7>");
    RenderedPrompt comfy = convert(text, PromptSyntax.A1111, PromptSyntax.COMFYUI);
    assertThat(comfy.text()).isEqualTo("a cat");
    assertThat(comfy.loras()).containsExactly(LoraRef.of("wrong", 0.8), LoraRef.of("style", 0.7, 0.5));
    assertThat(comfy.warnings()).isEmpty();
    RenderedPrompt compel = convert(text, PromptSyntax.A1111, PromptSyntax.COMPEL);
    assertThat(compel.warnings()).singleElement().asString().startsWith("separate clip weight 0.5 of LoRA style");
  }

  @Test
  void compelWarnsAboutWordFinalOperatorsItCannotEscape() {
    RenderedPrompt r = convert("C++ code", PromptSyntax.PLAIN, PromptSyntax.COMPEL);
    assertThat(r.text()).isEqualTo("C++ code");
    assertThat(r.warnings()).singleElement().asString().startsWith("word-final '++' in 'C++ code'");
  }

  @Test
  void a1111EscapesTextSoItReadsBackLiterally() {
    String literal = "anime (character) [v2] \\ AND BREAK <lora:x:1> ratio 16:9";
    RenderedPrompt r = convert(literal, PromptSyntax.PLAIN, PromptSyntax.A1111);
    assertThat(r.warnings()).isEmpty();
    ParsedPrompt back = PromptSyntax.A1111.parser().parse(r.text());
    assertThat(back.loras()).isEmpty();
    assertThat(back.subPrompts()).hasSize(1);
    assertThat(back.subPrompts().get(0).weight()).isEqualTo(1.0);
    assertThat(back.subPrompts().get(0).spans()).containsExactly(Span.text(literal, 1.0));
  }

  @Test
  void comfyUiEmbeddingWeights() {
    RenderedPrompt r = convert("a cat, (easynegative:1.2)", PromptSyntax.A1111, PromptSyntax.COMFYUI);
    assertThat(r.text()).isEqualTo("a cat, (easynegative:1.2)");
    ParsedPrompt withEmbedding = ParsedPrompt.builder()
        .addSubPrompt(SubPrompt.of(java.util.List.of(Span.text("a cat, ", 1.0), Span.embedding("easynegative", 1.2),
            Span.text(", ", 1.0), Span.embedding("ugly-sonic", 1.0), Span.text(", red", 1.0))))
        .build();
    assertThat(PromptSyntax.COMFYUI.renderer().render(withEmbedding, true).text())
        .isEqualTo("a cat, (embedding:easynegative:1.2), embedding:ugly-sonic , red");
    assertThat(PromptSyntax.A1111.renderer().render(withEmbedding, true).text())
        .isEqualTo("a cat, (easynegative:1.2), ugly-sonic, red");
    assertThat(PromptSyntax.COMPEL.renderer().render(withEmbedding, true).text())
        .isEqualTo("a cat, (<easynegative>)1.2, <ugly-sonic>, red");
  }
}
