package dev.darkroom.cli;

import static dev.darkroom.cli.HistoryCommandTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Commands that only read the history never create one: with none yet, they say so. */
@ExtendWith(FakeGeminiExtension.class)
class ReadOnlyCommandsTest {
  @TempDir Path dir;
  Cli cli;
  String none;

  @BeforeEach
  void noHistory(FakeGemini fake) {
    cli = Cli.against(fake, dir);
    none = "no history yet at " + cli.historyDb();
  }

  @Test
  void listingsSayThereIsNoHistoryYetAndExitZero() {
    CliRun history = ok(cli.run("history"));
    CliRun historyJson = ok(cli.run("history", "--json"));
    CliRun cost = ok(cli.run("cost"));
    CliRun costJson = ok(cli.run("cost", "--json"));
    CliRun gallery = ok(cli.run("gallery", "-o", "gallery"));
    CliRun galleryJson = ok(cli.run("gallery", "-o", "gallery", "--json"));

    assertThat(history.out()).as(history.describe()).isEqualTo(none + "\n");
    assertThat(historyJson.json()).as(historyJson.describe()).isEmpty();
    assertThat(cost.out()).as(cost.describe()).isEqualTo(none + "\n");
    assertThat(costJson.json().isObject()).as(costJson.describe()).isTrue();
    assertThat(gallery.out()).as(gallery.describe()).isEqualTo(none + "\n");
    assertThat(galleryJson.json().get("generations").asInt()).as(galleryJson.describe()).isZero();
    assertThat(galleryJson.json().at("/warnings/0").asText()).isEqualTo(none);
    assertThat(dir.resolve("gallery")).doesNotExist();
    assertThat(cli.historyDb()).as("nothing created").doesNotExist();
    assertThat(cli.home).doesNotExist();
  }

  @Test
  void askingForOneGenerationExitsTwo() {
    CliRun show = cli.run("history", "show", "1");
    CliRun compare = cli.run("compare", "--from-history", "1", "2");

    assertThat(show.exitCode()).as(show.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(show.err()).as(show.describe()).isEqualTo("darkroom: " + none + "\n");
    assertThat(compare.exitCode()).as(compare.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(compare.err()).as(compare.describe()).isEqualTo("darkroom: " + none + "\n");
    assertThat(cli.historyDb()).doesNotExist();
  }

  @Test
  void aDamagedHistoryIsReportedWithoutTheNoHistoryHintWhenOnlyReading() throws Exception {
    Files.createDirectories(cli.home);
    Files.writeString(cli.historyDb(), "this is not a database".repeat(100));

    for (String[] args : new String[][] {{"history"}, {"history", "show", "1"}, {"cost"}, {"gallery", "-o", "g"},
        {"compare", "--from-history", "1"}}) {
      CliRun run = cli.run(args);
      assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
      assertThat(run.err()).as(run.describe()).startsWith("darkroom: history database " + cli.historyDb())
          .contains("move it aside").doesNotContain("--no-history");
    }
    CliRun generate = cli.run("generate", "a fox");
    assertThat(generate.err()).as(generate.describe()).contains("move it aside").endsWith("or run with --no-history\n");
  }
}
