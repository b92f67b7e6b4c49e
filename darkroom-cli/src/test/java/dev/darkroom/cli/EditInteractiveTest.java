package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeReply;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive {@code darkroom edit}: instructions one per line of standard input, scripted here,
 * with the terminal behaviour (prompts, mistakes ignored) and the piped one (mistakes end the run).
 */
@ExtendWith(FakeGeminiExtension.class)
class EditInteractiveTest {
  private static final Pattern SESSION = Pattern.compile("session (\\S+)");

  @TempDir Path dir;

  private static String sessionOf(CliRun run) {
    Matcher m = SESSION.matcher(run.out());
    assertThat(m.find()).as(run.describe()).isTrue();
    return m.group(1);
  }

  private static CliRun exits(CliRun run, int code) {
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(code);
    return run;
  }

  /** The {@code darkroom: ...} lines of standard error. */
  private static List<String> errors(CliRun run) {
    return run.err().lines().map(l -> l.replaceFirst("^.*?(darkroom: )", "$1"))
        .filter(l -> l.startsWith("darkroom: ")).toList();
  }

  @Test
  void aTerminalSessionFromAnImageRunsTurnsUndoBranchShowAndEndsAtEndOfInput(FakeGemini fake) throws Exception {
    TestImages.png(dir.resolve("photo.png"), 48, 32);
    Cli cli = Cli.against(fake, dir).stdinTerminal(true).stdin(String.join("\n",
        "make it a watercolour",
        "",
        "   ",
        "now at night",
        "add snow",
        "/undo",
        "add fog",
        "/branch 1",
        "make it a pencil sketch",
        "/show",
        "")); // the input ends without /quit: end of input ends the loop
    CliRun run = exits(cli.run("edit", "photo.png", "-m", "gemini-3-pro-image"), ExitCodes.OK);
    String id = sessionOf(run);

    assertThat(fake.requestCount()).as("one request per instruction; blank lines send nothing").isEqualTo(5);
    assertThat(run.out()).contains("turn 1: ").contains("turn 2 (after 1)").contains("turn 3 (after 2)")
        .contains("back at turn 2").contains("turn 4 (after 2)").contains("at turn 1")
        .contains("turn 5 (after 1)");
    // The first turn carries the image; turn 5 continues turn 1 only.
    assertThat(fake.requests().get(0).json().path("contents").get(0).path("parts").findValues("inlineData")).hasSize(1);
    JsonNode last = fake.requests().get(4).json().path("contents");
    assertThat(last).hasSize(3);
    assertThat(last.get(2).path("parts").findValuesAsText("text")).containsExactly("make it a pencil sketch");

    // /show: the tree of turns, the head marked.
    assertThat(run.out()).contains("session " + id + "  gemini-3-pro-image  conversation  5 turns  ")
        .contains("1  \"make it a watercolour\"")
        .contains("|- 2  \"now at night\"")
        .contains("`- 5  \"make it a pencil sketch\"")
        .containsPattern("5  \"make it a pencil sketch\"  turn-5\\.\\S+  \\S+  <- head");
    // A terminal gets the help line and a prompt before each line, on standard error only.
    assertThat(run.err()).contains(EditLoop.HELP).contains("turn 1> ").contains("turn 2> ")
        .contains("turn 4 (after 2)> ").contains("turn 5 (after 1)> ").contains("turn 6> ");
    assertThat(run.out()).doesNotContain("turn 2> ").doesNotContain(EditLoop.HELP);
    // One image saved per turn, in the session's directory.
    for (int t = 1; t <= 5; t++) {
      int turn = t;
      assertThat(dir.resolve(id).toFile().list((d, name) -> name.matches("turn-" + turn + "\\.(jpg|png|webp)")))
          .as("image of turn %d", t).hasSize(1);
    }
  }

  @Test
  void unknownCommandsAndBadBranchesAreExplainedAtATerminalAndTheSessionGoesOn(FakeGemini fake) {
    Cli cli = Cli.against(fake, dir);
    String id = sessionOf(exits(cli.run("edit", "start", "a lamp"), ExitCodes.OK));
    cli.stdinTerminal(true).stdin("/redo\n/branch 9\n/branch x\n/help\nmake it brass\n/quit\nnot sent\n");
    CliRun run = exits(cli.run("edit", id), ExitCodes.OK);

    assertThat(errors(run)).containsExactly(
        "darkroom: unknown command '/redo'; the commands are " + EditLoop.COMMANDS
            + " (start a line with // to send it as an instruction)",
        "darkroom: session " + id + " has no turn 9; turns are 1..1",
        "darkroom: /branch needs a turn number, e.g. /branch 2; got 'x'");
    assertThat(run.err().split(Pattern.quote(EditLoop.HELP), -1)).as("help at the start and on /help").hasSize(3);
    assertThat(run.out()).contains("continuing from turn 1").contains("turn 2 (after 1)");
    assertThat(fake.requestCount()).as("/quit ends the loop: the last line is not sent").isEqualTo(2);
  }

  @Test
  void aFailedTurnPrintsWhatGenerateWouldAndTheLoopGoesOnWithTheSessionUnchanged(FakeGemini fake) {
    Cli cli = Cli.against(fake, dir);
    fake.enqueue(FakeReply.promptBlocked("PROHIBITED_CONTENT"));
    CliRun generate = cli.run("generate", "something forbidden", "-m", "gemini-3-pro-image");
    assertThat(generate.exitCode()).as(generate.describe()).isEqualTo(ExitCodes.BLOCKED);
    String generateError = errors(generate).get(0);
    fake.enqueue(FakeReply.status(400, "INVALID_ARGUMENT", "Request contains an invalid argument."));
    int badRequestCode = cli.run("generate", "a lamp", "-m", "gemini-3-pro-image").exitCode();
    assertThat(badRequestCode).isNotEqualTo(ExitCodes.OK);

    String id = sessionOf(exits(cli.run("edit", "start", "a lamp", "-m", "gemini-3-pro-image"), ExitCodes.OK));
    fake.enqueue(FakeReply.promptBlocked("PROHIBITED_CONTENT"))
        .enqueue(FakeReply.status(400, "INVALID_ARGUMENT", "Request contains an invalid argument."));
    cli.stdin("something forbidden\nmake it red\nmake it brass\nturn it on\n");
    CliRun run = exits(cli.run("edit", "resume", id), badRequestCode);

    assertThat(errors(run)).as("the exit code is the last failed turn's").hasSize(2);
    assertThat(errors(run).get(0)).as("the same error text as generate").isEqualTo(generateError);
    assertThat(errors(run).get(1)).contains("400");
    // The failed turns made no turn: the next ones continue turn 1, then turn 2.
    assertThat(run.out()).contains("turn 2 (after 1)").contains("turn 3 (after 2)").doesNotContain("turn 4");
    assertThat(fake.requestCount()).isEqualTo(2 + 1 + 4);
  }

  @Test
  void aPipedRunEndsWithTheCodeOfItsLastFailedTurnAndStopsAtAMistake(FakeGemini fake) {
    Cli cli = Cli.against(fake, dir);
    String id = sessionOf(exits(cli.run("edit", "start", "a boat"), ExitCodes.OK));

    fake.enqueue(FakeReply.imageSafety());
    cli.stdin("add sails\nmake it sunset\n");
    CliRun failedLast = exits(cli.run("edit", id), ExitCodes.BLOCKED);
    assertThat(failedLast.out()).contains("turn 2 (after 1)");
    assertThat(failedLast.err()).doesNotContain("turn 2> ").doesNotContain(EditLoop.HELP);

    cli.stdin("/undo\n/frobnicate\nnever sent\n");
    int before = fake.requestCount();
    CliRun mistake = exits(cli.run("edit", "resume", id), ExitCodes.USAGE);
    assertThat(mistake.out()).contains("back at turn 1");
    assertThat(mistake.err()).contains("unknown command '/frobnicate'").contains("/undo, /branch N, /show");
    assertThat(fake.requestCount()).as("nothing after the mistake is sent").isEqualTo(before);

    cli.stdin("/undo\n");
    CliRun undoFirst = exits(cli.run("edit", "resume", id, "--from", "1"), ExitCodes.USAGE);
    assertThat(undoFirst.err()).contains("nothing to undo");

    cli.stdin("//r/earthporn style\n");
    exits(cli.run("edit", id), ExitCodes.OK);
    JsonNode last = fake.requests().get(fake.requestCount() - 1).json().path("contents");
    assertThat(last.get(last.size() - 1).path("parts").findValuesAsText("text")).containsExactly("/r/earthporn style");
  }

  @Test
  void emptyInputSendsNothingAndInstructionlessStartsNeedAnImageOrSession(FakeGemini fake) throws Exception {
    TestImages.png(dir.resolve("photo.png"), 32, 32);
    Cli cli = Cli.against(fake, dir);
    exits(cli.run("edit", "photo.png"), ExitCodes.OK);
    assertThat(fake.requestCount()).isZero();
    CliRun none = exits(cli.run("edit"), ExitCodes.USAGE);
    assertThat(none.err()).contains("give SESSION or IMAGE");
    String id = sessionOf(exits(cli.run("edit", "start", "a cup"), ExitCodes.OK));
    CliRun withImage = exits(cli.run("edit", id, "-i", "photo.png"), ExitCodes.USAGE);
    assertThat(withImage.err()).contains("give an INSTRUCTION with them");
  }
}
