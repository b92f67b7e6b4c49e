package dev.darkroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestPlanTest {
  private static ImageRequest request(String model) {
    return ImageRequest.builder().model(model).prompt("A fox").build();
  }

  @Test
  void aValidPlanKeepsItsEntriesInOrderAndEstimatesTheirCost() {
    RequestPlan.Builder b = RequestPlan.builder();
    b.add("pro", () -> request("gemini-3-pro-image"));
    b.add("flash", () -> request("gemini-2.5-flash-image"));
    RequestPlan plan = b.build();
    assertThat(plan.entries()).extracting(RequestPlan.Entry::label).containsExactly("pro", "flash");
    assertThat(plan.estimatedCostUsd())
        .isEqualByComparingTo(Darkroom.estimateCost(plan.requests().get(0)).add(Darkroom.estimateCost(plan.requests().get(1))));
  }

  @Test
  void oneBadElementIsNamedWithTheClosestModel() {
    RequestPlan.Builder b = RequestPlan.builder();
    b.add("ok", () -> request("gemini-3-pro-image"));
    assertThat(b.add("typo", () -> request("gemini-3-pro-imag"))).isEmpty();
    assertThatThrownBy(b::build).isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("typo: unknown model 'gemini-3-pro-imag'; did you mean gemini-3-pro-image?")
        .hasMessageEndingWith("(nothing was sent)")
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).contains("plan"));
  }

  @Test
  void everyProblemIsListedAndTheSameProblemOnceWithAllItsLabels() {
    RequestPlan.Builder b = RequestPlan.builder();
    b.refuse("a", "--shared: --bogus is not a flag");
    b.refuse("b", "--shared: --bogus is not a flag");
    b.add("c", () -> ImageRequest.builder().model("gemini-3-pro-image").prompt("x").aspectRatio("7:3").build());
    assertThat(b.problems()).hasSize(2);
    assertThatThrownBy(b::build).hasMessageStartingWith("2 problems in the plan; nothing was sent:\n")
        .hasMessageContaining("\n  a | b: --shared: --bogus is not a flag")
        .hasMessageContaining("\n  c: aspect ratio '7:3'");
  }

  @Test
  void longListsAreCut() {
    RequestPlan.Builder b = RequestPlan.builder();
    for (int i = 1; i <= 25; i++) {
      b.refuse("job " + i, "problem " + i);
    }
    assertThatThrownBy(b::build).hasMessageStartingWith("25 problems")
        .hasMessageContaining("job 20: problem 20").hasMessageNotContaining("job 21:")
        .hasMessageEndingWith("... and 5 more");
  }
}
