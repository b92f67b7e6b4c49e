package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate -} and a piped prompt read standard input; never is "-" itself sent as the prompt. */
@ExtendWith(FakeGeminiExtension.class)
class PromptFromStdinTest {
  @TempDir Path dir;

  private static String promptSent(FakeGemini fake) throws InterruptedException {
    return fake.takeRequest().json().at("/contents/0/parts/0/text").asText();
  }

  @Test
  void aDashAsThePromptReadsStandardInput(FakeGemini fake) throws Exception {
    CliRun run = Cli.against(fake, dir).stdin("A blue whale\n").run("generate", "-", "-m", "gemini-3-pro-image");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(promptSent(fake)).isEqualTo("A blue whale");
  }

  @Test
  void withNoPromptAPipedStandardInputIsThePrompt(FakeGemini fake) throws Exception {
    CliRun run = Cli.against(fake, dir).stdin("A blue whale").run("generate", "-m", "gemini-3-pro-image");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(promptSent(fake)).isEqualTo("A blue whale");
  }

  @Test
  void withNoPromptAtATerminalTheMessageSaysHowToGiveOne(FakeGemini fake) {
    Cli cli = Cli.against(fake, dir).stdin("never read");
    cli.stdinTerminal(true);

    CliRun run = cli.run("generate", "-m", "gemini-3-pro-image");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).contains("--prompt-file FILE")
        .contains("echo \"a red fox\" | darkroom generate -");
    assertThat(fake.requestCount()).isZero();
  }
}
