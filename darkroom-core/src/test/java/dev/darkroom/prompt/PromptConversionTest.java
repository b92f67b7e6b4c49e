package dev.darkroom.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptConversionTest {
  private static final List<String> STAGED_ENGINE = List.of("negativePrompt", "loras", "steps", "promptStages",
      "negativeStages");

  private static PromptConversion.Builder toComfy() {
    return PromptConversion.builder(PromptSyntax.A1111, PromptSyntax.COMFYUI).engineOptions(STAGED_ENGINE);
  }

  @Test
  void promptEditingBecomesStagesReadForTheGivenStepsWithoutAWarning() {
    Map<String, Object> options = new LinkedHashMap<>(Map.of("negativePrompt", "[blurry::2]"));
    PromptConversion.Result r = toComfy().steps(4).build().convertInto("a [cat:dog:2] hat", options);

    assertThat(r.prompt()).isEqualTo("a dog hat");
    assertThat(r.warnings()).isEmpty();
    assertThat(options.get("promptStages")).isEqualTo(List.of(
        Map.of("start", 0.0, "end", 0.5, "text", "a cat hat"), Map.of("start", 0.5, "end", 1.0, "text", "a dog hat")));
    assertThat(options.get("negativeStages")).isEqualTo(List.of(
        Map.of("start", 0.0, "end", 0.5, "text", "blurry"), Map.of("start", 0.5, "end", 1.0, "text", "")));
    assertThat(options.get("negativePrompt")).isEqualTo("");
  }

  @Test
  void withoutStepsTheScheduleIsReadForTwenty() {
    PromptConversion c = toComfy().steps(null).build();
    assertThat(c.steps()).isEqualTo(20);
    assertThat(c.convert("a [cat:dog:2] hat", null).promptStages())
        .extracting(s -> s.get("end")).containsExactly(0.1, 1.0);
  }

  @Test
  void aPromptWithoutSchedulingAddsNoStageOptions() {
    Map<String, Object> options = new LinkedHashMap<>(Map.of("loras", List.of("a.safetensors:1.0")));
    PromptConversion.Result r = toComfy().build().convertInto("a (red:1.2) fox <lora:b:0.5>", options);

    assertThat(r.prompt()).isEqualTo("a (red:1.2) fox");
    assertThat(options).containsOnlyKeys("loras");
    assertThat(options.get("loras")).isEqualTo(List.of("a.safetensors:1.0", "b:0.5"));
  }

  @Test
  void anEngineWithoutStageOptionsOrWithItsOwnWorkflowKeepsTheLastStepWithAWarning() {
    PromptConversion plain = PromptConversion.builder(PromptSyntax.A1111, PromptSyntax.PLAIN).build();
    PromptConversion workflow = toComfy().ownWorkflow(true).build();
    for (PromptConversion c : List.of(plain, workflow)) {
      assertThat(c.runsStages()).isFalse();
      PromptConversion.Result r = c.convert("a [cat:dog:0.5] hat", null);
      assertThat(r.prompt()).isEqualTo("a dog hat");
      assertThat(r.promptStages()).isEmpty();
      assertThat(r.warnings()).singleElement().asString().contains("[cat:dog:0.5]");
    }
    assertThatThrownBy(() -> toComfy().ownWorkflow(true).strict(true).build().convert("a [cat:dog:0.5] hat", null))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("[cat:dog:0.5]");
  }

  @Test
  void theSameDialectIsLeftAsWritten() {
    Map<String, Object> options = new LinkedHashMap<>();
    PromptConversion.Result r = PromptConversion.builder(PromptSyntax.A1111, PromptSyntax.A1111)
        .engineOptions(STAGED_ENGINE).build().convertInto("a [cat:dog:0.5] <lora:b:1> hat", options);
    assertThat(r.prompt()).isEqualTo("a [cat:dog:0.5] <lora:b:1> hat");
    assertThat(options).isEmpty();
  }

  @Test
  void stepsOfReadsWholeNumbersAndTheirText() {
    assertThat(PromptConversion.stepsOf(30)).isEqualTo(30);
    assertThat(PromptConversion.stepsOf(" 12 ")).isEqualTo(12);
    assertThat(PromptConversion.stepsOf(2.5)).isNull();
    assertThat(PromptConversion.stepsOf("many")).isNull();
    assertThat(PromptConversion.stepsOf(null)).isNull();
  }
}
