package dev.darkroom.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkroom.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A1111 prompt editing and alternation. The expected stages in {@code a1111-schedules.json} were produced by
 * A1111's own scheduling grammar and step logic run with Lark (see the file's {@code source}); they include the
 * engine's docstring examples and edge cases (nesting, empty alternatives, fractions that truncate, numbers
 * past the last step, text the grammar cannot read).
 */
class A1111ScheduleTest {

  @Test
  void stagesAreTheOnesA1111Computes() throws IOException {
    JsonNode root;
    try (InputStream in = getClass().getResourceAsStream("/a1111-schedules.json")) {
      root = new ObjectMapper().readTree(in);
    }
    int checked = 0;
    for (JsonNode c : root.get("cases")) {
      List<A1111Schedule.Stage> expected = new ArrayList<>();
      c.get("stages").forEach(s -> expected.add(new A1111Schedule.Stage(s.get("lastStep").asInt(), s.get("text").asText())));
      String prompt = c.get("prompt").asText();
      assertThat(A1111Schedule.parse(prompt).stages(c.get("steps").asInt())).as(prompt).isEqualTo(expected);
      checked++;
    }
    assertThat(checked).isEqualTo(41);
  }

  @Test
  void reportsWhetherAndWhereThePromptIsScheduled() {
    A1111Schedule s = A1111Schedule.parse("a [cat:dog:0.5] in a [red|blue] (hat:1.2) [plain]");
    assertThat(s.isScheduled()).isTrue();
    assertThat(s.constructs()).containsExactly("[cat:dog:0.5]", "[red|blue]");
    assertThat(A1111Schedule.parse("a (cat:1.2) [plain] [a:b]").isScheduled()).isFalse();
    assertThat(A1111Schedule.parse("a | [b:c:2]").isScheduled()).as("unreadable: used as written").isFalse();
    assertThat(A1111Schedule.parse("a [b:[c:d:2]:1]").constructs()).containsExactly("[b:[c:d:2]:1]");
  }

  @Test
  void refusesStepsBelowOne() {
    assertThatThrownBy(() -> A1111Schedule.parse("a").stages(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 0");
  }

  @Test
  void theParserReadsEmphasisAtTheLastStepAndListsTheScheduledParts() {
    ParsedPrompt p = PromptSyntax.A1111.parser().parse("a [(cat):dog:0.5] AND [x|(y:1.5)] :0.7", "[ugly:5]");
    assertThat(Tokens.of(p)).containsExactly("a=1", "dog=1", "2:y=1.5", "neg:ugly=1");
    assertThat(p.subPrompts().get(1).weight()).isEqualTo(0.7);
    assertThat(p.scheduled()).extracting(ParsedPrompt.Scheduled::number).containsExactly(1, 2, 0);
    assertThat(p.scheduled().get(0).lastStepText()).isEqualTo("a dog");
    assertThat(p.scheduled().get(2).constructs()).containsExactly("[ugly:5]");

    ParsedPrompt early = PromptSyntax.A1111.parser(List.of(), 4).parse("[cat:dog:5]");
    assertThat(Tokens.of(early)).as("the switch comes after the last of 4 steps").containsExactly("cat=1");
  }

  @Test
  void convertingKeepsA1111TextAsWrittenAndNamesTheLossElsewhere() {
    String text = "a [cat:dog:0.5], (hat:1.2)";
    assertThat(PromptConverter.convert(text, PromptSyntax.A1111, PromptSyntax.A1111, true).text()).isEqualTo(text);
    RenderedPrompt comfy = PromptConverter.convert(text, PromptSyntax.A1111, PromptSyntax.COMFYUI, false);
    assertThat(comfy.text()).isEqualTo("a dog, (hat:1.2)");
    assertThat(comfy.warnings()).singleElement().asString()
        .startsWith("A1111 prompt editing or alternation [cat:dog:0.5]: used the text A1111 uses at the last of 20 steps");
    assertThatThrownBy(() -> PromptConverter.convert(text, PromptSyntax.A1111, PromptSyntax.COMPEL, true))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("compel cannot express")
        .hasMessageContaining("[cat:dog:0.5]");
  }
}
