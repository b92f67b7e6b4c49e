package dev.darkroom.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.Darkroom;
import dev.darkroom.GridCell;
import dev.darkroom.ImageRequest;
import dev.darkroom.ImageResult;
import dev.darkroom.SaveOptions;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(FakeGeminiExtension.class)
class RelocateOutputTest {
  @TempDir Path dir;

  @Test
  void movesAGridCellRowAndKeepsItsParentAndPosition(FakeGemini fake) throws Exception {
    try (History history = History.open(dir.resolve("history.db"));
        Darkroom client = Darkroom.builder().setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY).setting("gemini.baseUrl", fake.baseUrl())
            .recorder(history).build()) {
      ImageResult r = client.generate(ImageRequest.builder().model("gemini-3-pro-image").prompt("a 2x2 grid of icons")
          .grid(new dev.darkroom.Grid(2, 2)).build(), SaveOptions.toDirectory(dir));
      GridCell cell = r.image().cells().get(1);
      Path from = cell.savedPath().orElseThrow();
      Path to = dir.resolve("lemon.jpg");
      Files.move(from, to);
      String sha = "ab".repeat(32);

      assertThat(history.relocateOutput(from, to, sha)).isEqualTo(1);
      assertThat(history.relocateOutput(from, to, sha)).isZero();

      GenerationRecord record = history.list(HistoryQuery.recent()).get(0);
      OutputFile moved = record.outputs().stream().filter(o -> o.path().orElseThrow().equals(to)).findFirst().orElseThrow();
      OutputFile original = record.outputs().stream().filter(o -> o.kind() == OutputKind.ORIGINAL).findFirst().orElseThrow();
      assertThat(moved.kind()).isEqualTo(OutputKind.CELL);
      assertThat(moved.parentId().getAsLong()).isEqualTo(original.id());
      assertThat(List.of(moved.gridRow(), moved.gridCol())).containsExactly(1, 2);
      assertThat(moved.sha256()).isEqualTo(sha);
      assertThatThrownBy(() -> history.relocateOutput(from, to, "xyz")).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
