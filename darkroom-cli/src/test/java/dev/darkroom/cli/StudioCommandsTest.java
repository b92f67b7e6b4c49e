package dev.darkroom.cli;

import static dev.darkroom.cli.HistoryCommandTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.Provenance;
import dev.darkroom.history.GenerationRecord;
import dev.darkroom.history.History;
import dev.darkroom.history.HistoryQuery;
import dev.darkroom.history.OutputKind;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeReply;
import dev.darkroom.testkit.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare}, {@code gallery} and {@code grid}, in-process against the fake server. */
@ExtendWith(FakeGeminiExtension.class)
class StudioCommandsTest {
  @TempDir Path dir;

  @Test
  void compareTwoModelsMakesASheetAndAPageWithOneSeedPerColumn(FakeGemini fake) throws Exception {
    Cli cli = Cli.against(fake, dir);
    CliRun run = ok(cli.run("compare", "A lighthouse at dusk", "-m", "gemini-2.5-flash-image",
        "-m", "gemini-3-pro-image", "--output-dir", "out"));

    assertThat(run.out()).as(run.describe()).contains("sheet: out/compare-a-lighthouse-at-dusk.png")
        .contains("page:  out/compare-a-lighthouse-at-dusk.html").contains("2 x 1 panels");
    assertThat(dir.resolve("out/compare-a-lighthouse-at-dusk.png")).exists();
    assertThat(Files.readString(dir.resolve("out/compare-a-lighthouse-at-dusk.html"))).contains("Nano Banana Pro");
    List<RecordedRequest> requests = fake.requests();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).json().path("generationConfig").path("seed").asInt())
        .isEqualTo(requests.get(1).json().path("generationConfig").path("seed").asInt());
    try (History h = History.open(cli.historyDb())) {
      assertThat(h.list(HistoryQuery.recent())).hasSize(2);
    }
  }

  @Test
  void variantsUseGenerateFlagsAndRepeatsMakeColumns(FakeGemini fake) throws Exception {
    Files.writeString(dir.resolve("style.md"), "Moody, cinematic.");
    Cli cli = Cli.against(fake, dir);
    CliRun run = ok(cli.run("compare", "A fox", "--shared", "-a 16:9 --seed 42",
        "--variant", "base=", "--variant", "styled=--system-prompt @style.md -m gemini-3-pro-image --thinking high",
        "--repeat", "2", "-o", "fox.png"));
    assertThat(run.out()).as(run.describe()).contains("2 x 2 panels");
    assertThat(fake.requests()).hasSize(4).allSatisfy(r -> {
      assertThat(r.json().path("generationConfig").path("seed").asInt()).isEqualTo(42);
      assertThat(r.json().path("generationConfig").path("imageConfig").path("aspectRatio").asText()).isEqualTo("16:9");
    });
    assertThat(fake.requests().stream().filter(r -> r.bodyUtf8().contains("Moody, cinematic.")).count()).isEqualTo(2);
    assertThat(dir.resolve("fox.png")).exists();
    assertThat(dir.resolve("fox.html")).exists();
  }

  @Test
  void aVariantWithAFlagThatCannotVaryIsAUsageError(FakeGemini fake) {
    CliRun run = Cli.against(fake, dir).run("compare", "A fox", "--variant", "many=-n 4");
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--variant many: --count cannot vary in a comparison");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void blockedVariantsGetAPanelAndFromHistoryMakesNoCalls(FakeGemini fake) throws Exception {
    fake.enqueue(FakeReply.imageSafety());
    Cli cli = Cli.against(fake, dir);
    CliRun allBlocked = cli.run("compare", "A fox", "--variant", "a=--seed 1");
    assertThat(allBlocked.exitCode()).as(allBlocked.describe()).isEqualTo(ExitCodes.BLOCKED);
    assertThat(allBlocked.out()).contains("1 without image");
    assertThat(allBlocked.err()).contains("content_blocked: the provider blocked");
    ok(cli.run("generate", "A fox", "--seed", "2"));
    List<Long> ids;
    try (History h = History.open(cli.historyDb())) {
      ids = h.list(HistoryQuery.recent()).stream().map(GenerationRecord::id).sorted().toList();
    }
    int before = fake.requestCount();
    CliRun again = ok(cli.run("compare", "--from-history", ids.get(0).toString(), ids.get(1).toString()));
    assertThat(fake.requestCount()).isEqualTo(before);
    assertThat(again.out()).as(again.describe()).contains("1 x 2 panels").contains("1 without image");
    assertThat(dir.resolve("compare-history-" + ids.get(0) + ".png")).exists();
  }

  @Test
  void galleryOfTodayOpensFromTheFolder(FakeGemini fake) throws Exception {
    Cli cli = Cli.against(fake, dir);
    ok(cli.run("generate", "A red fox", "-o", "fox.png"));
    ok(cli.run("generate", "<script>alert(1)</script>"));
    CliRun run = ok(cli.run("gallery", "--since", "today", "-o", "site"));
    assertThat(run.out()).as(run.describe()).contains("gallery: site/index.html").contains("2 generations, 2 images");
    String html = Files.readString(dir.resolve("site/index.html"));
    assertThat(html).contains("href=\"../fox.png\"").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>alert");
    try (var thumbs = Files.list(dir.resolve("site/thumbs"))) {
      assertThat(thumbs.count()).isEqualTo(2);
    }
  }

  @Test
  void gridOfFourPromptsSavesFourCaptionedFilesAtAQuarterOfThePrice(FakeGemini fake) throws Exception {
    Cli cli = Cli.against(fake, dir);
    CliRun run = ok(cli.run("grid", "-m", "gemini-3-pro-image", "--cell", "lemon=A lemon", "--cell", "cherry=Two cherries",
        "--cell", "A pear", "--cell", "A plum", "--shared", "Flat vector icon, white background", "--output-dir", "icons"));
    assertThat(run.out()).as(run.describe()).contains("layout 2x2 at 1K").contains("icons/lemon.jpg")
        .contains("icons/cherry.jpg").contains("icons/grid-cell-3.jpg").contains("icons/grid-cell-4.jpg")
        .contains("per cell; one by one at 1K");
    assertThat(fake.requestCount()).isEqualTo(1);
    assertThat(Provenance.read(dir.resolve("icons/cherry.jpg")).orElseThrow().prompt())
        .isEqualTo("Two cherries\n\nFlat vector icon, white background");
    try (History h = History.open(cli.historyDb())) {
      GenerationRecord r = h.list(HistoryQuery.recent()).get(0);
      assertThat(r.outputs().stream().filter(o -> o.kind() == OutputKind.CELL).map(o -> o.path().orElseThrow()))
          .contains(dir.resolve("icons/lemon.jpg"), dir.resolve("icons/grid-cell-4.jpg"));
    }
  }

  @Test
  void gridRefusesLayoutsTooSmallToBeUseful(FakeGemini fake) {
    String[] args = new String[2 + 64 * 2 + 4];
    int i = 0;
    args[i++] = "grid";
    args[i++] = "--layout=8x8";
    for (int c = 1; c <= 64; c++) {
      args[i++] = "--cell";
      args[i++] = "icon " + c;
    }
    args[i++] = "-m";
    args[i++] = "gemini-2.5-flash-image";
    args[i++] = "--cell-size";
    args[i] = "512";
    CliRun run = Cli.against(fake, dir).run(args);
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("8x8").contains("128x128 px");
    assertThat(fake.requestCount()).isZero();
  }
}
