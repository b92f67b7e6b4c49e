package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Output details: the model's text once, history and cost tables fitted to the terminal, a launcher build without escape codes. */
@ExtendWith(FakeGeminiExtension.class)
class CliCosmeticsTest {
  @TempDir Path dir;

  @Test
  void fourImagesWithTheSameTextPrintItOnce(FakeGemini fake) {
    CliRun run = Cli.against(fake, dir).run("generate", "a red fox", "-m", "gemini-3-pro-image", "-n", "4");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out().lines().filter(l -> l.startsWith("saved"))).as(run.describe()).hasSize(4);
    assertThat(run.out().lines().filter(l -> l.contains("Here is the image you asked for"))).as(run.describe())
        .hasSize(1);
  }

  @Test
  void historyAndCostTablesFitTheTerminalWidth(FakeGemini fake) {
    Cli cli = Cli.against(fake, dir);
    CliRun made = cli.run("generate", "a very long prompt about a red fox in fresh snow at golden hour, shot on"
        + " 35mm film with a shallow depth of field", "-m", "gemini-3-pro-image", "-o", "a-rather-long-file-name.jpg");
    assertThat(made.exitCode()).as(made.describe()).isZero();
    cli.env.put("COLUMNS", "60");

    for (String[] args : new String[][] {{"history"}, {"cost", "--by", "run"}}) {
      CliRun run = cli.run(args);
      assertThat(run.exitCode()).as(run.describe()).isZero();
      assertThat(run.out().lines().filter(l -> l.length() > 60)).as(run.describe()).isEmpty();
    }
    cli.env.remove("COLUMNS");
    assertThat(cli.run("history").out()).as("piped output is never cut").contains("a-rather-long-file-name.jpg");
  }

  @Test
  void theLauncherBuildsWithoutAnsiResetCodes() throws Exception {
    String launcher = Files.readString(Path.of("..", "darkroom"));

    // Maven 3.8's jansi writes ESC[0m when it uninstalls, even with -B -Dstyle.color=never.
    assertThat(launcher).contains("-Djansi.noreset=true").contains("-Dstyle.color=never");
  }
}
