package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --timings} prints every phase, in the order they happen; the command tree is built lazily. */
@ExtendWith(FakeGeminiExtension.class)
class TimingsTest {
  private static final List<String> GENERATE_PHASES = List.of("darkroom: timings (wall ms)", "jvm start to main",
      "command parsing", "catalog load", "request building", "history open (incl. SQLite native library)",
      "client build (HTTP client)", "generation", "provider discovery/open", "input preparation", "history write",
      "http request/response + parse", "image decode", "image re-encode", "provenance embedding", "image save",
      "other", "report", "total");

  @Test
  void generatePrintsEveryPhaseInOrderOnStandardError(FakeGemini fake, @TempDir Path dir) {
    // -o .png on a model that answers JPEG: the image is re-encoded, so that phase shows too.
    CliRun run = Cli.against(fake, dir).run("generate", "a red fox", "-m", "gemini-3-pro-image", "-s", "4K",
        "--thinking", "high", "--show-thoughts", "-o", "fox.png", "--timings");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(phases(run.err())).as(run.describe()).containsSubsequence(GENERATE_PHASES);
    assertThat(run.out()).as(run.describe()).doesNotContain("timings");
  }

  @Test
  void jsonOutputStaysParseable(FakeGemini fake, @TempDir Path dir) throws Exception {
    CliRun run = Cli.against(fake, dir).run("generate", "a red fox", "-m", "gemini-3-pro-image", "--json",
        "--timings");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.json().get("images")).as(run.describe()).hasSize(1);
    assertThat(phases(run.err())).as(run.describe()).contains("http request/response + parse", "total");
  }

  @Test
  void nothingIsPrintedWithoutTheFlag(FakeGemini fake, @TempDir Path dir) {
    CliRun run = Cli.against(fake, dir).run("generate", "a red fox", "-m", "gemini-3-pro-image");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.err()).as(run.describe()).doesNotContain("timings");
  }

  @Test
  void rerunPrintsThePhasesToo(FakeGemini fake, @TempDir Path dir) {
    Cli cli = Cli.against(fake, dir);
    assertThat(cli.run("generate", "a red fox", "-m", "gemini-3-pro-image", "-o", "first.jpg").exitCode()).isZero();

    CliRun run = cli.run("rerun", "1", "-o", "second.jpg", "--timings");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(phases(run.err())).as(run.describe()).containsSubsequence("command parsing", "catalog load",
        "history open (incl. SQLite native library)", "request building", "client build (HTTP client)",
        "generation", "history write", "http request/response + parse", "image save", "report", "total");
  }

  @Test
  void onlyTheSubcommandBeingRunIsBuilt(@TempDir Path dir) {
    Environment env = new Environment(java.util.Map.of("DARKROOM_HOME", dir.toString()),
        java.io.InputStream.nullInputStream(), dir, Clock.systemUTC(), false, d -> {}, false, new InterruptNotice());

    CommandLine one = DarkroomCli.newCommandLine(env, new String[] {"generate", "x"});
    CommandLine help = DarkroomCli.newCommandLine(env, new String[] {"--help"});
    CommandLine typo = DarkroomCli.newCommandLine(env, new String[] {"generat"});
    CommandLine version = DarkroomCli.newCommandLine(env, new String[] {"--version"});

    assertThat(one.getSubcommands()).containsOnlyKeys("generate");
    assertThat(help.getSubcommands()).containsKeys("generate", "models", "history", "rerun", "edit", "iterate")
        .hasSameSizeAs(DarkroomCli.newCommandLine(env).getSubcommands());
    assertThat(typo.getSubcommands()).hasSameSizeAs(help.getSubcommands());
    assertThat(version.getSubcommands()).isEmpty();
  }

  @Test
  void mainsShortcutForVersionPrintsWhatPicocliPrints(@TempDir Path dir) {
    CliRun run = new Cli(dir).run("--version");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).isEqualTo(new VersionProvider().getVersion()[0] + System.lineSeparator());
  }

  /** The phase names of the timings block: each line's text before its figure. */
  private static List<String> phases(String err) {
    return err.lines().map(l -> l.replaceAll("\\s+(n/a|[0-9.]+)$", "").trim()).toList();
  }
}
