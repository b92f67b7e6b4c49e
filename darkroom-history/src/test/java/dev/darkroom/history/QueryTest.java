package dev.darkroom.history;

import dev.darkroom.gemini.GeminiOptions;

import static dev.darkroom.history.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.ContentBlockedException;
import dev.darkroom.DarkroomException;
import dev.darkroom.ImageRequest;
import dev.darkroom.ServerException;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryTest {
  static final Instant T0 = Instant.parse("2026-11-20T22:30:00Z");

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(T0);
  History history;

  @BeforeEach
  void open() {
    history = History.builder().file(dir.resolve("history.db")).clock(clock).build();
    // Day 1 (Nov 20 UTC): two successes on pro, one blocked on flash, in run A.
    succeed(history.withRun("run-a").begin(request("A red fox in fresh snow"), List.of(), 0), "0.134");
    succeed(history.withRun("run-a").begin(request("Foxes playing in the garden"), List.of(), 1), "0.134");
    block(history.withRun("run-a").begin(request("gemini-3.1-flash-image", "A forbidden thing"), List.of(), 0), "0.0001");
    // Day 2 (Nov 21 UTC): one failure and one success on flash, outside any run.
    clock.advance(Duration.ofHours(3));
    history.begin(request("gemini-3.1-flash-image", "A lighthouse at dusk"), List.of(), 0)
        .failed(new ServerException("server error 503", null, DarkroomException.Details.http(503, "UNAVAILABLE", "")));
    succeed(history.begin(ImageRequest.builder().model("gemini-3.1-flash-image").prompt("Tea cup")
        .options(GeminiOptions.builder().systemPrompt("You are a food photographer with a red theme").build()).build(), List.of(), 0), "0.067");
  }

  @AfterEach
  void close() {
    history.close();
  }

  private void succeed(dev.darkroom.GenerationRecorder.Call call, String cost) {
    clock.advance(Duration.ofMinutes(1));
    call.succeeded(Fixtures.generation(List.of(), cost));
  }

  private void block(dev.darkroom.GenerationRecorder.Call call, String cost) {
    clock.advance(Duration.ofMinutes(1));
    call.failed(new ContentBlockedException("blocked", "PROHIBITED_CONTENT", Fixtures.generation(List.of(), cost)));
  }

  private List<String> prompts(HistoryQuery.Builder q) {
    return history.list(q.build()).stream().map(GenerationRecord::prompt).toList();
  }

  @Test
  void listsNewestFirstWithALimit() {
    assertThat(prompts(HistoryQuery.builder())).containsExactly("Tea cup", "A lighthouse at dusk",
        "A forbidden thing", "Foxes playing in the garden", "A red fox in fresh snow");
    assertThat(prompts(HistoryQuery.builder().limit(2))).containsExactly("Tea cup", "A lighthouse at dusk");
  }

  @Test
  void filtersBySinceModelStatusAndRun() {
    assertThat(prompts(HistoryQuery.builder().since(T0.plus(Duration.ofHours(1)))))
        .containsExactly("Tea cup", "A lighthouse at dusk");
    assertThat(prompts(HistoryQuery.builder().model("models/gemini-3.1-flash-image")))
        .containsExactly("Tea cup", "A lighthouse at dusk", "A forbidden thing");
    assertThat(prompts(HistoryQuery.builder().status(GenerationStatus.BLOCKED))).containsExactly("A forbidden thing");
    assertThat(prompts(HistoryQuery.builder().runId("run-a")))
        .containsExactly("A forbidden thing", "Foxes playing in the garden", "A red fox in fresh snow");
    assertThat(prompts(HistoryQuery.builder().runId("run-a").status(GenerationStatus.SUCCEEDED).limit(1)))
        .containsExactly("Foxes playing in the garden");
  }

  @Test
  void filtersByCostRangeInclusiveInUsd() {
    assertThat(prompts(HistoryQuery.builder().minCostUsd(new java.math.BigDecimal("0.134"))))
        .containsExactly("Foxes playing in the garden", "A red fox in fresh snow");
    assertThat(prompts(HistoryQuery.builder().maxCostUsd(new java.math.BigDecimal("0.0001"))))
        .containsExactly("A lighthouse at dusk", "A forbidden thing");
    assertThat(prompts(HistoryQuery.builder().minCostUsd(new java.math.BigDecimal("0.05"))
        .maxCostUsd(new java.math.BigDecimal("0.1")).model("gemini-3.1-flash-image"))).containsExactly("Tea cup");
    // finer than the stored nano-dollars: the lower bound rounds up, so 0.1340000001 leaves out 0.134
    assertThat(prompts(HistoryQuery.builder().minCostUsd(new java.math.BigDecimal("0.1340000001")))).isEmpty();
    assertThat(prompts(HistoryQuery.builder().maxCostUsd(java.math.BigDecimal.ZERO))).containsExactly("A lighthouse at dusk");
    assertThatThrownBy(() -> HistoryQuery.builder().minCostUsd(new java.math.BigDecimal("-1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minCostUsd -1");
    assertThatThrownBy(() -> HistoryQuery.builder().minCostUsd(java.math.BigDecimal.ONE)
        .maxCostUsd(new java.math.BigDecimal("0.5")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minCostUsd 1 is above maxCostUsd 0.5");
  }

  @Test
  void searchesPromptsAndSystemPromptsWithFullText() {
    assertThat(prompts(HistoryQuery.builder().search("fox"))).containsExactly("Foxes playing in the garden", "A red fox in fresh snow");
    assertThat(prompts(HistoryQuery.builder().search("RED"))).containsExactly("Tea cup", "A red fox in fresh snow");
    assertThat(prompts(HistoryQuery.builder().search("red snow"))).containsExactly("A red fox in fresh snow");
    assertThat(prompts(HistoryQuery.builder().search("\"unbalanced AND ( NEAR"))).isEmpty();
    assertThat(prompts(HistoryQuery.builder().search("\""))).isEmpty();
    assertThat(prompts(HistoryQuery.builder().search("* - ^ :"))).isEmpty();
    assertThat(prompts(HistoryQuery.builder().search("fox*"))).as("operators are plain text").hasSize(2);
  }

  @Test
  void fallsBackToLikeWithoutTheFullTextIndex() throws Exception {
    try (Connection c = Fixtures.jdbc(dir.resolve("history.db"))) {
      List<String> found = RecordReader.list(c, HistoryQuery.builder().search("red fox").build(), false)
          .stream().map(GenerationRecord::prompt).toList();
      assertThat(found).containsExactly("A red fox in fresh snow");
      assertThat(RecordReader.list(c, HistoryQuery.builder().search("100%_").build(), false)).isEmpty();
    }
  }

  @Test
  void getsOneRowById() {
    long id = history.list(HistoryQuery.builder().search("lighthouse").build()).get(0).id();
    assertThat(history.get(id)).get().extracting(GenerationRecord::prompt).isEqualTo("A lighthouse at dusk");
    assertThat(history.get(9999)).isEmpty();
  }

  @Test
  void sumsCostByDayWithBlockedAndFailedApart() {
    CostReport report = history.cost(CostQuery.builder().build());
    assertThat(report.lines()).extracting(CostReport.Line::key).containsExactly("2026-11-20", "2026-11-21");
    CostReport.Line day1 = report.lines().get(0);
    assertThat(day1.succeeded().count()).isEqualTo(2);
    assertThat(day1.succeeded().costUsd()).isEqualByComparingTo("0.268");
    assertThat(day1.blocked().count()).isEqualTo(1);
    assertThat(day1.blocked().costUsd()).isEqualByComparingTo("0.0001");
    CostReport.Line day2 = report.lines().get(1);
    assertThat(day2.failed().count()).isEqualTo(1);
    assertThat(day2.failed().costUsd()).isZero();
    assertThat(day2.succeeded().costUsd()).isEqualByComparingTo("0.067");
    assertThat(report.total().all().count()).isEqualTo(5);
    assertThat(report.total().totalCostUsd()).isEqualByComparingTo("0.3351");
  }

  @Test
  void daysFollowTheQueryZone() {
    CostReport tokyo = history.cost(CostQuery.builder().zone(ZoneId.of("Asia/Tokyo")).build());
    assertThat(tokyo.lines()).singleElement().extracting(CostReport.Line::key).isEqualTo("2026-11-21");
  }

  @Test
  void sumsCostByModelAndRunWithinARange() {
    CostReport byModel = history.cost(CostQuery.builder().groupBy(CostGrouping.MODEL).build());
    assertThat(byModel.lines()).extracting(CostReport.Line::key).containsExactly("gemini-3-pro-image", "gemini-3.1-flash-image");
    assertThat(byModel.lines().get(1).totalCostUsd()).isEqualByComparingTo("0.0671");

    CostReport byRun = history.cost(CostQuery.builder().groupBy(CostGrouping.RUN).build());
    assertThat(byRun.lines()).extracting(CostReport.Line::key).containsExactly("", "run-a");
    assertThat(byRun.lines().get(1).totalCostUsd()).isEqualByComparingTo("0.2681");

    CostReport day2 = history.cost(CostQuery.builder().since(T0.plus(Duration.ofHours(2))).until(T0.plus(Duration.ofDays(1))).build());
    assertThat(day2.total().all().count()).isEqualTo(2);
  }

  @Test
  void rejectsBadQueries() {
    assertThatThrownBy(() -> HistoryQuery.builder().limit(0)).hasMessageContaining("limit 0");
    assertThatThrownBy(() -> HistoryQuery.builder().since(T0).until(T0.minusSeconds(1)).build())
        .hasMessageContaining("is after");
  }
}
