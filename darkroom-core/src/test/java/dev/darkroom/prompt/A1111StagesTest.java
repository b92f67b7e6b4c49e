package dev.darkroom.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PromptConverter#convertA1111Stages}: a scheduled A1111 prompt converted stage by stage. */
class A1111StagesTest {

  @Test
  void promptEditingSplitsTheRunWithWeightsConvertedPerStage() {
    List<PromptConverter.Stage> stages = PromptConverter.convertA1111Stages("a [(cat:1.3):dog:0.5] hat <lora:x:0.6>",
        null, List.of(), 20, PromptSyntax.COMFYUI, true);
    assertThat(stages).extracting(s -> s.firstStep() + ".." + s.lastStep() + " " + s.prompt().text())
        .containsExactly("1..10 a (cat:1.3) hat", "11..20 a dog hat");
    assertThat(stages.get(0).start()).isEqualTo(0.0);
    assertThat(stages.get(0).end()).isEqualTo(0.5);
    assertThat(stages.get(1).start()).isEqualTo(0.5);
    assertThat(stages.get(1).end()).isEqualTo(1.0);
    assertThat(stages).allSatisfy(s -> assertThat(s.prompt().warnings()).isEmpty());
    assertThat(stages.get(1).prompt().loras()).extracting(LoraRef::name).containsExactly("x");
    // The last stage is what the plain conversion gives, without its scheduling warning.
    RenderedPrompt last = PromptConverter.convert("a [(cat:1.3):dog:0.5] hat <lora:x:0.6>", PromptSyntax.A1111,
        PromptSyntax.COMFYUI, false);
    assertThat(stages.get(1).prompt().text()).isEqualTo(last.text());
    assertThat(last.warnings()).isNotEmpty();
  }

  @Test
  void boundariesOfThePositiveAndTheNegativeAreJoined() {
    List<PromptConverter.Stage> stages = PromptConverter.convertA1111Stages("a [cat|dog]", "[blurry::2]",
        List.of(), 4, PromptSyntax.COMFYUI, false);
    assertThat(stages).extracting(s -> s.lastStep() + " " + s.prompt().text() + " / "
        + s.prompt().negative().orElse("")).containsExactly("1 a cat / blurry", "2 a dog / blurry", "3 a cat / ",
            "4 a dog / ");
  }

  @Test
  void anUnscheduledPromptIsOneStage() {
    List<PromptConverter.Stage> stages = PromptConverter.convertA1111Stages("a (cat:1.2)", null, List.of(), 30,
        PromptSyntax.COMFYUI, false);
    assertThat(stages).singleElement().satisfies(s -> {
      assertThat(s.firstStep()).isEqualTo(1);
      assertThat(s.lastStep()).isEqualTo(30);
      assertThat(s.prompt().text()).isEqualTo("a (cat:1.2)");
    });
  }
}
