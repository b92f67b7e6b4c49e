package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Help text that reads well at any terminal width. */
class HelpTextTest {
  @TempDir Path dir;

  /**
   * picocli starts a new line for each element of a description and wraps each at the help width; an element
   * that stops mid-sentence therefore leaves a short orphan line ("in parallel under a rate" / "limit") at
   * some width. Every element must end a sentence, a clause (":"), or be an example, a list item or a heading.
   */
  @Test
  void noDescriptionIsSplitMidSentence() {
    List<String> bad = new ArrayList<>();
    walk(DarkroomCli.newCommandLine(new Environment(java.util.Map.of(), java.io.InputStream.nullInputStream(), dir,
        java.time.Clock.systemUTC(), false, dev.darkroom.Sleeper.SYSTEM)), bad);
    assertThat(bad).isEmpty();
  }

  private static void walk(CommandLine c, List<String> bad) {
    CommandSpec spec = c.getCommandSpec();
    check(spec.qualifiedName(), spec.usageMessage().description(), bad);
    spec.options().forEach(o -> check(spec.qualifiedName() + " " + o.longestName(), o.description(), bad));
    spec.positionalParameters().forEach(p -> check(spec.qualifiedName() + " " + p.paramLabel(), p.description(), bad));
    c.getSubcommands().values().forEach(s -> walk(s, bad));
  }

  private static void check(String where, String[] lines, List<String> bad) {
    for (int i = 0; i < lines.length - 1; i++) {
      String line = lines[i].strip();
      boolean ends = line.isEmpty() || line.matches(".*[.:)\"`!?]") || line.startsWith("Example:")
          || line.startsWith("#") || line.matches("(-|\\d+\\.) .*");
      if (!ends) {
        bad.add(where + ": '" + line + "' continues on the next element");
      }
    }
  }

  @Test
  void helpFollowsTheTerminalWidthWithinLimits() {
    assertThat(widest(help("100"))).isGreaterThan(80).isLessThanOrEqualTo(100);
    assertThat(widest(help("60"))).isLessThanOrEqualTo(60);
    assertThat(widest(help("300"))).isLessThanOrEqualTo(DarkroomCli.MAX_HELP_WIDTH);
    assertThat(widest(help(null))).as("no terminal: picocli's 80").isLessThanOrEqualTo(80);
    assertThat(help("100").lines().filter(l -> l.startsWith("Run a job file")).findFirst().orElseThrow().length())
        .as("the description fills the width").isGreaterThan(80);
  }

  private String help(String columns) {
    Cli cli = new Cli(dir);
    if (columns != null) {
      cli.env.put("COLUMNS", columns);
    }
    CliRun run = cli.run("batch", "--help");
    assertThat(run.exitCode()).as(run.describe()).isZero();
    return run.out();
  }

  private static int widest(String text) {
    return text.lines().mapToInt(String::length).max().orElse(0);
  }
}
