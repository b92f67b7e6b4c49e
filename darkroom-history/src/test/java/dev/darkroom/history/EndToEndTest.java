package dev.darkroom.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.ContentBlockedException;
import dev.darkroom.Darkroom;
import dev.darkroom.ErrorKind;
import dev.darkroom.Generation;
import dev.darkroom.ImageInput;
import dev.darkroom.ImageRequest;
import dev.darkroom.ImageResult;
import dev.darkroom.ModelCatalog;
import dev.darkroom.SaveOptions;
import dev.darkroom.history.internal.Sha256;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeReply;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A real client, the fake Gemini server, and the history as its recorder. */
@ExtendWith(FakeGeminiExtension.class)
class EndToEndTest {
  static final String KEY = "fake-key-darkroom-history-7f3e9c21";

  @TempDir Path dir;

  @Test
  void recordsEveryCallWithFilesDigestsAndCostButNeverTheKey(FakeGemini fake) throws Exception {
    fake.apiKey(KEY);
    Path db = dir.resolve("home/history.db");
    Path out = Files.createDirectories(dir.resolve("out"));
    Path ref = Fixtures.writePng(dir.resolve("ref.png"), 32, 24);
    List<Generation> generations = new ArrayList<>();
    ContentBlockedException blocked;
    String runId;
    try (History history = History.open(db)) {
      runId = history.newRunId();
      try (Darkroom client = Darkroom.builder().setting("gemini.apiKey", KEY).setting("gemini.baseUrl", fake.baseUrl())
          .recorder(history.withRun(runId)).build()) {
        ImageResult two = client.generate(ImageRequest.builder().model("gemini-3.1-flash-image")
            .prompt("A red fox in fresh snow").aspectRatio("16:9").seed(7).addImage(ImageInput.of(ref)).count(2).build(),
            SaveOptions.toDirectory(out));
        generations.addAll(two.generations());
        fake.enqueue(FakeReply.imageSafety());
        blocked = catchBlocked(() -> client.generate(
            ImageRequest.builder().model("gemini-3.1-flash-image").prompt("Something the filter dislikes").build(),
            SaveOptions.toDirectory(out)));
      }

      List<GenerationRecord> rows = history.list(HistoryQuery.builder().runId(runId).build());
      assertThat(rows).hasSize(3);
      assertThat(rows).extracting(GenerationRecord::status).containsExactlyInAnyOrder(
          GenerationStatus.SUCCEEDED, GenerationStatus.SUCCEEDED, GenerationStatus.BLOCKED);

      GenerationRecord block = rows.stream().filter(r -> r.status() == GenerationStatus.BLOCKED).findFirst().orElseThrow();
      assertThat(block.errorKind()).contains(ErrorKind.CONTENT_BLOCKED);
      assertThat(block.reason()).contains("IMAGE_SAFETY");
      assertThat(block.costUsd()).isEqualByComparingTo(blocked.generation().orElseThrow().costUsd());
      assertThat(block.responseId()).isEqualTo(blocked.generation().orElseThrow().responseId());
      assertThat(block.outputs()).isEmpty();

      List<GenerationRecord> ok = rows.stream().filter(r -> r.status() == GenerationStatus.SUCCEEDED)
          .sorted(Comparator.comparingInt(GenerationRecord::callIndex)).toList();
      assertThat(ok).extracting(GenerationRecord::callIndex).containsExactly(0, 1);
      for (GenerationRecord r : ok) {
        Generation g = generations.stream().filter(x -> x.responseId().equals(r.responseId())).findFirst().orElseThrow();
        assertThat(r.costUsd()).isEqualByComparingTo(g.costUsd());
        assertThat(r.usage()).isEqualTo(g.usage());
        assertThat(r.modelVersion()).isEqualTo(g.modelVersion());
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.request().seed()).contains(7L);
        assertThat(r.request().inputs()).singleElement().satisfies(in -> {
          assertThat(in.path()).contains(ref.toAbsolutePath());
          assertThat(in.sha256()).isEqualTo(Sha256.of(ref));
        });
        OutputFile file = r.outputs().get(0);
        Path saved = file.path().orElseThrow();
        assertThat(saved).exists().startsWith(out.toAbsolutePath());
        assertThat(Sha256.of(saved)).isEqualTo(file.sha256());
        BufferedImage decoded = ImageIO.read(saved.toFile());
        assertThat(file.width()).isEqualTo(decoded.getWidth());
        assertThat(file.height()).isEqualTo(decoded.getHeight());
        assertThat(file.mimeType()).isEqualTo(g.images().get(0).mimeType());
      }

      ImageRequest again = history.rebuildRequest(ok.get(0), ModelCatalog.builtIn());
      assertThat(again.prompt()).isEqualTo("A red fox in fresh snow");
      assertThat(again.images()).hasSize(1);

      CostReport cost = history.cost(CostQuery.builder().groupBy(CostGrouping.RUN).build());
      assertThat(cost.lines()).singleElement().satisfies(line -> {
        assertThat(line.key()).isEqualTo(runId);
        assertThat(line.succeeded().count()).isEqualTo(2);
        assertThat(line.succeeded().costUsd()).isEqualByComparingTo(generations.get(0).costUsd().add(generations.get(1).costUsd()));
        assertThat(line.blocked().count()).isEqualTo(1);
      });
    }

    assertThat(Files.list(db.getParent()).map(p -> p.getFileName().toString())).containsExactly("history.db");
    byte[] bytes = Files.readAllBytes(db);
    assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains("A red fox in fresh snow").doesNotContain(KEY);
    assertThat(new String(bytes, StandardCharsets.UTF_16LE)).doesNotContain(KEY);
  }

  private static ContentBlockedException catchBlocked(Runnable r) {
    try {
      r.run();
    } catch (ContentBlockedException e) {
      return e;
    }
    throw new AssertionError("expected the call to be blocked");
  }
}
