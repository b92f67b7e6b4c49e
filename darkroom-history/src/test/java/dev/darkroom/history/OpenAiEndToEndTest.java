package dev.darkroom.history;

import dev.darkroom.openai.OpenAiOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.darkroom.testkit.FakeOpenAI;
import dev.darkroom.testkit.FakeOpenAIExtension;
import dev.darkroom.testkit.FakeOpenAiReply;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A real client, the fake OpenAI server, and the history as its recorder. */
@ExtendWith(FakeOpenAIExtension.class)
class OpenAiEndToEndTest {
  static final String KEY = "sk-proj-DarkroomHistoryTestKey-9c21";

  @TempDir Path dir;

  @Test
  void recordsAnOpenAiEditWithUsageCostOptionsAndMaskButNeverTheKey(FakeOpenAI fake) throws Exception {
    fake.apiKey(KEY);
    Path db = dir.resolve("home/history.db");
    Path out = Files.createDirectories(dir.resolve("out"));
    Path room = Fixtures.writePng(dir.resolve("room.png"), 64, 48);
    Path sofa = Fixtures.writePng(dir.resolve("sofa.png"), 32, 24);
    Path mask = Files.write(dir.resolve("mask.png"), mask(64, 48));
    try (History history = History.open(db)) {
      String runId = history.newRunId();
      Generation g;
      try (Darkroom client = Darkroom.builder().setting("openai.apiKey", KEY).setting("openai.baseUrl", fake.baseUrl())
          .recorder(history.withRun(runId)).build()) {
        ImageResult result = client.generate(ImageRequest.builder().model("gpt-image-2").prompt("Put the sofa in the room")
            .addImage(ImageInput.of(room)).addImage(ImageInput.of(sofa)).mask(ImageInput.of(mask))
            .size("1536x1024").options(OpenAiOptions.builder().quality("medium").build()).build(), SaveOptions.toDirectory(out));
        g = result.generations().get(0);
        fake.enqueue(FakeOpenAiReply.moderationBlocked("input", "violence"));
        assertThatThrownBy(() -> client.generate(ImageRequest.builder().model("gpt-image-2").prompt("bad").build()))
            .isInstanceOf(ContentBlockedException.class);
      }

      List<GenerationRecord> rows = history.list(HistoryQuery.builder().runId(runId).build());
      assertThat(rows).hasSize(2);
      GenerationRecord ok = rows.stream().filter(r -> r.status() == GenerationStatus.SUCCEEDED).findFirst().orElseThrow();
      assertThat(ok.provider()).isEqualTo("openai");
      assertThat(ok.model()).isEqualTo("gpt-image-2");
      assertThat(ok.usage()).isEqualTo(g.usage());
      assertThat(ok.usage().imageInputTokens()).isPositive();
      assertThat(ok.costUsd()).isEqualByComparingTo(g.costUsd());
      assertThat(ok.responseId()).isEqualTo(g.responseId());
      assertThat(ok.request().size()).hasValue("1536x1024");
      assertThat(ok.request().option("quality")).hasValue("medium");
      assertThat(ok.request().mask()).isPresent();
      assertThat(ok.request().inputs()).hasSize(2);
      assertThat(ok.request().inputs().get(1).sha256()).isEqualTo(Sha256.of(sofa));
      assertThat(ok.outputs()).singleElement().satisfies(f -> {
        assertThat(f.width()).isEqualTo(1536);
        assertThat(f.height()).isEqualTo(1024);
      });

      GenerationRecord blocked = rows.stream().filter(r -> r.status() == GenerationStatus.BLOCKED).findFirst().orElseThrow();
      assertThat(blocked.errorKind()).contains(ErrorKind.CONTENT_BLOCKED);
      assertThat(blocked.reason()).contains("moderation_blocked");

      ImageRequest again = history.rebuildRequest(ok, ModelCatalog.builtIn());
      assertThat(again.size()).hasValue("1536x1024");
      assertThat(OpenAiOptions.of(again).quality()).hasValue("medium");
      assertThat(again.mask()).isPresent();
      assertThat(again.images()).hasSize(2);
    }
    byte[] bytes = Files.readAllBytes(db);
    assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(KEY);
  }

  private static byte[] mask(int w, int h) throws Exception {
    BufferedImage m = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = m.createGraphics();
    g.setColor(Color.BLACK);
    g.fillRect(0, 0, w, h / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(m, "png", out);
    return out.toByteArray();
  }
}
