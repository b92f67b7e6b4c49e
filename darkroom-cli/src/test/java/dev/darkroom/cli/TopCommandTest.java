package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.Darkroom;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopCommandTest {
  @TempDir Path dir;

  @Test
  void versionPrintsTheLibraryVersion() {
    CliRun run = new Cli(dir).run("--version");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).as(run.describe()).isEqualTo("darkroom " + Darkroom.VERSION + "\n");
  }

  @Test
  void subcommandsPrintTheSameVersion() {
    CliRun run = new Cli(dir).run("generate", "--version");

    assertThat(run.out()).as(run.describe()).isEqualTo("darkroom " + Darkroom.VERSION + "\n");
  }

  @Test
  void helpListsSubcommandsAndExitCodes() {
    CliRun top = new Cli(dir).run("--help");
    CliRun generate = new Cli(dir).run("generate", "--help");

    assertThat(top.exitCode()).as(top.describe()).isZero();
    assertThat(top.out()).as(top.describe()).contains("generate").contains("models").contains("inspect")
        .contains("Exit codes:").contains("4   quota or rate limit exhausted");
    assertThat(generate.out()).as(generate.describe()).contains("--aspect-ratio").contains("--dry-run")
        .contains("Exit codes:").contains("3   content blocked or no image returned");
  }

  @Test
  void noSubcommandPrintsUsage() {
    CliRun run = new Cli(dir).run();

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).as(run.describe()).startsWith("Usage: darkroom");
  }

  @Test
  void unknownSubcommandExitsTwo() {
    CliRun run = new Cli(dir).run("paint");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).contains("paint").contains("try 'darkroom --help'");
  }
}
