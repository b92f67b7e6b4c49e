package dev.darkroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
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
  void theFieldAtFaultIsTheOneEveryRefusalNames() {
    RequestPlan.Builder models = RequestPlan.builder();
    models.add("a", () -> request("gemini-3-pro-imag"));
    models.add("b", () -> request("nano-nothing"));
    InvalidRequestException e = catchThrowableOfType(models::build, InvalidRequestException.class);
    assertThat(e.field()).contains("plan");
    assertThat(RequestPlan.fieldAtFault(e)).contains("model");
    assertThat(e).hasMessageContaining("a: unknown model 'gemini-3-pro-imag'").hasMessageContaining("b: unknown model");

    RequestPlan.Builder mixed = RequestPlan.builder();
    mixed.add("a", () -> request("nano-nothing"));
    mixed.add("c", () -> ImageRequest.builder().model("gemini-3-pro-image").prompt("x").aspectRatio("7:3").build());
    assertThat(RequestPlan.fieldAtFault(catchThrowableOfType(mixed::build, InvalidRequestException.class))).contains("plan");

    RequestPlan.Builder unnamed = RequestPlan.builder();
    unnamed.add("a", () -> request("nano-nothing"));
    unnamed.refuse("b", "--shared: --bogus is not a flag");
    assertThat(RequestPlan.fieldAtFault(catchThrowableOfType(unnamed::build, InvalidRequestException.class))).contains("plan");
    assertThat(RequestPlan.fieldAtFault(new InvalidRequestException("x", "seed", List.of()))).contains("seed");
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
