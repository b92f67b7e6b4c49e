package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Provider options from flags, -O and --prompt-syntax, checked before anything is sent. */
@ExtendWith(FakeGeminiExtension.class)
class ProviderFlagsTest {

  @Test
  void aLocalEngineFlagOnACloudModelIsRefusedNamingTheFlagAndTheModel(FakeGemini fake, @TempDir Path dir) {
    CliRun run = Cli.against(fake, dir).run("generate", "a fox", "-m", "gemini-3-pro-image", "--negative", "blurry");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--negative is not supported by gemini-3-pro-image (provider gemini)")
        .contains("--system-prompt");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void anyProviderOptionCanBeGivenByName(FakeGemini fake, @TempDir Path dir) {
    Cli cli = Cli.against(fake, dir);
    CliRun run = cli.run("generate", "a fox", "-m", "gemini-3-pro-image", "-O", "thinkingLevel=high", "--dry-run");
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).contains("\"thinkingLevel\" : \"HIGH\"");

    CliRun unknown = cli.run("generate", "a fox", "-m", "gemini-3-pro-image", "-O", "sampler=euler");
    assertThat(unknown.exitCode()).as(unknown.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("--sampler is not supported by gemini-3-pro-image");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void weightsWrittenForA1111AreConvertedForACloudModelWithAWarning(FakeGemini fake, @TempDir Path dir) {
    CliRun run = Cli.against(fake, dir).run("generate", "a (red:1.3) fox in ((snow))", "-m", "gemini-3-pro-image",
        "--prompt-syntax", "a1111", "--dry-run");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).contains("a red fox in snow").doesNotContain("(red:1.3)");
    assertThat(run.err()).contains("warning").contains("weight");

    CliRun strict = Cli.against(fake, dir).run("generate", "a (red:1.3) fox", "-m", "gemini-3-pro-image",
        "--prompt-syntax", "a1111", "--strict");
    assertThat(strict.exitCode()).as(strict.describe()).isEqualTo(ExitCodes.USAGE);
    CliRun unknown = Cli.against(fake, dir).run("generate", "a fox", "--prompt-syntax", "midjourney");
    assertThat(unknown.exitCode()).as(unknown.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("unknown prompt syntax 'midjourney'").contains("a1111");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void seedsAreCheckedAsUnsigned64BitNumbers(FakeGemini fake, @TempDir Path dir) {
    CliRun run = Cli.against(fake, dir).run("generate", "a fox", "--seed", "-5");
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("invalid --seed '-5'").contains("18446744073709551615");

    CliRun random = Cli.against(fake, dir).run("generate", "a fox", "-m", "gemini-3-pro-image", "--seed", "-1",
        "--dry-run");
    assertThat(random.exitCode()).as(random.describe()).isZero();
    assertThat(random.out()).containsPattern("\"seed\" : \\d+").doesNotContain("\"seed\" : -1");
  }
}
