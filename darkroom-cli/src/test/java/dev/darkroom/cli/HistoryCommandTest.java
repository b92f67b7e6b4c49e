package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeReply;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate} records every call; {@code history} and {@code history show} read them back. */
@ExtendWith(FakeGeminiExtension.class)
class HistoryCommandTest {
  @TempDir Path dir;
  Cli cli;

  @BeforeEach
  void threeGenerations(FakeGemini fake) {
    cli = Cli.against(fake, dir);
    ok(cli.run("generate", "a red fox in fresh snow", "-m", "gemini-3-pro-image", "-o", "fox.jpg"));
    ok(cli.run("generate", "a blue whale\nunder the northern lights", "-m", "gemini-3.1-flash-image", "-o", "whale.jpg"));
    fake.enqueue(FakeReply.imageSafety());
    CliRun blocked = cli.run("generate", "something the filter dislikes", "-m", "gemini-3-pro-image");
    assertThat(blocked.exitCode()).as(blocked.describe()).isEqualTo(ExitCodes.BLOCKED);
  }

  @Test
  void historyAndCostTakeTodayAndYesterdayAsGalleryDoes() {
    CliRun today = ok(cli.run("history", "--since", "today", "--json"));
    CliRun none = ok(cli.run("history", "--until", "yesterday", "--json"));
    CliRun cost = ok(cli.run("cost", "--since", "today", "--json"));

    assertThat(today.json()).as(today.describe()).hasSize(3);
    assertThat(none.json()).as(none.describe()).isEmpty();
    assertThat(cost.exitCode()).as(cost.describe()).isZero();
  }

  @Test
  void listsGenerationsNewestFirstInACompactTable() {
    CliRun run = ok(cli.run("history"));

    List<String> lines = run.out().lines().toList();
    assertThat(lines).as(run.describe()).hasSize(4);
    assertThat(lines.get(0)).matches("ID\\s+TIME\\s+MODEL\\s+STATUS\\s+COST\\s+PROMPT\\s+FILES");
    assertThat(lines.get(1)).as(run.describe())
        .matches("3\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+gemini-3-pro-image\\s+blocked\\s+\\$\\d\\.\\d{4}\\s+something the filter dislikes\\s+-");
    assertThat(lines.get(2)).as("first line of the prompt only, and the file")
        .matches("2\\s.*gemini-3\\.1-flash-image\\s+succeeded\\s+\\$0\\.\\d{4}\\s+a blue whale\\s+whale\\.jpg");
    assertThat(lines.get(3)).matches("1\\s.*succeeded.*a red fox in fresh snow\\s+fox\\.jpg");
  }

  @Test
  void filtersBySearchStatusModelAndLimit() {
    assertThat(ids(cli.run("history", "--search", "whale", "--json"))).containsExactly(2L);
    assertThat(ids(cli.run("history", "--search", "FOX snow", "--json"))).containsExactly(1L);
    assertThat(ids(cli.run("history", "--status", "blocked", "--json"))).containsExactly(3L);
    assertThat(ids(cli.run("history", "--status", "succeeded", "--json"))).containsExactly(2L, 1L);
    assertThat(ids(cli.run("history", "-m", "gemini-3-pro-image", "--json"))).containsExactly(3L, 1L);
    assertThat(ids(cli.run("history", "--limit", "1", "--json"))).containsExactly(3L);
    assertThat(ids(cli.run("history", "--since", "1h", "--json"))).containsExactly(3L, 2L, 1L);
    assertThat(ids(cli.run("history", "--until", "2000-01-01", "--json"))).isEmpty();
    CliRun none = ok(cli.run("history", "--search", "giraffe"));
    assertThat(none.out()).isEqualTo("no generations match in " + cli.historyDb() + "\n");
  }

  @Test
  void jsonListsEveryFieldOfEachGeneration() {
    JsonNode rows = ok(cli.run("history", "--json")).json();

    assertThat(rows).hasSize(3);
    JsonNode blocked = rows.get(0);
    assertThat(blocked.get("status").asText()).isEqualTo("blocked");
    assertThat(blocked.get("reason").asText()).isEqualTo("IMAGE_SAFETY");
    assertThat(blocked.get("errorKind").asText()).isEqualTo("CONTENT_BLOCKED");
    assertThat(blocked.get("files")).isEmpty();
    JsonNode fox = rows.get(2);
    assertThat(fox.at("/request/prompt").asText()).isEqualTo("a red fox in fresh snow");
    assertThat(fox.get("model").asText()).isEqualTo("gemini-3-pro-image");
    assertThat(fox.get("runId").asText()).isNotBlank().isNotEqualTo(rows.get(1).get("runId").asText());
    assertThat(fox.at("/files/0/path").asText()).isEqualTo(dir.resolve("fox.jpg").toString());
    assertThat(fox.get("costUsd").decimalValue()).isPositive();
  }

  @Test
  void showPrintsEverythingWithFileDigestsMatchingTheDisk(FakeGemini fake) throws Exception {
    TestImages.png(dir.resolve("ref.png"), 40, 30);
    CliRun made = ok(cli.run("generate", "a fox in a hat", "-m", "gemini-3-pro-image", "--seed", "7", "-a", "3:2",
        "-i", "ref.png", "--grid", "2x2", "-o", "hat.png", "--json"));

    CliRun text = ok(cli.run("history", "show", "4"));
    CliRun json = ok(cli.run("history", "show", "4", "--json"));

    String fileSha = FileCheck.sha256(dir.resolve("hat.png"));
    String refSha = FileCheck.sha256(dir.resolve("ref.png"));
    assertThat(text.out()).as(text.describe())
        .contains("id:            #4  run " + made.json().get("runId").asText() + "  call 1 of 1")
        .contains("status:        succeeded (STOP)")
        .contains("prompt:        a fox in a hat")
        .contains("parameters:    aspectRatio=3:2 ")
        .contains("grid=2x2")
        .contains("seed:          7")
        .contains("input:         " + dir.resolve("ref.png") + "  sha256 " + refSha)
        .contains("file:          " + dir.resolve("hat.png") + "\n               sha256 " + fileSha + "\n")
        .contains("cell row 2, column 2")
        .containsPattern("cost:          \\$0\\.\\d{4}")
        .containsPattern("latency:       \\d+\\.\\d s, 1 attempt");
    JsonNode r = json.json();
    assertThat(r.at("/request/seed").asInt()).isEqualTo(7);
    assertThat(r.at("/request/aspectRatio").asText()).isEqualTo("3:2");
    assertThat(r.at("/request/inputs/0/sha256").asText()).isEqualTo(refSha);
    assertThat(r.at("/request/inputs/0/path").asText()).isEqualTo(dir.resolve("ref.png").toString());
    assertThat(r.get("files")).hasSize(5);
    assertThat(r.at("/files/0/sha256").asText()).isEqualTo(fileSha);
    assertThat(r.at("/files/0/bytes").asLong()).isEqualTo(java.nio.file.Files.size(dir.resolve("hat.png")));
    assertThat(r.at("/files/0/onDisk").asText()).isEqualTo("unchanged");
    assertThat(r.at("/files/4/row").asInt()).isEqualTo(2);
    assertThat(r.at("/files/4/col").asInt()).isEqualTo(2);
    assertThat(r.get("responseId").asText()).isEqualTo(made.json().get("responseId").asText());
    assertThat(r.get("costUsd").decimalValue()).isEqualByComparingTo(made.json().get("costUsd").decimalValue());
    assertThat(r.get("attempts").asInt()).isEqualTo(1);
  }

  @Test
  void showMarksFilesChangedSince() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("fox.jpg"), "overwritten");

    CliRun run = ok(cli.run("history", "show", "1", "--json"));

    assertThat(run.json().at("/files/0/onDisk").asText()).isEqualTo("changed");
  }

  @Test
  void showGivesTheRecordedSizeAndReadsTheFileOnlyForRowsWithoutOne() throws Exception {
    long saved = java.nio.file.Files.size(dir.resolve("fox.jpg"));
    java.nio.file.Files.writeString(dir.resolve("fox.jpg"), "overwritten");

    CliRun recorded = ok(cli.run("history", "show", "1", "--json"));
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + cli.historyDb());
        java.sql.Statement s = c.createStatement()) {
      s.execute("UPDATE output_file SET size_bytes = NULL");
    }
    CliRun old = ok(cli.run("history", "show", "1", "--json"));
    CliRun oldText = ok(cli.run("history", "show", "1"));

    assertThat(saved).isNotEqualTo(11);
    assertThat(recorded.json().at("/files/0/bytes").asLong()).as(recorded.describe()).isEqualTo(saved);
    assertThat(old.json().at("/files/0/bytes").asLong()).as("size of the file now, 'overwritten'").isEqualTo(11);
    assertThat(oldText.out()).as(oldText.describe()).contains("11 B, ");
  }

  @Test
  void unknownIdExitsTwoNamingTheDatabase() {
    CliRun run = cli.run("history", "show", "99");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).isEqualTo("darkroom: no generation with id 99 in " + cli.historyDb() + "\n");
  }

  @Test
  void badFiltersExitTwoNamingTheValueAndTheAllowedForms() {
    CliRun since = cli.run("history", "--since", "tomorrow");
    CliRun status = cli.run("history", "--status", "done");
    CliRun limit = cli.run("history", "--limit", "0");
    CliRun order = cli.run("history", "--since", "2026-11-02", "--until", "2026-10-31");

    assertThat(since.exitCode()).as(since.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(since.err()).as(since.describe()).startsWith("darkroom: invalid --since 'tomorrow'; expected")
        .contains("2026-11-01").contains("2026-11-01T10:00").contains("7d");
    assertThat(status.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(status.err()).as(status.describe()).isEqualTo("darkroom: invalid --status 'done'; allowed: running,"
        + " succeeded, blocked, no_image, failed, interrupted\n");
    assertThat(limit.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(limit.err()).contains("--limit 0");
    assertThat(order.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(order.err()).contains("is after --until");
  }

  @Test
  void homeOptionMovesTheDatabase(FakeGemini fake) {
    ok(cli.run("generate", "a moth", "--home", "elsewhere"));

    assertThat(dir.resolve("elsewhere/history.db")).exists();
    assertThat(ids(cli.run("history", "--home", "elsewhere", "--json"))).containsExactly(1L);
    assertThat(ok(cli.run("history", "show", "1", "--home", "elsewhere", "--json")).json().at("/request/prompt").asText())
        .isEqualTo("a moth");
    assertThat(ids(cli.run("history", "--json"))).hasSize(3);
  }

  private static List<Long> ids(CliRun run) {
    JsonNode json = ok(run).json();
    assertThat(json.isArray()).as(run.describe()).isTrue();
    return StreamSupport.stream(json.spliterator(), false).map(n -> n.get("id").asLong()).toList();
  }

  static CliRun ok(CliRun run) {
    assertThat(run.exitCode()).as(run.describe()).isZero();
    return run;
  }
}
