package dev.darkroom.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.Darkroom;
import dev.darkroom.Grid;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.Provenance;
import dev.darkroom.history.GenerationRecord;
import dev.darkroom.history.History;
import dev.darkroom.history.HistoryQuery;
import dev.darkroom.history.OutputFile;
import dev.darkroom.history.OutputKind;
import dev.darkroom.internal.image.Digests;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(FakeGeminiExtension.class)
class GridComposerTest {
  static final String PRO = "gemini-3-pro-image";

  @TempDir Path dir;

  static GridJob fourFruits() {
    return GridJob.builder().model(PRO).shared("Flat vector icon, white background, centred.")
        .addCell("lemon", "A lemon").addCell("cherry", "Two cherries on one stem")
        .addCell("pear", "A green pear").addCell(null, "A slice of watermelon").build();
  }

  static Darkroom client(FakeGemini fake) {
    return Darkroom.builder().setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY).setting("gemini.baseUrl", fake.baseUrl()).build();
  }

  @Test
  void fourCellsMakeATwoByTwoAt2KForAboutAQuarterOfThePrice(FakeGemini fake) {
    try (Darkroom darkroom = client(fake)) {
      GridPlan plan = GridComposer.builder().client(darkroom).build().plan(fourFruits());
      assertThat(plan.grid()).isEqualTo(new Grid(2, 2));
      assertThat(plan.aspectRatio()).isEqualTo("1:1");
      assertThat(plan.imageSize()).as("at 1K the cells inside their borders would be under 512 px").isEqualTo("2K");
      assertThat(plan.cellWidth()).isGreaterThanOrEqualTo(512);
      assertThat(plan.oneByOneImageSize()).isEqualTo("1K");
      BigDecimal ratio = plan.estimatedCostUsd().divide(plan.oneByOneCostUsd(), 3, RoundingMode.HALF_UP);
      assertThat(ratio).isBetween(new BigDecimal("0.22"), new BigDecimal("0.30"));
      assertThat(plan.prompt()).startsWith("A contiguous 2x2 grid of 4 distinct images")
          .contains("thin solid black borders")
          .contains("Rules for every cell:\nFlat vector icon")
          .contains("Cell 1 (top left): A lemon").contains("Cell 4 (bottom right): A slice of watermelon");
      assertThat(fake.requestCount()).isZero();
    }
  }

  @Test
  void chooses2x3With3To2AndALargerSizeToKeepCellsBig(FakeGemini fake) {
    try (Darkroom darkroom = client(fake)) {
      GridJob.Builder b = GridJob.builder().model(PRO);
      for (int i = 1; i <= 5; i++) {
        b.addCell("icon " + i);
      }
      GridPlan plan = GridComposer.builder().client(darkroom).build().plan(b.build());
      assertThat(plan.grid()).isEqualTo(new Grid(2, 3));
      assertThat(plan.aspectRatio()).isEqualTo("3:2");
      assertThat(plan.imageSize()).isEqualTo("2K");
      assertThat(plan.prompt()).contains("Cell 6 (bottom right): an empty plain light grey square.");
    }
  }

  @Test
  void layoutsAreChosenInOrder() {
    assertThat(List.of(2, 4, 5, 6, 7, 9, 10, 12, 13, 16, 17).stream().map(GridComposer::smallestLayout).map(Grid::toString))
        .containsExactly("2x2", "2x2", "2x3", "2x3", "3x3", "3x3", "3x4", "3x4", "4x4", "4x4", "4x5");
  }

  @Test
  void refusesLayoutsTheModelCannotRenderAtAUsefulSize(FakeGemini fake) {
    try (Darkroom darkroom = client(fake)) {
      GridJob.Builder b = GridJob.builder().model("gemini-2.5-flash-image").layout(new Grid(8, 8));
      for (int i = 1; i <= 64; i++) {
        b.addCell("icon " + i);
      }
      assertThatThrownBy(() -> GridComposer.builder().client(darkroom).build().plan(b.build()))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("8x8").hasMessageContaining("110x110 px").hasMessageContaining("at least 512 px");
      assertThat(fake.requestCount()).isZero();
    }
  }

  @Test
  void savesEachCellUnderItsOwnNameWithItsOwnPromptAndKeepsThemInTheHistory(FakeGemini fake) throws Exception {
    Path out = dir.resolve("out");
    try (History history = History.open(dir.resolve("history.db"));
        Darkroom darkroom = Darkroom.builder().setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY).setting("gemini.baseUrl", fake.baseUrl())
            .recorder(history).build()) {
      GridOutcome o = GridComposer.builder().client(darkroom).history(history).build().compose(fourFruits(), out);

      assertThat(fake.requestCount()).isEqualTo(1);
      assertThat(o.cells()).extracting(c -> c.path().getFileName().toString())
          .containsExactly("lemon.jpg", "cherry.jpg", "pear.jpg", "grid-cell-4.jpg");
      GridOutcome.SavedCell cherry = o.cells().get(1);
      assertThat(List.of(cherry.row(), cherry.col())).containsExactly(1, 2);
      Provenance p = Provenance.read(cherry.path()).orElseThrow();
      assertThat(p.prompt()).isEqualTo("Two cherries on one stem\n\nFlat vector icon, white background, centred.");
      assertThat(p.compactJson()).contains("\"gridCell\"").contains("\"label\":\"cherry\"").contains("\"row\":1")
          .contains("A contiguous 2x2 grid");
      assertThat(p.model()).isEqualTo(PRO);
      assertThat(Files.exists(o.gridImage())).isTrue();
      try (Stream<Path> files = Files.list(out)) {
        assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.contains("-r1c"));
      }
      assertThat(o.costPerCellUsd()).isEqualByComparingTo(o.costUsd().divide(BigDecimal.valueOf(4), 6, RoundingMode.HALF_UP));
      assertThat(o.costPerCellUsd().multiply(BigDecimal.valueOf(3))).isLessThan(o.oneByOneCostUsd().divide(BigDecimal.valueOf(4)));

      assertThat(o.historyRowsUpdated()).isEqualTo(4);
      GenerationRecord record = history.list(HistoryQuery.recent()).get(0);
      OutputFile original = record.outputs().stream().filter(f -> f.kind() == OutputKind.ORIGINAL).findFirst().orElseThrow();
      List<OutputFile> cells = record.outputs().stream().filter(f -> f.kind() == OutputKind.CELL).toList();
      assertThat(cells).hasSize(4).allSatisfy(c -> assertThat(c.parentId().getAsLong()).isEqualTo(original.id()));
      OutputFile cherryRow = cells.stream().filter(c -> c.gridRow() == 1 && c.gridCol() == 2).findFirst().orElseThrow();
      assertThat(cherryRow.path().orElseThrow()).isEqualTo(cherry.path().toAbsolutePath().normalize());
      assertThat(cherryRow.sha256()).isEqualTo(Digests.sha256Hex(cherry.path()));
    }
  }

  @Test
  void unusedCellsOfAPartlyFilledLayoutAreNamedUnusedAndStayInTheHistory(FakeGemini fake) throws Exception {
    Path out = dir.resolve("out");
    GridJob.Builder b = GridJob.builder().model(PRO).name("icons");
    for (int i = 1; i <= 5; i++) {
      b.addCell("icon " + i);
    }
    try (History history = History.open(dir.resolve("history.db"));
        Darkroom darkroom = Darkroom.builder().setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY).setting("gemini.baseUrl", fake.baseUrl())
            .recorder(history).build()) {
      GridOutcome o = GridComposer.builder().client(darkroom).history(history).build().compose(b.build(), out);

      assertThat(o.plan().grid()).isEqualTo(new Grid(2, 3));
      assertThat(o.cells()).extracting(c -> c.path().getFileName().toString())
          .containsExactly("icons-cell-1.jpg", "icons-cell-2.jpg", "icons-cell-3.jpg", "icons-cell-4.jpg",
              "icons-cell-5.jpg");
      assertThat(o.unusedCells()).extracting(p -> p.getFileName().toString()).containsExactly("icons-unused-6.jpg");
      GridOutcome.SavedCell fifth = o.cells().get(4);
      assertThat(List.of(fifth.row(), fifth.col())).containsExactly(2, 2);
      assertThat(fifth.x()).isPositive();
      assertThat(fifth.y()).isPositive();
      try (Stream<Path> files = Files.list(out)) {
        assertThat(files.map(f -> f.getFileName().toString()))
            .containsExactlyInAnyOrder("icons.jpg", "icons-cell-1.jpg", "icons-cell-2.jpg", "icons-cell-3.jpg",
                "icons-cell-4.jpg", "icons-cell-5.jpg", "icons-unused-6.jpg");
      }
      assertThat(o.historyRowsUpdated()).isEqualTo(6);
      GenerationRecord record = history.list(HistoryQuery.recent()).get(0);
      OutputFile unusedRow = record.outputs().stream()
          .filter(f -> f.kind() == OutputKind.CELL && f.gridRow() == 2 && f.gridCol() == 3).findFirst().orElseThrow();
      assertThat(unusedRow.path().orElseThrow()).isEqualTo(o.unusedCells().get(0).toAbsolutePath().normalize());
      assertThat(unusedRow.sha256()).isEqualTo(Digests.sha256Hex(o.unusedCells().get(0)));
    }
  }
}
