package dev.darkroom.history;

import dev.darkroom.gemini.GeminiOptions;

import static dev.darkroom.history.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.ContentBlockedException;
import dev.darkroom.ErrorKind;
import dev.darkroom.GenerationRecorder;
import dev.darkroom.ImageInput;
import dev.darkroom.ImageRequest;
import dev.darkroom.NoImageException;
import dev.darkroom.QuotaExceededException;
import dev.darkroom.Grid;
import dev.darkroom.SafetySetting;
import dev.darkroom.ThinkingLevel;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingTest {
  @TempDir Path dir;
  History history;

  @BeforeEach
  void open() {
    history = History.open(dir.resolve("home/history.db"));
  }

  @AfterEach
  void close() {
    history.close();
  }

  @Test
  void createsTheDatabaseAndItsDirectory() {
    assertThat(history.file()).isEqualTo(dir.resolve("home/history.db").toAbsolutePath()).exists();
    assertThat(history.list(HistoryQuery.recent())).isEmpty();
  }

  @Test
  void writesARunningRowBeforeTheCallAndCompletesItAfter() {
    GenerationRecorder.Call call = history.begin(request("A red fox in snow"), List.of(), 0);

    GenerationRecord running = history.list(HistoryQuery.recent()).get(0);
    assertThat(running.status()).isEqualTo(GenerationStatus.RUNNING);
    assertThat(running.pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(running.finishedAt()).isEmpty();
    assertThat(running.prompt()).isEqualTo("A red fox in snow");

    Path file = dir.resolve("fox.png");
    var g = Fixtures.generation(file, "0.13412000");
    call.succeeded(g);

    GenerationRecord done = history.get(running.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(GenerationStatus.SUCCEEDED);
    assertThat(done.finishedAt()).isPresent();
    assertThat(done.provider()).isEqualTo("gemini");
    assertThat(done.model()).isEqualTo(Fixtures.MODEL);
    assertThat(done.modelVersion()).contains(Fixtures.MODEL + "-001");
    assertThat(done.responseId()).isEqualTo(g.responseId());
    assertThat(done.reason()).contains("STOP");
    assertThat(done.modelText()).isEqualTo("Here you go");
    assertThat(done.usage()).isEqualTo(Fixtures.USAGE);
    assertThat(done.costUsd()).isEqualByComparingTo("0.13412");
    assertThat(done.latency()).contains(java.time.Duration.ofMillis(1234));
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(done.retries()).isEqualTo(1);
    assertThat(done.errorKind()).isEmpty();
    assertThat(done.outputs()).singleElement().satisfies(o -> {
      assertThat(o.kind()).isEqualTo(OutputKind.ORIGINAL);
      assertThat(o.path()).contains(file.toAbsolutePath());
      assertThat(o.sha256()).isEqualTo(g.images().get(0).sha256());
      assertThat(o.width()).isEqualTo(8);
      assertThat(o.height()).isEqualTo(6);
      assertThat(o.mimeType()).isEqualTo("image/png");
      assertThat(o.sizeBytes()).hasValue(g.images().get(0).byteCount());
    });
  }

  @Test
  void recordsBlockedNoImageAndFailedCallsApart() {
    var blocked = Fixtures.generation(List.of(), "0.00012");
    history.begin(request("blocked"), List.of(), 0)
        .failed(new ContentBlockedException("the provider blocked the image", "IMAGE_SAFETY", blocked));
    history.begin(request("empty"), List.of(), 0)
        .failed(new NoImageException("no image", "NO_IMAGE", "I can only describe it", Fixtures.generation(List.of(), "0.0002")));
    history.begin(request("quota"), List.of(), 0)
        .failed(new QuotaExceededException("quota exhausted for key ****", null,
            dev.darkroom.DarkroomException.Details.http(429, "RESOURCE_EXHAUSTED", "{}")));

    List<GenerationRecord> rows = history.list(HistoryQuery.recent());
    assertThat(rows).extracting(GenerationRecord::prompt).containsExactly("quota", "empty", "blocked");
    GenerationRecord quota = rows.get(0);
    assertThat(quota.status()).isEqualTo(GenerationStatus.FAILED);
    assertThat(quota.errorKind()).contains(ErrorKind.QUOTA);
    assertThat(quota.errorMessage()).contains("quota exhausted for key ****");
    assertThat(quota.httpStatus()).isEqualTo(429);
    assertThat(quota.vendorStatus()).contains("RESOURCE_EXHAUSTED");
    assertThat(quota.costUsd()).isZero();
    assertThat(quota.latency()).isPresent();
    GenerationRecord empty = rows.get(1);
    assertThat(empty.status()).isEqualTo(GenerationStatus.NO_IMAGE);
    assertThat(empty.reason()).contains("NO_IMAGE");
    assertThat(empty.modelText()).isEqualTo("Here you go");
    assertThat(empty.costUsd()).isEqualByComparingTo("0.0002");
    GenerationRecord block = rows.get(2);
    assertThat(block.status()).isEqualTo(GenerationStatus.BLOCKED);
    assertThat(block.errorKind()).contains(ErrorKind.CONTENT_BLOCKED);
    assertThat(block.reason()).contains("IMAGE_SAFETY");
    assertThat(block.costUsd()).isEqualByComparingTo(new BigDecimal("0.00012"));
    assertThat(block.outputs()).isEmpty();
  }

  @Test
  void completesARowOnlyOnce() {
    GenerationRecorder.Call call = history.begin(request("once"), List.of(), 0);
    call.succeeded(Fixtures.generation((Path) null, "0.1"));
    call.failed(new QuotaExceededException("late", null, dev.darkroom.DarkroomException.Details.none()));
    assertThat(history.list(HistoryQuery.recent()).get(0).status()).isEqualTo(GenerationStatus.SUCCEEDED);
  }

  @Test
  void recordsGridCellsUnderTheirOriginal() {
    history.begin(request("grid"), List.of(), 0).succeeded(Fixtures.gridGeneration(dir));

    List<OutputFile> files = history.list(HistoryQuery.recent()).get(0).outputs();
    assertThat(files).extracting(OutputFile::kind).containsExactly(OutputKind.ORIGINAL, OutputKind.CELL, OutputKind.CELL);
    OutputFile original = files.get(0);
    assertThat(original.path()).isEmpty();
    assertThat(files.subList(1, 3)).allSatisfy(c -> assertThat(c.parentId()).hasValue(original.id()));
    assertThat(files.get(1).gridRow()).isEqualTo(1);
    assertThat(files.get(2).gridCol()).isEqualTo(2);
    assertThat(files.get(2).height()).isEqualTo(5);
    assertThat(files.get(2).path()).contains(dir.resolve("g-r1c2.png").toAbsolutePath());
  }

  @Test
  void storesEveryRequestParameterAndInputsByAbsolutePathAndDigest() {
    Path ref = Fixtures.writePng(dir.resolve("ref.png"), 5, 5);
    ImageRequest r = ImageRequest.builder().model(Fixtures.MODEL).prompt("Put the logo on a mug")
        .aspectRatio("4:3").imageSize("2k")
        .seed(42).count(3)
        
        .grid(new Grid(2, 3)).addImage(ImageInput.of(ref)).addImage(ImageInput.of(Fixtures.png(2, 2))).options(GeminiOptions.builder().systemPrompt("You are a product photographer.").temperature(0.7).thinkingLevel(ThinkingLevel.HIGH).includeThoughts(true).googleSearch(true).addSafetySetting(SafetySetting.parse("dangerous_content=block_only_high")).imageOnly(true).build()).build();

    history.withRun("batch-1").begin(r, List.of("aa11", "bb22"), 2);

    GenerationRecord row = history.list(HistoryQuery.recent()).get(0);
    StoredRequest s = row.request();
    assertThat(row.runId()).contains("batch-1");
    assertThat(row.callIndex()).isEqualTo(2);
    assertThat(s.model()).isEqualTo(Fixtures.MODEL);
    assertThat(s.option("systemPrompt")).contains("You are a product photographer.");
    assertThat(s.aspectRatio()).contains("4:3");
    assertThat(s.imageSize()).contains("2K");
    assertThat(s.effectiveImageSize()).isEqualTo("2K");
    assertThat(s.option("temperature")).contains("0.7");
    assertThat(s.seed()).contains(42L);
    assertThat(s.count()).isEqualTo(3);
    assertThat(s.option("thinkingLevel")).contains("HIGH");
    assertThat(s.options()).containsEntry("includeThoughts", true).containsEntry("googleSearch", true)
        .containsEntry("imageOnly", true);
    assertThat(s.options().get("safetySettings")).asList().hasSize(1);
    assertThat(s.grid()).contains(new Grid(2, 3));
    assertThat(s.inputs()).hasSize(2);
    assertThat(s.inputs().get(0).kind()).isEqualTo(StoredInput.Kind.FILE);
    assertThat(s.inputs().get(0).path()).contains(ref.toAbsolutePath());
    assertThat(s.inputs().get(0).sha256()).isEqualTo("aa11");
    assertThat(s.inputs().get(1).kind()).isEqualTo(StoredInput.Kind.IN_MEMORY);
    assertThat(s.inputs().get(1).sha256()).isEqualTo("bb22");
  }

  @Test
  void withRunRejectsBlankIds() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> history.withRun(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runId");
    assertThat(history.newRunId()).matches("\\d{8}-\\d{9}-[0-9a-f]{6}").isNotEqualTo(history.newRunId());
  }

  @Test
  void keepsTheClientsMaxInputSideWhenTheClientTellsIt() {
    history.begin(request("told"), List.of(), 0, 64);
    history.withRun("r1").begin(request("told, in a run"), List.of(), 0, 0);
    history.begin(request("not told"), List.of(), 0);

    List<GenerationRecord> rows = history.list(HistoryQuery.recent());
    assertThat(rows).extracting(r -> r.request().maxInputSide())
        .containsExactly(java.util.OptionalInt.empty(), java.util.OptionalInt.of(0), java.util.OptionalInt.of(64));
    assertThat(rows.get(1).runId()).contains("r1");
  }
}
