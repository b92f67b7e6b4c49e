package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @FILE} values are read verbatim by our options; picocli never splits a file into arguments.
 * Files are named by absolute path, since picocli's own expansion looked them up in the process's
 * working directory, not the command's.
 */
@ExtendWith(FakeGeminiExtension.class)
class AtFileArgumentsTest {
  private static final String STYLE = "Film grain, muted palette.\nSoft light from the left.\n";

  @TempDir Path dir;

  private String at(String name) {
    return "@" + dir.resolve(name);
  }

  private static String systemText(RecordedRequest r) {
    return r.json().at("/systemInstruction/parts/0/text").asText();
  }

  @Test
  void systemPromptFileWithSeveralWordsAndLinesIsReadVerbatim(FakeGemini fake) throws Exception {
    Files.writeString(dir.resolve("style.md"), STYLE);

    CliRun run = Cli.against(fake, dir).run("generate", "A fox", "-m", "gemini-3-pro-image",
        "--system-prompt", at("style.md"));

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(systemText(fake.takeRequest())).isEqualTo(STYLE);
  }

  @Test
  void compareVariantAndSharedFlagsReadTheFileVerbatim(FakeGemini fake) throws Exception {
    Files.writeString(dir.resolve("style.md"), STYLE);
    Files.writeString(dir.resolve("other.md"), "Bright and loud,\nneon colours.");

    CliRun run = Cli.against(fake, dir).run("compare", "A fox", "--shared", "--system-prompt " + at("other.md"),
        "--variant", "base=", "--variant", "styled=--system-prompt " + at("style.md"), "-o", "fox.png");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(fake.requests()).hasSize(2);
    assertThat(fake.requests().stream().map(AtFileArgumentsTest::systemText))
        .containsExactlyInAnyOrder(STYLE, "Bright and loud,\nneon colours.");
  }

  @Test
  void gridSharedRulesFileIsReadVerbatim(FakeGemini fake) throws Exception {
    Files.writeString(dir.resolve("rules.md"), "Flat vector icon,\nwhite background.");

    CliRun run = Cli.against(fake, dir).run("grid", "-m", "gemini-3-pro-image", "--cell", "A lemon",
        "--cell", "A pear", "--cell", "A plum", "--cell", "A fig", "--shared", at("rules.md"), "--dry-run", "--json");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).as(run.describe()).contains("Flat vector icon,\\nwhite background.");
  }

  @Test
  void aPromptThatStartsWithAnAtSignIsTheLiteralText(FakeGemini fake) throws Exception {
    Files.writeString(dir.resolve("fox"), "words from a file");

    CliRun run = Cli.against(fake, dir).run("generate", "@fox in the snow", "-m", "gemini-3-pro-image");
    CliRun file = Cli.against(fake, dir).run("generate", at("fox"), "-m", "gemini-3-pro-image");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(file.exitCode()).as(file.describe()).isZero();
    assertThat(fake.takeRequest().json().at("/contents/0/parts/0/text").asText()).isEqualTo("@fox in the snow");
    assertThat(fake.takeRequest().json().at("/contents/0/parts/0/text").asText()).isEqualTo(at("fox"));
  }
}
