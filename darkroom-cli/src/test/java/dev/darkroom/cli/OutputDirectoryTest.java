package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code -o DIR}: an existing directory, or a name ending in '/', means "write into it". */
@ExtendWith(FakeGeminiExtension.class)
class OutputDirectoryTest {
  @TempDir Path dir;

  @Test
  void anExistingDirectoryGetsTheImageUnderItsDefaultName(FakeGemini fake) throws Exception {
    Files.createDirectory(dir.resolve("shots"));

    CliRun run = Cli.against(fake, dir).run("generate", "a red fox", "-m", "gemini-3-pro-image", "-o", "shots");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(dir.resolve("shots/a-red-fox.jpg")).as(run.describe()).exists();
    assertThat(dir.resolve("shots.jpg")).doesNotExist();
  }

  @Test
  void aTrailingSlashMeansADirectoryEvenWhenItDoesNotExistYet(FakeGemini fake) {
    CliRun run = Cli.against(fake, dir).run("generate", "a red fox", "-m", "gemini-3-pro-image", "-o", "new/");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(dir.resolve("new/a-red-fox.jpg")).as(run.describe()).exists();
  }
}
