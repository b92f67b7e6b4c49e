package dev.darkroom.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.Darkroom;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.history.GenerationRecord;
import dev.darkroom.history.History;
import dev.darkroom.history.HistoryQuery;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeReply;
import dev.darkroom.testkit.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(FakeGeminiExtension.class)
class ComparisonRunnerTest {
  static final String FLASH = "gemini-2.5-flash-image";
  static final String PRO = "gemini-3-pro-image";

  @TempDir Path dir;

  static Darkroom client(FakeGemini fake) {
    return Darkroom.builder().setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY).setting("gemini.baseUrl", fake.baseUrl()).build();
  }

  @Test
  void runsEveryVariantPerRepeatWithOneSeedPerColumn(FakeGemini fake) throws Exception {
    AtomicInteger seeds = new AtomicInteger(100);
    try (Darkroom darkroom = client(fake)) {
      ComparisonRunner runner = ComparisonRunner.builder().client(darkroom).outputDirectory(dir)
          .baseName("fox").seeds(seeds::incrementAndGet).build();
      Comparison c = runner.run(ImageRequest.builder().model(FLASH).prompt("A red fox").build(),
          List.of(Variant.of("Nano Banana", b -> {}), Variant.model(PRO)), 2);

      assertThat(c.rows()).isEqualTo(2);
      assertThat(c.columns()).isEqualTo(2);
      assertThat(c.failures()).isZero();
      assertThat(c.panel(1, 0).orElseThrow().model()).isEqualTo(PRO);
      assertThat(c.panel(1, 0).orElseThrow().modelName()).isEqualTo("Nano Banana Pro");
      assertThat(c.panel(0, 1).orElseThrow().parameters()).containsEntry("seed", "102");
      assertThat(c.panel(1, 1).orElseThrow().parameters()).containsEntry("seed", "102");
      assertThat(c.panel(1, 0).orElseThrow().parameters()).containsEntry("seed", "101");
      for (Panel p : c.panels()) {
        assertThat(p.path()).isPresent();
        assertThat(Files.exists(p.path().get())).isTrue();
        assertThat(p.provenanceJson()).isPresent();
      }
      assertThat(c.panel(1, 1).orElseThrow().path().get().getFileName().toString()).startsWith("fox-gemini-3-pro-image-2.");
      List<Integer> sentSeeds = fake.requests().stream().map(RecordedRequest::json)
          .map(j -> j.path("generationConfig").path("seed").asInt()).sorted().toList();
      assertThat(sentSeeds).containsExactly(101, 101, 102, 102);
      assertThat(c.totalCostUsd()).isPositive();
    }
  }

  @Test
  void aGivenSeedIsUsedEverywhere(FakeGemini fake) {
    try (Darkroom darkroom = client(fake)) {
      Comparison c = ComparisonRunner.builder().client(darkroom).build().run(
          ImageRequest.builder().model(FLASH).prompt("A red fox").seed(7).build(),
          List.of(Variant.model(FLASH), Variant.model(PRO)), 1);
      assertThat(c.panels()).allSatisfy(p -> assertThat(p.parameters()).containsEntry("seed", "7"));
      assertThat(c.panels()).allSatisfy(p -> assertThat(p.path()).isEmpty());
    }
  }

  @Test
  void blockedVariantsBecomeFailurePanels(FakeGemini fake) {
    fake.enqueue(FakeReply.imageSafety());
    try (Darkroom darkroom = client(fake)) {
      Comparison c = ComparisonRunner.builder().client(darkroom).parallelism(1).build().run(
          ImageRequest.builder().model(PRO).prompt("A red fox").build(),
          List.of(Variant.of("blocked", b -> {}), Variant.of("ok", b -> {}), Variant.of("wide", b -> b.aspectRatio("16:9"))), 1);
      Panel blocked = c.panel(0, 0).orElseThrow();
      assertThat(blocked.failure()).isPresent();
      assertThat(blocked.failure().get().kind()).isEqualTo("CONTENT_BLOCKED");
      assertThat(blocked.failure().get().reason()).contains("IMAGE_SAFETY").doesNotContain("rephrase");
      assertThat(c.panel(0, 1).orElseThrow().succeeded()).isTrue();
      assertThat(c.panel(0, 2).orElseThrow().succeeded()).isTrue();
      assertThat(fake.requestCount()).isEqualTo(3);
      // One repeat: the variants sit side by side in one row.
      assertThat(c.rows()).isEqualTo(1);
      assertThat(c.columns()).isEqualTo(3);
      // The sheet still renders every panel.
      assertThat(ComparisonSheet.defaults().render(c).getWidth()).isGreaterThan(0);
    }
  }

  @Test
  void anInvalidLastVariantRefusesTheWholeComparisonBeforeAnyCall(FakeGemini fake) {
    try (Darkroom darkroom = client(fake)) {
      ComparisonRunner runner = ComparisonRunner.builder().client(darkroom).build();
      assertThatThrownBy(() -> runner.run(ImageRequest.builder().model(PRO).prompt("A red fox").build(),
          List.of(Variant.of("ok", b -> {}), Variant.of("bad aspect", b -> b.aspectRatio("8:1"))), 3))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("bad aspect: aspect ratio '8:1' is not supported")
          .hasMessageContaining("nothing was sent");
      assertThat(fake.requestCount()).isZero();
    }
  }

  @Test
  void everyInvalidVariantIsListedOnceWithTheClosestModel(FakeGemini fake) {
    try (Darkroom darkroom = client(fake)) {
      ComparisonRunner runner = ComparisonRunner.builder().client(darkroom).build();
      assertThatThrownBy(() -> runner.plan(ImageRequest.builder().model(PRO).prompt("A red fox").build(),
          List.of(Variant.model("gemini-3-pro-imag"), Variant.model(FLASH), Variant.of("tall", b -> b.aspectRatio("1:9"))), 2))
          .isInstanceOf(InvalidRequestException.class)
          .satisfies(e -> {
            String m = e.getMessage();
            assertThat(m).startsWith("2 problems in the plan; nothing was sent:")
                .contains("\n  gemini-3-pro-imag: unknown model 'gemini-3-pro-imag'; did you mean gemini-3-pro-image?")
                .contains("\n  tall: aspect ratio '1:9'");
            assertThat(m.split("gemini-3-pro-imag:", -1)).hasSize(2); // once, not once per repeat
          });
      assertThat(fake.requestCount()).isZero();
    }
  }

  @Test
  void axesMakeOnePanelPerCombinationAtOneSeedLabelledWithTheAxisValues(FakeGemini fake) {
    try (Darkroom darkroom = client(fake)) {
      ComparisonRunner runner = ComparisonRunner.builder().client(darkroom).seeds(() -> 5).build();
      List<ComparisonPlan> plans = runner.planAxes(ImageRequest.builder().model(PRO).prompt("A red fox").build(),
          Variant.of("shared", b -> b.imageSize("1K")),
          List.of(Variant.of("1:1", b -> b.aspectRatio("1:1")), Variant.of("16:9", b -> b.aspectRatio("16:9"))),
          List.of(Variant.of("flash", b -> b.model(FLASH)), Variant.of("pro", b -> {})),
          List.of());
      assertThat(plans).hasSize(1);
      ComparisonPlan plan = plans.get(0);
      assertThat(plan.rows()).isEqualTo(2);
      assertThat(plan.columns()).isEqualTo(2);
      assertThat(plan.cells()).extracting(ComparisonPlan.Cell::label)
          .containsExactly("1:1, flash", "16:9, flash", "1:1, pro", "16:9, pro");
      assertThat(plan.cells()).allSatisfy(cell -> assertThat(cell.request().seed()).contains(5L));
      assertThat(plan.estimatedCostUsd()).isPositive();
      assertThat(fake.requestCount()).isZero();

      Comparison c = runner.run(plan);
      assertThat(c.failures()).isZero();
      assertThat(c.panel(1, 1).orElseThrow().model()).isEqualTo(PRO);
      assertThat(c.panel(0, 0).orElseThrow().model()).isEqualTo(FLASH);
      assertThat(fake.requests()).hasSize(4).allSatisfy(r ->
          assertThat(r.json().at("/generationConfig/seed").asInt()).isEqualTo(5));
    }
  }

  @Test
  void aBadZValueRefusesEverySheet(FakeGemini fake) {
    try (Darkroom darkroom = client(fake)) {
      ComparisonRunner runner = ComparisonRunner.builder().client(darkroom).build();
      assertThatThrownBy(() -> runner.planAxes(ImageRequest.builder().model(PRO).prompt("A red fox").build(),
          Variant.of("shared", b -> {}), List.of(Variant.of("a", b -> {})), List.of(),
          List.of(Variant.of("2K", b -> b.imageSize("2K")), Variant.of("9K", b -> b.imageSize("9K")))))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("a, 9K: image size '9K' is not supported");
      assertThat(fake.requestCount()).isZero();
    }
  }

  @Test
  void fromHistoryLaysOutExistingGenerationsWithoutCalls(FakeGemini fake) {
    fake.enqueue(FakeReply.imageSafety());
    try (History history = History.open(dir.resolve("history.db"));
        Darkroom darkroom = Darkroom.builder().setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY).setting("gemini.baseUrl", fake.baseUrl())
            .recorder(history).build()) {
      ComparisonRunner runner = ComparisonRunner.builder().client(darkroom).outputDirectory(dir).parallelism(1).build();
      runner.run(ImageRequest.builder().model(FLASH).prompt("A red fox").build(),
          List.of(Variant.of("a", b -> {}), Variant.model(PRO), Variant.of("c", b -> {})), 1);
      List<GenerationRecord> rows = history.list(HistoryQuery.builder().limit(10).build());
      assertThat(rows).hasSize(3);
      int before = fake.requestCount();
      List<Long> ids = rows.stream().map(GenerationRecord::id).sorted().toList();

      Comparison c = ComparisonRunner.fromHistory(history, ids, ModelCatalog.builtIn());

      assertThat(fake.requestCount()).isEqualTo(before);
      assertThat(c.rows()).isEqualTo(1);
      assertThat(c.columns()).isEqualTo(3);
      assertThat(c.prompt()).isEqualTo("A red fox");
      assertThat(c.panel(0, 0).orElseThrow().failure().orElseThrow().kind()).isEqualTo("CONTENT_BLOCKED");
      assertThat(c.panel(0, 1).orElseThrow().succeeded()).isTrue();
      assertThat(c.panel(0, 1).orElseThrow().modelName()).isEqualTo("Nano Banana Pro");
      assertThat(c.panel(0, 1).orElseThrow().label()).isEqualTo("#" + ids.get(1));

      assertThatThrownBy(() -> ComparisonRunner.fromHistory(history, List.of(999L), ModelCatalog.builtIn()))
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("#999");
    }
  }

  @Test
  void aMovedFileIsAPanelThatSaysSo(FakeGemini fake) throws Exception {
    try (History history = History.open(dir.resolve("history.db"));
        Darkroom darkroom = Darkroom.builder().setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY).setting("gemini.baseUrl", fake.baseUrl())
            .recorder(history).build()) {
      Comparison first = ComparisonRunner.builder().client(darkroom).outputDirectory(dir).build()
          .run(ImageRequest.builder().model(FLASH).prompt("A red fox").build(), List.of(Variant.model(FLASH)), 1);
      Files.delete(first.panels().get(0).path().orElseThrow());
      long id = history.list(HistoryQuery.recent()).get(0).id();
      Panel p = ComparisonRunner.fromHistory(history, List.of(id), ModelCatalog.builtIn()).panels().get(0);
      assertThat(p.failure().orElseThrow().kind()).isEqualTo("FILE_MISSING");
    }
  }
}
