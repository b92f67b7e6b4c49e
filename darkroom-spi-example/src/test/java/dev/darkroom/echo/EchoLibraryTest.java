package dev.darkroom.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.Darkroom;
import dev.darkroom.ImageRequest;
import dev.darkroom.ImageResult;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.Provenance;
import dev.darkroom.SaveOptions;
import dev.darkroom.batch.BatchRunner;
import dev.darkroom.batch.BatchSummary;
import dev.darkroom.batch.JobFile;
import dev.darkroom.history.GenerationRecord;
import dev.darkroom.history.GenerationStatus;
import dev.darkroom.history.History;
import dev.darkroom.history.HistoryQuery;
import dev.darkroom.spi.Providers;
import dev.darkroom.studio.Comparison;
import dev.darkroom.studio.ComparisonRunner;
import dev.darkroom.studio.Panel;
import dev.darkroom.studio.Variant;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The echo provider, found only through {@link java.util.ServiceLoader}, through the library: generate,
 * history and rerun, the studio's comparison, and the batch runner (direct and through its batch API).
 */
class EchoLibraryTest {
  @TempDir Path dir;
  private History history;
  private Darkroom darkroom;

  private Darkroom darkroom() {
    history = History.open(dir.resolve("home/history.db"));
    darkroom = Darkroom.builder().env(Map.of()).recorder(history).build();
    return darkroom;
  }

  @AfterEach
  void close() {
    if (darkroom != null) {
      darkroom.close();
    }
    if (history != null) {
      history.close();
    }
  }

  private static int[] pixelAndSize(byte[] png) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    return new int[] {image.getRGB(0, 0) & 0xffffff, image.getWidth(), image.getHeight()};
  }

  @Test
  void isDiscoveredWithItsModelAndOption() {
    assertThat(Providers.find("echo")).containsInstanceOf(EchoProvider.class);
    assertThat(ModelCatalog.builtIn().require("echo-1").provider()).isEqualTo("echo");
    assertThat(new EchoProvider().readOptions(Map.of("tint", "#FF0000")).values()).isEqualTo(Map.of("tint", "#ff0000"));
    assertThatThrownBy(() -> new EchoProvider().readOptions(Map.of("tint", "red")))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("echo.tint"));
    assertThatThrownBy(() -> new EchoProvider().readOptions(Map.of("quality", "high")))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.field()).hasValue("echo.quality");
          assertThat(e.allowed()).containsExactly("tint");
        });
  }

  @Test
  void generateSavesAPngOfTheSizeAskedInTheTintWithProvenance() throws Exception {
    ImageResult result = darkroom().generate(ImageRequest.builder().model("echo-1").prompt("a red square")
        .size("128x64").seed(5).options(EchoOptions.tint("#ff0000")).build(), SaveOptions.toDirectory(dir.resolve("out")));
    Path file = result.image().path().orElseThrow();
    assertThat(pixelAndSize(Files.readAllBytes(file))).containsExactly(0xff0000, 128, 64);
    Provenance p = Provenance.read(file).orElseThrow();
    assertThat(p.model()).isEqualTo("echo-1");
    assertThat(p.get("provider")).hasValue("echo");
    assertThat(p.json()).contains("#ff0000");
  }

  @Test
  void historyRecordsTheCallAndRebuildsTheRequestForARerun() throws Exception {
    darkroom().generate(ImageRequest.builder().model("echo-1").prompt("a blue square").size("64x64").seed(9)
        .options(EchoOptions.tint("#0000ff")).build(), SaveOptions.toDirectory(dir.resolve("out")));
    List<GenerationRecord> records = history.list(HistoryQuery.recent());
    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.provider()).isEqualTo("echo");
      assertThat(r.model()).isEqualTo("echo-1");
      assertThat(r.status()).isEqualTo(GenerationStatus.SUCCEEDED);
      assertThat(r.outputs()).hasSize(1);
    });

    ImageRequest again = history.rebuildRequest(records.get(0), darkroom.catalog());
    assertThat(again.model().id()).isEqualTo("echo-1");
    assertThat(again.seed()).hasValue(9L);
    assertThat(again.options(EchoOptions.class).flatMap(EchoOptions::tint)).hasValue("#0000ff");
    ImageResult rerun = darkroom.generate(again);
    assertThat(pixelAndSize(rerun.image().bytes())).containsExactly(0x0000ff, 64, 64);
    assertThat(history.list(HistoryQuery.recent())).hasSize(2);
  }

  @Test
  void comparisonRunnerComparesTwoTints() throws Exception {
    Comparison c = ComparisonRunner.builder().client(darkroom()).outputDirectory(dir.resolve("cmp")).build()
        .run(ImageRequest.builder().model("echo-1").prompt("a square").build(), List.of(
            Variant.of("red", b -> b.options(EchoOptions.tint("#ff0000"))),
            Variant.of("green", b -> b.options(EchoOptions.tint("#00ff00")))), 1);
    assertThat(c.failures()).isZero();
    assertThat(c.panels()).extracting(Panel::label).containsExactly("red", "green");
    assertThat(pixelAndSize(c.panels().get(0).image().orElseThrow())[0]).isEqualTo(0xff0000);
    assertThat(pixelAndSize(c.panels().get(1).image().orElseThrow())[0]).isEqualTo(0x00ff00);
  }

  @Test
  void batchRunnerRunsDirectlyAndThroughTheBatchApi() throws Exception {
    Files.writeString(dir.resolve("jobs.yaml"), """
        model: echo-1
        size: 64x64
        output_dir: out
        jobs:
          - prompt: "a {colour} square"
            matrix: {colour: [red, green]}
            tint: "#ff0000"
            output: "{colour}.png"
          - prompt: "a plain square"
            output: "plain.png"
        """);
    darkroom();
    try (BatchRunner runner = BatchRunner.builder().darkroom(darkroom).history(history).build()) {
      BatchSummary direct = runner.run(JobFile.plan(dir.resolve("jobs.yaml"), darkroom.catalog()));
      assertThat(direct.complete()).as(direct.toString()).isTrue();
      assertThat(direct.done()).isEqualTo(3);
    }
    assertThat(pixelAndSize(Files.readAllBytes(dir.resolve("out/red.png")))[0]).isEqualTo(0xff0000);
    assertThat(pixelAndSize(Files.readAllBytes(dir.resolve("out/plain.png")))[0]).isEqualTo(0x808080);

    Files.writeString(dir.resolve("jobs2.yaml"), Files.readString(dir.resolve("jobs.yaml")).replace("output_dir: out", "output_dir: out2"));
    String runId = history.newRunId();
    try (BatchRunner runner = BatchRunner.builder().darkroom(darkroom).history(history).build()) {
      BatchSummary submitted = runner.submit(JobFile.plan(dir.resolve("jobs2.yaml"), darkroom.catalog()), runId, false);
      assertThat(submitted.batches()).singleElement().satisfies(b -> assertThat(b).startsWith("echo:"));
    }
    try (BatchRunner runner = BatchRunner.builder().darkroom(darkroom).history(history).build()) {
      BatchSummary collected = runner.collect(JobFile.plan(dir.resolve("jobs2.yaml"), darkroom.catalog()), runId);
      assertThat(collected.complete()).as(collected.toString()).isTrue();
    }
    try (Stream<Path> files = Files.list(dir.resolve("out2"))) {
      assertThat(files.map(p -> p.getFileName().toString())).contains("red.png", "green.png", "plain.png");
    }
    assertThat(pixelAndSize(Files.readAllBytes(dir.resolve("out2/green.png")))[0]).isEqualTo(0xff0000);
  }
}
