package dev.darkroom.studio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.Darkroom;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeReply;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issue 21 (cosmetic): grid cells come out at least the minimum cell size, borders cut away. */
@ExtendWith(FakeGeminiExtension.class)
class GridCellSizeTest {

  @Test
  void everySavedCellIsAtLeastTheMinimumOnceTheBordersAreCutAway(FakeGemini fake, @TempDir Path dir) {
    fake.enqueue(FakeReply.grid(2, 2));
    GridJob.Builder job = GridJob.builder().name("fruit").model("gemini-3-pro-image");
    for (String fruit : new String[] {"a lemon", "two cherries", "a pear", "a slice of watermelon"}) {
      job.addCell(fruit);
    }
    try (Darkroom darkroom = Darkroom.builder().setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY)
        .setting("gemini.baseUrl", fake.baseUrl()).build()) {
      GridOutcome outcome = GridComposer.builder().client(darkroom).build().compose(job.build(), dir);

      assertThat(outcome.plan().cellWidth()).isGreaterThanOrEqualTo(512);
      assertThat(outcome.cells()).hasSize(4).allSatisfy(c -> {
        assertThat(c.width()).as(c.path().toString()).isGreaterThanOrEqualTo(512);
        assertThat(c.height()).as(c.path().toString()).isGreaterThanOrEqualTo(512);
      });
    }
  }

  @Test
  void theCellSideLeavesRoomForTheBorders() {
    assertThat(GridComposer.cellSide(1024, 2)).isLessThan(512);
    assertThat(GridComposer.cellSide(2048, 2)).isGreaterThanOrEqualTo(512);
  }
}
