package dev.darkroom.cli;

import static dev.darkroom.cli.HistoryCommandTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Duration;
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
        .contains("page:  out/compare-a-lighthouse-at-dusk.html").contains("1 x 2 panels");
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
    assertThat(run.err()).contains("darkroom: many: --count cannot vary in a comparison").contains("nothing was sent");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void blockedVariantsGetAPanelAndFromHistoryMakesNoCalls(FakeGemini fake) throws Exception {
    fake.enqueue(FakeReply.imageSafety());
    Cli cli = Cli.against(fake, dir);
    CliRun allBlocked = cli.run("compare", "A fox", "--variant", "a=--seed 1");
    assertThat(allBlocked.exitCode()).as(allBlocked.describe()).isEqualTo(ExitCodes.BLOCKED);
    assertThat(allBlocked.out()).contains("1 without image");
    assertThat(allBlocked.err()).contains("darkroom: 1 of 1 panels without image")
        .contains("darkroom: a #1: content_blocked: the provider blocked");
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
    assertThat(run.out()).as(run.describe()).contains("layout 2x2 at 2K").contains("icons/lemon.jpg")
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
    assertThat(run.err()).contains("8x8").contains("110x110 px");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void compareJsonDescribesTheSheetEveryPanelAndTheRun(FakeGemini fake) throws Exception {
    fake.enqueue(FakeReply.imageSafety());
    Cli cli = Cli.against(fake, dir);
    CliRun run = cli.run("compare", "A lighthouse at dusk", "--variant", "flash=-m gemini-2.5-flash-image --seed 7",
        "--variant", "pro=-m gemini-3-pro-image --seed 7", "--output-dir", "out", "--json");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.err()).as("stderr stays quiet in JSON mode off a terminal: " + run.describe()).isEmpty();
    JsonNode json = run.json();
    assertThat(json.path("sheetPng").asText()).isEqualTo(dir.resolve("out/compare-a-lighthouse-at-dusk.png").toString());
    assertThat(json.path("sheetHtml").asText()).isEqualTo(dir.resolve("out/compare-a-lighthouse-at-dusk.html").toString());
    assertThat(json.path("rows").asInt()).isEqualTo(1);
    assertThat(json.path("columns").asInt()).isEqualTo(2);
    assertThat(json.path("failures").asInt()).isEqualTo(1);
    JsonNode panels = json.path("panels");
    assertThat(panels).hasSize(2);
    JsonNode blocked = panels.get(0).path("status").asText().equals("blocked") ? panels.get(0) : panels.get(1);
    JsonNode ok = blocked == panels.get(0) ? panels.get(1) : panels.get(0);
    assertThat(blocked.path("errorKind").asText()).isEqualTo("CONTENT_BLOCKED");
    assertThat(blocked.path("reason").asText()).contains("blocked");
    assertThat(blocked.path("path").isNull()).isTrue();
    assertThat(ok.path("status").asText()).isEqualTo("succeeded");
    assertThat(ok.path("reason").isNull()).isTrue();
    assertThat(Path.of(ok.path("path").asText())).exists().startsWith(dir.resolve("out"));
    assertThat(ok.path("seed").asLong()).isEqualTo(7);
    assertThat(ok.path("costUsd").isNumber()).isTrue();
    assertThat(ok.path("latencyMs").isIntegralNumber()).isTrue();
    assertThat(List.of(panels.get(0).path("label").asText(), panels.get(1).path("label").asText()))
        .containsExactly("flash", "pro");
    assertThat(List.of(panels.get(0).path("col").asInt(), panels.get(1).path("col").asInt())).containsExactly(1, 2);
    assertThat(panels.get(1).path("model").asText()).isEqualTo("gemini-3-pro-image");
    assertThat(json.path("totalCostUsd").decimalValue())
        .isEqualByComparingTo(panels.get(0).path("costUsd").decimalValue().add(panels.get(1).path("costUsd").decimalValue()));
    try (History h = History.open(cli.historyDb())) {
      assertThat(h.list(HistoryQuery.recent())).hasSize(2)
          .allSatisfy(r -> assertThat(r.runId()).contains(json.path("runId").asText()));
    }
  }

  @Test
  void compareJsonFailuresAreAJsonErrorObject(FakeGemini fake) {
    CliRun run = Cli.against(fake, dir).run("compare", "-m", "gemini-3-pro-image", "--json");
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    JsonNode error = run.json().path("error");
    assertThat(error.path("kind").asText()).as(run.describe()).isEqualTo("INVALID_REQUEST");
    assertThat(error.path("message").asText()).contains("give the prompt to compare");
    assertThat(error.path("exitCode").asInt()).isEqualTo(ExitCodes.USAGE);

    fake.enqueue(FakeReply.imageSafety());
    CliRun blocked = Cli.against(fake, dir).run("compare", "A fox", "-m", "gemini-3-pro-image", "--json");
    assertThat(blocked.exitCode()).as(blocked.describe()).isEqualTo(ExitCodes.BLOCKED);
    assertThat(blocked.json().path("panels").get(0).path("status").asText()).isEqualTo("blocked");
  }

  @Test
  void comparePromptFromAFileOrStandardInput(FakeGemini fake) throws Exception {
    Files.writeString(dir.resolve("brief.md"), "# Brief\n\nA lighthouse at dusk,\nwarm light in the windows.\n");
    Cli cli = Cli.against(fake, dir);
    CliRun fromFile = ok(cli.run("compare", "--prompt-file", "brief.md", "-m", "gemini-3-pro-image"));
    assertThat(fromFile.out()).as(fromFile.describe()).contains("sheet: compare-brief-a-lighthouse-at-dusk-warm-light-in.png");
    assertThat(fake.requests().get(0).bodyUtf8()).contains("A lighthouse at dusk,\\nwarm light in the windows.");

    CliRun fromStdin = ok(cli.stdin("A fox in the snow").run("compare", "--prompt-file", "-", "-m", "gemini-3-pro-image",
        "--json"));
    assertThat(fromStdin.json().path("sheetPng").asText()).endsWith("compare-a-fox-in-the-snow.png");
    assertThat(fake.requests().get(1).bodyUtf8()).contains("A fox in the snow");

    CliRun both = cli.run("compare", "A fox", "--prompt-file", "brief.md", "-m", "gemini-3-pro-image");
    assertThat(both.exitCode()).as(both.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).contains("either as an argument or with --prompt-file, not both");
    CliRun missing = cli.run("compare", "--prompt-file", "nope.md", "-m", "gemini-3-pro-image");
    assertThat(missing.err()).as(missing.describe()).contains("prompt file nope.md does not exist");
    CliRun history = cli.run("compare", "--from-history", "1", "--prompt-file", "brief.md");
    assertThat(history.exitCode()).as(history.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(fake.requestCount()).isEqualTo(2);
  }

  @Test
  void compareProgressIsASpinnerOnATerminalAndRetryLinesElsewhere(FakeGemini fake) {
    fake.enqueue(FakeReply.delay(Duration.ofMillis(700)));
    CliRun terminal = Cli.against(fake, dir).terminal(true).run("compare", "A fox", "-m", "gemini-3-pro-image");
    assertThat(terminal.exitCode()).as(terminal.describe()).isZero();
    assertThat(terminal.err()).as(terminal.describe()).contains("\r\033[K").contains("generating 1 image for 1 variant")
        .doesNotContain("\n");

    fake.enqueue(FakeReply.rateLimited(Duration.ofSeconds(2)));
    CliRun plain = Cli.against(fake, dir).run("compare", "A fox", "-m", "gemini-3-pro-image", "-o", "second.png");
    assertThat(plain.exitCode()).as(plain.describe()).isZero();
    assertThat(plain.err()).as(plain.describe()).startsWith("darkroom: attempt 1 failed (429 rate limit); retrying in ");
    assertThat(plain.err().lines()).as(plain.describe()).hasSize(1);

    fake.enqueue(FakeReply.rateLimited(Duration.ofSeconds(2)));
    CliRun json = Cli.against(fake, dir).run("compare", "A fox", "-m", "gemini-3-pro-image", "-o", "third.png", "--json");
    assertThat(json.err()).as(json.describe()).isEmpty();
  }

  @Test
  void galleryJsonNamesTheIndexAndCounts(FakeGemini fake) throws Exception {
    Cli cli = Cli.against(fake, dir);
    ok(cli.run("generate", "A red fox", "-o", "fox.png"));
    CliRun run = ok(cli.run("gallery", "--since", "today", "-o", "site", "--json"));
    JsonNode json = run.json();
    assertThat(json.path("index").asText()).as(run.describe()).isEqualTo(dir.resolve("site/index.html").toString());
    assertThat(json.path("generations").asInt()).isEqualTo(1);
    assertThat(json.path("images").asInt()).isEqualTo(1);
    assertThat(json.path("totalCostUsd").decimalValue()).isPositive();
    assertThat(json.path("warnings")).isEmpty();

    CliRun bad = cli.run("gallery", "-o", "site", "--limit", "0", "--json");
    assertThat(bad.exitCode()).as(bad.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.json().path("error").path("message").asText()).contains("invalid --limit 0");
  }

  @Test
  void gridJsonGivesThePlanEveryCellAndTheUnusedOne(FakeGemini fake) throws Exception {
    fake.enqueue(FakeReply.grid(2, 3));
    Cli cli = Cli.against(fake, dir);
    CliRun run = cli.run("grid", "-m", "gemini-3-pro-image", "--cell", "lemon=A lemon", "--cell", "Two cherries",
        "--cell", "A pear", "--cell", "A plum", "--cell", "A fig", "--name", "fruit", "--output-dir", "icons", "--json");
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.err()).as(run.describe()).isEmpty();
    JsonNode json = run.json();
    JsonNode plan = json.path("plan");
    assertThat(plan.path("layout").asText()).isEqualTo("2x3");
    assertThat(plan.path("imageSize").asText()).isEqualTo("2K");
    assertThat(plan.path("aspectRatio").asText()).isEqualTo("3:2");
    assertThat(plan.path("cellPixels").path("width").asInt()).isGreaterThanOrEqualTo(512);
    assertThat(json.path("grid").asText()).isEqualTo(dir.resolve("icons/fruit.jpg").toString());
    JsonNode cells = json.path("cells");
    assertThat(cells).hasSize(5);
    assertThat(cells.get(0).path("label").asText()).isEqualTo("lemon");
    assertThat(cells.get(0).path("path").asText()).isEqualTo(dir.resolve("icons/lemon.jpg").toString());
    assertThat(cells.get(1).path("label").isNull()).isTrue();
    assertThat(cells.get(1).path("prompt").asText()).isEqualTo("Two cherries");
    JsonNode fig = cells.get(4);
    assertThat(fig.path("path").asText()).isEqualTo(dir.resolve("icons/fruit-cell-5.jpg").toString());
    assertThat(List.of(fig.path("row").asInt(), fig.path("col").asInt())).containsExactly(2, 2);
    assertThat(fig.path("x").asInt()).isGreaterThan(cells.get(0).path("x").asInt());
    assertThat(fig.path("y").asInt()).isGreaterThan(cells.get(0).path("y").asInt());
    assertThat(fig.path("width").asInt()).isPositive();
    assertThat(json.path("unusedCells")).hasSize(1);
    assertThat(json.path("unusedCells").get(0).asText()).isEqualTo(dir.resolve("icons/fruit-unused-6.jpg").toString());
    try (var files = Files.list(dir.resolve("icons"))) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.matches(".*-r\\dc\\d.*"));
    }
    assertThat(json.path("costPerCellUsd").decimalValue())
        .isEqualByComparingTo(json.path("costUsd").decimalValue().divide(java.math.BigDecimal.valueOf(5), 6,
            java.math.RoundingMode.HALF_UP));
    assertThat(json.path("oneByOneCostUsd").decimalValue()).isGreaterThan(json.path("costUsd").decimalValue());
    try (History h = History.open(cli.historyDb())) {
      assertThat(h.list(HistoryQuery.recent()).get(0).runId()).contains(json.path("runId").asText());
    }
  }

  @Test
  void gridJsonErrorsAndTheCellsFileAsAMarkdownList(FakeGemini fake) throws Exception {
    CliRun refused = Cli.against(fake, dir).run("grid", "--layout", "3x3", "--cell", "a", "--cell", "b", "-m", "gemini-2.5-flash-image", "--cell-size", "1024",
        "--json");
    assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.json().path("error").path("message").asText()).contains("3x3").contains("at least 1024 px");

    Files.writeString(dir.resolve("icons.md"), """
        # Fruit icons

        - lemon=A lemon
        * Two cherries on one stem
        + A green pear
        1. plum=A plum
        12) A fig
        # a comment
        A slice of watermelon
        """);
    CliRun dry = ok(Cli.against(fake, dir).run("grid", "--cells-file", "icons.md", "--dry-run", "--json"));
    JsonNode json = dry.json();
    assertThat(json.path("dryRun").asBoolean()).isTrue();
    assertThat(json.path("plan").path("layout").asText()).isEqualTo("2x3");
    assertThat(json.path("cells").findValuesAsText("prompt")).containsExactly("A lemon", "Two cherries on one stem",
        "A green pear", "A plum", "A fig", "A slice of watermelon");
    assertThat(json.path("cells").get(0).path("label").asText()).isEqualTo("lemon");
    assertThat(json.path("cells").get(3).path("label").asText()).isEqualTo("plum");
    assertThat(json.path("prompt").asText()).contains("Cell 2 (top center): Two cherries on one stem");

    CliRun stdin = ok(Cli.against(fake, dir).stdin("- A\n- B\n").run("grid", "--cells-file", "-", "--dry-run", "--json"));
    assertThat(stdin.json().path("cells").findValuesAsText("prompt")).containsExactly("A", "B");
    assertThat(fake.requestCount()).isZero();
  }
}
