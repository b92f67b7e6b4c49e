package dev.darkroom.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwarmUiScheduleTest {
  private static RenderedPrompt swarm(String a1111, Integer steps) {
    return SwarmUiSchedule.convertA1111(a1111, null, List.of(), steps, false);
  }

  @Test
  void anEditBecomesFromToAtA1111sSwitchStep() {
    RenderedPrompt r = swarm("a [cat:dog:0.5] photo", 20);

    assertThat(r.text()).isEqualTo("a <fromto[10]:cat||dog> photo");
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void aShareIsTruncatedToA1111sStepWhenTheStepsAreKnown() {
    assertThat(swarm("[cat:dog:0.33]", 20).text()).isEqualTo("<fromto[6]:cat||dog>");
    assertThat(swarm("[cat:dog:1.0]", 20).text()).isEqualTo("<fromto[20]:cat||dog>");
    assertThat(swarm("[cat:dog:99]", 20).text()).isEqualTo("<fromto[20]:cat||dog>");
    assertThat(swarm("[cat:dog:-3]", 20).text()).isEqualTo("<fromto[0]:cat||dog>");
  }

  @Test
  void withoutStepsAShareStaysAShareAndAStepStaysAStep() {
    assertThat(swarm("[cat:dog:.50]", null).text()).isEqualTo("<fromto[0.5]:cat||dog>");
    assertThat(swarm("[cat:dog:7]", null).text()).isEqualTo("<fromto[7]:cat||dog>");
    assertThat(swarm("a [cat:dog:1.0] b", null).text()).isEqualTo("a cat b");
    assertThat(swarm("a [cat:dog:0.0] b", null).text()).isEqualTo("a dog b");
  }

  @Test
  void addAndRemoveHaveAnEmptySide() {
    assertThat(swarm("a [dog:5]", 20).text()).isEqualTo("a <fromto[5]:||dog>");
    assertThat(swarm("a [cat::5]", 20).text()).isEqualTo("a <fromto[5]:cat||>");
  }

  @Test
  void alternationKeepsEmptyItemsAndCommas() {
    assertThat(swarm("a [cat|dog|] photo", 20).text()).isEqualTo("a <alternate:cat||dog||> photo");
    assertThat(swarm("[red, blue|green]", 20).text()).isEqualTo("<alternate:red, blue||green>");
  }

  @Test
  void weightsAroundAConstructStayAroundTheTag() {
    assertThat(swarm("([cat:dog:5]:1.2) and (red) [x|y]", 20).text())
        .isEqualTo("(<fromto[5]:cat||dog>:1.2) and (red:1.1) <alternate:x||y>");
  }

  @Test
  void aWeightInsideAPartFallsBackToTheLastStepWithAWarning() {
    RenderedPrompt r = swarm("a [(cat:1.2):dog:5] photo", 20);

    assertThat(r.text()).isEqualTo("a dog photo");
    assertThat(r.warnings()).singleElement().asString()
        .contains("[(cat:1.2):dog:5]").contains("cannot carry ':'").contains("'dog'");
  }

  @Test
  void nestedConstructsFallBackAndStrictRefuses() {
    RenderedPrompt r = swarm("[[a:b:5]:c:10] and [x|y]", 20);

    assertThat(r.text()).isEqualTo("c and <alternate:x||y>");
    assertThat(r.warnings()).singleElement().asString().contains("cannot nest");
    assertThatThrownBy(() -> SwarmUiSchedule.convertA1111("[[a:b:5]:c:10]", null, List.of(), 20, true))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("SwarmUI cannot run")
        .hasMessageContaining("[[a:b:5]:c:10]");
  }

  @Test
  void textThatWouldBecomeSwarmSyntaxIsEscapedOrRefused() {
    assertThat(swarm("a \\[note\\] [cat|dog]", 20).text()).isEqualTo("a \\[note\\] <alternate:cat||dog>");
    assertThat(swarm("[a \\[b\\]:c:5]", 20).text()).isEqualTo("<fromto[5]:a [b]||c>");
    RenderedPrompt bar = swarm("[a\\|b:c:5]", 20);
    assertThat(bar.text()).isEqualTo("c");
    assertThat(bar.warnings()).singleElement().asString().contains("'|'");
    assertThatThrownBy(() -> SwarmUiSchedule.convertA1111("[x\\>y|z]", null, List.of(), 20, true))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'>'");
  }

  @Test
  void theNegativeAndLorasAreConvertedToo() {
    RenderedPrompt r = SwarmUiSchedule.convertA1111("<lora:wrong:0.7> a [cat:dog:0.25]", "[blurry|noisy]",
        List.of(), 8, false);

    assertThat(r.text()).isEqualTo("a <fromto[2]:cat||dog>");
    assertThat(r.negative()).contains("<alternate:blurry||noisy>");
    assertThat(r.loras()).singleElement().extracting(LoraRef::name).isEqualTo("wrong");
  }

  @Test
  void anUnscheduledPromptIsPlainComfyUiText() {
    assertThat(swarm("a (red:1.3) cat", 20).text()).isEqualTo("a (red:1.3) cat");
  }
}
