package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeOpenAI;
import dev.darkroom.testkit.FakeReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code darkroom edit} and {@code darkroom iterate} in-process against the fakes. */
@ExtendWith(FakeGeminiExtension.class)
class EditCommandTest {
  private static final Pattern SESSION = Pattern.compile("session (\\S+)");

  @TempDir Path dir;

  private static String sessionOf(CliRun run) {
    Matcher m = SESSION.matcher(run.out());
    assertThat(m.find()).as(run.describe()).isTrue();
    return m.group(1);
  }

  private static CliRun ok(CliRun run) {
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.OK);
    return run;
  }

  @Test
  void startContinueResumeBranchAndShowATreeOfTurns(FakeGemini fake) {
    Cli cli = Cli.against(fake, dir);
    CliRun start = ok(cli.run("edit", "start", "a fox in a red jacket", "-m", "gemini-3-pro-image"));
    String id = sessionOf(start);
    assertThat(start.out()).contains("turn 1: ");

    CliRun second = ok(cli.run("edit", id, "make the jacket blue"));
    assertThat(second.out()).contains("turn 2 (after 1): ");
    // A new process ("another day"): the history carries the session and its signatures.
    CliRun resumed = ok(cli.stdin("now at night\n/undo\nadd snow\n\n").run("edit", "resume", id));
    assertThat(resumed.out()).contains("continuing from turn 2").contains("turn 3 (after 2)")
        .contains("back at turn 2").contains("turn 4 (after 2)");
    ok(cli.run("edit", "branch", id, "1", "make it a wolf"));

    JsonNode last = fake.requests().get(fake.requestCount() - 1).json();
    assertThat(last.path("contents")).hasSize(3);
    assertThat(last.path("contents").get(1).path("parts").get(0).has("thoughtSignature")).isTrue();

    CliRun show = ok(cli.run("edit", "show", id));
    assertThat(show.out()).contains("session " + id).contains("5 turns")
        .contains("1  \"a fox in a red jacket\"")
        .contains("|- 2  \"make the jacket blue\"")
        .contains("`- 5  \"make it a wolf\"")
        .doesNotContain("thoughtSignature");
    assertThat(show.out().lines().filter(l -> l.contains("\"add snow\"")).findFirst().orElseThrow())
        .startsWith("|  `- 4");
    assertThat(dir.resolve(id)).isDirectory();
  }

  @Test
  void editStartsASessionFromAnExistingImage(FakeGemini fake) throws Exception {
    Cli cli = Cli.against(fake, dir);
    TestImages.png(dir.resolve("photo.png"), 48, 32);
    CliRun start = ok(cli.run("edit", "photo.png", "make it a watercolour", "-m", "gemini-3-pro-image"));
    String id = sessionOf(start);
    assertThat(start.out()).contains("turn 1: ");
    JsonNode parts = fake.requests().get(0).json().path("contents").get(0).path("parts");
    assertThat(fake.requests().get(0).json().path("contents")).hasSize(1);
    assertThat(parts.findValues("inlineData")).hasSize(1);
    assertThat(parts.findValuesAsText("text")).contains("make it a watercolour");
    assertThat(dir.resolve(id)).isDirectory();

    CliRun next = ok(cli.run("edit", id, "now at dusk"));
    assertThat(next.out()).contains("turn 2 (after 1)");
    JsonNode contents = fake.requests().get(1).json().path("contents");
    assertThat(contents).hasSize(3);
    assertThat(contents.get(0).path("parts").findValues("inlineData")).hasSize(1);

    CliRun misplaced = cli.run("edit", id, "add fog", "-m", "gemini-2.5-flash-image");
    assertThat(misplaced.exitCode()).as(misplaced.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(misplaced.err()).contains("apply when a session starts");
    CliRun missing = cli.run("edit", "nothere.jpg", "make it red");
    assertThat(missing.exitCode()).as(missing.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("no image file").contains("nothere.jpg");
    assertThat(fake.requestCount()).isEqualTo(2);
  }

  @Test
  void unknownSessionsAndTurnsAreUsageErrors(FakeGemini fake) {
    Cli cli = Cli.against(fake, dir);
    CliRun unknown = cli.run("edit", "nope", "make it red");
    assertThat(unknown.exitCode()).as(unknown.describe()).isEqualTo(ExitCodes.USAGE);
    String id = sessionOf(ok(cli.run("edit", "start", "a boat")));
    CliRun badTurn = cli.run("edit", "branch", id, "7", "x");
    assertThat(badTurn.exitCode()).as(badTurn.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(badTurn.err()).contains("no turn 7");
    assertThat(fake.requestCount()).isEqualTo(1);
  }

  @Test
  void aBlockedTurnExitsLikeGenerateAndTheSessionGoesOn(FakeGemini fake) {
    Cli cli = Cli.against(fake, dir);
    String id = sessionOf(ok(cli.run("edit", "start", "a lamp")));
    fake.enqueue(FakeReply.promptBlocked("PROHIBITED_CONTENT"));
    CliRun blocked = cli.run("edit", id, "something forbidden");
    assertThat(blocked.exitCode()).as(blocked.describe()).isEqualTo(ExitCodes.BLOCKED);
    assertThat(ok(cli.run("edit", id, "make it brass")).out()).contains("turn 2 (after 1)");
    assertThat(ok(cli.run("edit", "resume", id, "add a shade", "turn it on")).out())
        .contains("turn 3 (after 2)").contains("turn 4 (after 3)");
    assertThat(ok(cli.run("edit", "resume", id, "--from", "1", "make it glass")).out()).contains("turn 5 (after 1)");
  }

  @Test
  void iterateFeedsTheImageBackNTimes(FakeGemini fake) throws Exception {
    Cli cli = Cli.against(fake, dir);
    TestImages.png(dir.resolve("cat.png"), 64, 64);
    CliRun run = ok(cli.run("iterate", "cat.png", "make it more surreal", "-n", "3"));
    assertThat(run.out()).contains("turn 1: ").contains("turn 2 (after 1)").contains("turn 3 (after 2)");
    assertThat(fake.requestCount()).isEqualTo(3);
    assertThat(fake.requests().get(2).json().path("contents")).hasSize(5);
    Path gif = dir.resolve(sessionOf(run)).resolve("drift.gif");
    Path sheet = dir.resolve(sessionOf(run)).resolve("contact-sheet.png");
    assertThat(run.out()).contains("contact sheet: ").contains("animation: ").contains("drift.gif")
        .contains("contact-sheet.png");
    assertThat(sheet).isRegularFile();
    assertThat(TestImages.formatOf(sheet)).isEqualTo("png");
    assertThat(gifFrames(gif)).isEqualTo(3 + 1);

    CliRun json = ok(cli.run("iterate", "cat.png", "make it more surreal", "-n", "2", "--json"));
    JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
    assertThat(report.path("completedSteps").asInt()).isEqualTo(2);
    assertThat(report.path("stoppedEarly").asBoolean()).isFalse();
    assertThat(report.path("steps")).hasSize(2);
    assertThat(Path.of(report.path("contactSheet").asText())).isRegularFile();
    assertThat(gifFrames(Path.of(report.path("animation").asText()))).isEqualTo(2 + 1);

    fake.enqueue(FakeReply.delay(java.time.Duration.ZERO)).enqueue(FakeReply.imageSafety());
    CliRun stopped = ok(cli.run("iterate", "cat.png", "make it more surreal", "-n", "3"));
    assertThat(stopped.out()).contains("stopped after 1 step of 3");
    assertThat(stopped.err()).contains("IMAGE_SAFETY");

    fake.enqueue(FakeReply.imageSafety());
    CliRun blockedFirst = cli.run("iterate", "cat.png", "make it more surreal", "-n", "3");
    assertThat(blockedFirst.exitCode()).as(blockedFirst.describe()).isEqualTo(ExitCodes.BLOCKED);
  }

  /** The number of frames, checking the animation loops forever and every frame has a delay. */
  private static int gifFrames(Path gif) throws Exception {
    javax.imageio.ImageReader reader = javax.imageio.ImageIO.getImageReadersByFormatName("gif").next();
    try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(gif.toFile())) {
      reader.setInput(in);
      int n = reader.getNumImages(true);
      for (int i = 0; i < n; i++) {
        javax.imageio.metadata.IIOMetadataNode root = (javax.imageio.metadata.IIOMetadataNode)
            reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
        javax.imageio.metadata.IIOMetadataNode control = (javax.imageio.metadata.IIOMetadataNode)
            root.getElementsByTagName("GraphicControlExtension").item(0);
        assertThat(control.getAttribute("delayTime")).isEqualTo(String.valueOf(DriftFiles.FRAME_DELAY_CS));
        if (i == 0) {
          javax.imageio.metadata.IIOMetadataNode app = (javax.imageio.metadata.IIOMetadataNode)
              root.getElementsByTagName("ApplicationExtension").item(0);
          assertThat(app.getAttribute("applicationID")).isEqualTo("NETSCAPE");
          assertThat((byte[]) app.getUserObject()).containsExactly(1, 0, 0);
        }
      }
      return n;
    } finally {
      reader.dispose();
    }
  }

  @Test
  void openAiSessionsEditThePreviousImage(FakeGemini gemini, @TempDir Path other) throws Exception {
    try (FakeOpenAI openai = FakeOpenAI.start()) {
      Cli cli = Cli.against(gemini, openai, dir);
      String id = sessionOf(ok(cli.run("edit", "start", "a living room", "-m", "gpt-image-2", "--size", "1024x1024",
          "-O", "quality=low")));
      ok(cli.run("edit", id, "add a green sofa"));
      assertThat(openai.requests()).extracting(r -> r.path())
          .containsExactly("/v1/images/generations", "/v1/images/edits");
      assertThat(ok(cli.run("edit", "show", id)).out()).contains("edits");
    }
  }
}
