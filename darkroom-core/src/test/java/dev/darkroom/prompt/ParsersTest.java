package dev.darkroom.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.darkroom.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParsersTest {
  private static final PromptParser A1111 = PromptSyntax.A1111.parser();
  private static final PromptParser COMFYUI = PromptSyntax.COMFYUI.parser();
  private static final PromptParser COMPEL = PromptSyntax.COMPEL.parser();
  private static final PromptParser VQGAN = PromptSyntax.VQGAN.parser();

  @Test
  void a1111TrailingNumberIsASubPromptWeightEvenWithoutAnd() {
    ParsedPrompt p = A1111.parse("a cat:3");
    assertThat(p.subPrompts()).hasSize(1);
    assertThat(p.subPrompts().get(0).weight()).isEqualTo(3.0);
    assertThat(p.subPrompts().get(0).spans()).containsExactly(Span.text("a cat", 1.0));
  }

  @Test
  void a1111AndSplitsIntoWeightedSubPrompts() {
    ParsedPrompt p = A1111.parse("a cat :1.2 AND a dog AND a penguin :2.2");
    assertThat(p.subPrompts()).extracting(SubPrompt::weight).containsExactly(1.2, 1.0, 2.2);
    assertThat(p.subPrompts()).extracting(s -> s.plainText().strip()).containsExactly("a cat", "a dog", "a penguin");
  }

  @Test
  void a1111LowercaseAndIsText() {
    assertThat(A1111.parse("salt and pepper").subPrompts()).hasSize(1);
  }

  @Test
  void a1111LoneBackslashIsDroppedAndEscapedBracketsAreLiteral() {
    assertThat(A1111.parse("C\\+\\+ code").subPrompts().get(0).spans()).containsExactly(Span.text("C++ code", 1.0));
    assertThat(A1111.parse("a \\\\ b \\[x\\]").subPrompts().get(0).spans())
        .containsExactly(Span.text("a \\ b [x]", 1.0));
  }

  @Test
  void a1111AcceptsASpaceAfterTheColon() {
    assertThat(Tokens.of("(x: 1.5)", PromptSyntax.A1111)).containsExactly("x=1.5");
  }

  @Test
  void a1111IsLenientWithUnbalancedBrackets() {
    assertThat(Tokens.of("a [cat", PromptSyntax.A1111)).containsExactly("a=1", "cat=0.9091");
    assertThat(Tokens.of("((a) b", PromptSyntax.A1111)).containsExactly("a=1.21", "b=1.1");
    ParsedPrompt closing = A1111.parse("a) b] c:2)");
    assertThat(closing.subPrompts().get(0).spans()).containsExactly(Span.text("a) b] c:2)", 1.0));
  }

  @Test
  void a1111RefusesAWeightItsOwnParserCannotRead() {
    assertThatThrownBy(() -> A1111.parse("(cat:1.2.3)"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("1.2.3");
  }

  @Test
  void a1111BreakIsAMarkerOnlyAsAnUppercaseWord() {
    List<Span> spans = A1111.parse("a cat BREAK a dog, BREAKFAST, break").subPrompts().get(0).spans();
    assertThat(spans).containsExactly(Span.text("a cat", 1.0), Span.breakMarker(),
        Span.text("a dog, BREAKFAST, break", 1.0));
  }

  @Test
  void a1111LoraTagsAreTakenOutOfTheText() {
    ParsedPrompt p = A1111.parse("a cat <lora:wrong:0.8> <lora:style:0.5:0.7>, <lora:named:unet=0.6:te=1> <lora:one>");
    assertThat(p.loras()).containsExactly(
        LoraRef.of("wrong", 0.8),
        LoraRef.of("style", 0.7, 0.5),
        LoraRef.of("named", 0.6, 1.0),
        LoraRef.of("one", 1.0));
    assertThat(p.subPrompts().get(0).plainText().strip()).isEqualTo("a cat  ,");
  }

  @Test
  void a1111NegativePromptHasNoAnd() {
    ParsedPrompt p = A1111.parse("a cat", "blurry AND (ugly:1.3)");
    assertThat(p.negative()).isPresent();
    assertThat(Tokens.of(p)).containsExactly("a=1", "cat=1", "neg:blurry=1", "neg:AND=1", "neg:ugly=1.3");
  }

  @Test
  void comfyUiEmbeddingsWithAndWithoutWeight() {
    ParsedPrompt p = COMFYUI.parse("a cat, embedding:ugly-sonic, (embedding:easynegative:1.2)");
    assertThat(p.embeddings()).containsExactly("ugly-sonic", "easynegative");
    assertThat(p.subPrompts().get(0).spans()).contains(Span.embedding("ugly-sonic", 1.0),
        Span.embedding("easynegative", 1.2));
  }

  @Test
  void comfyUiExplicitWeightReplacesTheNestedOne() {
    assertThat(Tokens.of("(((a (b:0.5) c)))", PromptSyntax.COMFYUI)).containsExactly("a=1.331", "b=0.5", "c=1.331");
    assertThat(Tokens.of("(a:b)", PromptSyntax.COMFYUI)).containsExactly("a=1.1", "b=1.1");
  }

  @Test
  void comfyUiStrayClosingParenthesisKeepsTheRestLiteral() {
    assertThat(COMFYUI.parse("a) (b)").subPrompts().get(0).spans()).containsExactly(Span.text("a) (b)", 1.0));
  }

  @Test
  void compelNestingMultiplies() {
    assertThat(Tokens.of("(picking (apricots)1.3)1.1", PromptSyntax.COMPEL))
        .containsExactly("picking=1.1", "apricots=1.43");
    assertThat(Tokens.of("(picking apricots+)++", PromptSyntax.COMPEL))
        .containsExactly("picking=1.21", "apricots=1.331");
    assertThat(Tokens.of("(a cat)--", PromptSyntax.COMPEL)).containsExactly("a=0.81", "cat=0.81");
  }

  @Test
  void compelEscapes() {
    assertThat(COMPEL.parse("C\\+\\+ code").subPrompts().get(0).spans()).containsExactly(Span.text("C\\+\\+ code", 1.0));
    assertThat(COMPEL.parse("anime \\(character\\) \\\"x\\\"").subPrompts().get(0).spans())
        .containsExactly(Span.text("anime (character) \"x\"", 1.0));
    assertThat(Tokens.of("blue-eyed 3-4", PromptSyntax.COMPEL)).containsExactly("blue=1", "eyed=1", "3=1", "4=1");
  }

  @Test
  void compelQuotedFragmentsEmbeddingsAndConjunctions() {
    assertThat(Tokens.of("\"a red\"1.2 cat", PromptSyntax.COMPEL)).containsExactly("a=1.2", "red=1.2", "cat=1");
    assertThat(COMPEL.parse("a <ugly-sonic>+ cat").subPrompts().get(0).spans())
        .contains(Span.embedding("ugly-sonic", 1.1));
    ParsedPrompt and = COMPEL.parse("(\"a (cat)1.2\", \"a dog\").and()");
    assertThat(and.subPrompts()).hasSize(1);
    assertThat(Tokens.of(and)).containsExactly("a=1", "cat=1.2", "BREAK=1", "a=1", "dog=1");
    ParsedPrompt blend = COMPEL.parse("(\"a cat\", \"a dog\").blend(1, 0.5)");
    assertThat(blend.subPrompts()).extracting(SubPrompt::weight).containsExactly(1.0, 0.5);
  }

  @Test
  void vqganWeightsAndStops() {
    ParsedPrompt p = VQGAN.parse("a cat:3 | a dog | blurry:-1 | photo:0.5:0.1");
    assertThat(p.subPrompts()).extracting(SubPrompt::weight).containsExactly(3.0, 1.0, -1.0, 0.5);
    assertThat(p.subPrompts()).extracting(s -> s.plainText()).containsExactly("a cat", "a dog", "blurry", "photo");
    assertThat(p.subPrompts().get(3).stop().getAsDouble()).isCloseTo(0.1, within(1e-12));
    assertThat(p.subPrompts().get(0).stop()).isEmpty();
  }

  @Test
  void vqganTakesAColonInTheTextAsASeparatorAndRefusesWhatItCannotRead() {
    assertThat(VQGAN.parse("ratio 16:9").subPrompts().get(0).weight()).isEqualTo(9.0);
    assertThatThrownBy(() -> VQGAN.parse("a photo: a cat"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'a cat'");
  }

  @Test
  void plainTextIsOneUnweightedSpan() {
    ParsedPrompt p = PromptSyntax.PLAIN.parser().parse("a (cat:1.5) BREAK [x]");
    assertThat(p.subPrompts().get(0).spans()).containsExactly(Span.text("a (cat:1.5) BREAK [x]", 1.0));
  }

  @Test
  void syntaxIdsAreCaseInsensitiveAndUnknownOnesListTheAllowed() {
    assertThat(PromptSyntax.parse("ComfyUI")).isEqualTo(PromptSyntax.COMFYUI);
    assertThat(PromptSyntax.parse("forge")).isEqualTo(PromptSyntax.A1111);
    assertThatThrownBy(() -> PromptSyntax.parse("midjourney"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("midjourney")
        .hasMessageContaining("a1111, compel, comfyui, swarmui, vqgan, plain");
  }

  @Test
  void emptyPromptIsOneEmptySpan() {
    for (PromptSyntax s : PromptSyntax.values()) {
      assertThat(s.parser().parse("").subPrompts().get(0).spans()).as(s.id()).containsExactly(Span.text("", 1.0));
    }
  }
}
