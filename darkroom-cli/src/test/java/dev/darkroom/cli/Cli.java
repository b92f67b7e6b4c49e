package dev.darkroom.cli;

import dev.darkroom.testkit.FakeGemini;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine;

/**
 * Runs the {@code darkroom} command in-process against a {@link FakeGemini}, in a temporary working
 * directory, with captured output and a sleeper that records retry delays instead of waiting.
 *
 * <p>{@code DARKROOM_HOME} is always set, to {@code .darkroom} inside the temporary directory, so
 * every generation is recorded there and never in the real {@code ~/.darkroom}.
 */
final class Cli {
  /** The home directory inside the working directory, chosen so tests never touch the user's history. */
  static final String HOME = ".darkroom";

  final Map<String, String> env = new HashMap<>();
  final Path dir;
  final Path home;
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  /** What a Ctrl-C would trigger: tests call {@link InterruptNotice#interrupted()} to simulate one. */
  final InterruptNotice interrupts = new InterruptNotice();
  private String stdin = "";
  private boolean terminal;
  private boolean stdinTerminal;

  Cli(Path dir) {
    this.dir = dir;
    this.home = dir.resolve(HOME);
    env.put("DARKROOM_HOME", home.toString());
  }

  /** The history database every generating run records into. */
  Path historyDb() {
    return home.resolve("history.db");
  }

  /** Pointed at {@code fake} with its accepted key. */
  static Cli against(FakeGemini fake, Path dir) {
    Cli cli = new Cli(dir);
    cli.env.put("GEMINI_API_KEY", FakeGemini.DEFAULT_API_KEY);
    cli.env.put("GOOGLE_GEMINI_BASE_URL", fake.baseUrl());
    return cli;
  }

  /** Pointed at both fakes, each with its accepted key, as a newcomer comparing providers would be. */
  static Cli against(FakeGemini gemini, dev.darkroom.testkit.FakeOpenAI openai, Path dir) {
    Cli cli = against(gemini, dir);
    cli.env.put("OPENAI_API_KEY", dev.darkroom.testkit.FakeOpenAI.DEFAULT_API_KEY);
    cli.env.put("OPENAI_BASE_URL", openai.baseUrl());
    return cli;
  }

  Cli stdin(String text) {
    stdin = text;
    return this;
  }

  Cli terminal(boolean isTerminal) {
    terminal = isTerminal;
    return this;
  }

  /** Whether standard input is a terminal (default: no, it is the text given to {@link #stdin}). */
  Cli stdinTerminal(boolean isTerminal) {
    stdinTerminal = isTerminal;
    return this;
  }

  CliRun run(String... args) {
    if (!env.containsKey("DARKROOM_HOME")) {
      throw new IllegalStateException("tests must set DARKROOM_HOME so they never write the real ~/.darkroom");
    }
    Environment environment = new Environment(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        dir, Clock.systemUTC(), terminal, sleeps::add, stdinTerminal, interrupts);
    CommandLine cmd = DarkroomCli.newCommandLine(environment, args);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
