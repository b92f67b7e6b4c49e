package dev.darkroom.cli;

import static dev.darkroom.cli.HistoryCommandTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code rerun} sends a recorded request again, exactly, or with a few changes. */
@ExtendWith(FakeGeminiExtension.class)
class RerunCommandTest {
  @TempDir Path dir;
  Cli cli;

  @BeforeEach
  void original(FakeGemini fake) {
    cli = Cli.against(fake, dir);
    TestImages.png(dir.resolve("ref.png"), 40, 30);
    ok(cli.run("generate", "a fox wearing {item}", "--var", "item=a hat", "-m", "gemini-3-pro-image", "--seed", "7",
        "-a", "3:2", "-s", "2K", "-i", "ref.png", "--system-prompt", "Be photographic.", "--temperature", "0.5",
        "-o", "first.png"));
  }

  @Test
  void repeatsTheExactRequestThenVariesOnlyTheModel(FakeGemini fake) throws Exception {
    CliRun again = ok(cli.run("rerun", "1", "-o", "second.png"));
    CliRun other = ok(cli.run("rerun", "1", "-m", "gemini-3.1-flash-image", "-o", "third.png"));

    assertThat(again.out()).as(again.describe()).startsWith("rerun of #1 with gemini-3-pro-image\nsaved second.png  (");
    assertThat(other.out()).as(other.describe()).startsWith("rerun of #1 with gemini-3.1-flash-image\nsaved third.png  (");
    JsonNode provenance = ok(cli.run("inspect", "first.png", "second.png", "third.png", "--json")).json();
    JsonNode first = provenance.get(0);
    JsonNode second = provenance.get(1);
    JsonNode third = provenance.get(2);
    assertThat(first.at("/parameters/seed").asInt()).isEqualTo(7);
    assertThat(first.at("/inputs/0/sha256").asText()).isEqualTo(FileCheck.sha256(dir.resolve("ref.png")));
    for (JsonNode p : new JsonNode[] {second, third}) {
      assertThat(p.get("prompt")).isEqualTo(first.get("prompt"));
      assertThat(p.get("systemPrompt")).isEqualTo(first.get("systemPrompt"));
      assertThat(p.get("parameters")).isEqualTo(first.get("parameters"));
      assertThat(p.at("/inputs/0/sha256")).isEqualTo(first.at("/inputs/0/sha256"));
      assertThat(p.get("inputs")).hasSize(1);
    }
    assertThat(second.get("model").asText()).isEqualTo("gemini-3-pro-image");
    assertThat(third.get("model").asText()).isEqualTo("gemini-3.1-flash-image");
    JsonNode sent = fake.requests().get(1).json();
    JsonNode originalSent = fake.requests().get(0).json();
    assertThat(sent).as("the same body is sent again").isEqualTo(originalSent);
    assertThat(fake.requests().get(2).path()).isEqualTo("/v1beta/models/gemini-3.1-flash-image:generateContent");
    assertThat(stripModel(fake.requests().get(2).json())).isEqualTo(stripModel(originalSent));

    JsonNode rows = ok(cli.run("history", "--json")).json();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).get("model").asText()).isEqualTo("gemini-3.1-flash-image");
    assertThat(rows.get(1).at("/request/seed").asInt()).isEqualTo(7);
  }

  @Test
  void downscalesReferenceImagesToTheRecordedSideUnlessToldOtherwise(FakeGemini fake) throws Exception {
    TestImages.png(dir.resolve("big.png"), 200, 150);
    ok(cli.run("generate", "a fox in a big picture", "-i", "big.png", "--max-input-side", "64", "-o", "big-1.png"));

    CliRun again = ok(cli.run("rerun", "2", "-o", "big-2.png"));
    CliRun unchanged = ok(cli.run("rerun", "2", "--no-resize", "-o", "big-3.png"));
    CliRun shown = ok(cli.run("history", "show", "2"));

    JsonNode first = inlineData(fake.requests().get(1).json());
    assertThat(inlineData(fake.requests().get(2).json())).as(again.describe())
        .as("the same downscaled bytes are sent again").isEqualTo(first);
    String original = java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("big.png")));
    assertThat(first.get("data").asText()).as("downscaled the first time").isNotEqualTo(original);
    assertThat(inlineData(fake.requests().get(3).json()).get("data").asText()).as(unchanged.describe())
        .as("--no-resize sends the file as it is").isEqualTo(original);
    assertThat(ok(cli.run("history", "show", "2", "--json")).json().at("/request/maxInputSide").asInt()).isEqualTo(64);
    assertThat(ok(cli.run("history", "show", "3", "--json")).json().at("/request/maxInputSide").asInt()).isEqualTo(64);
    assertThat(ok(cli.run("history", "show", "4", "--json")).json().at("/request/maxInputSide").asInt()).isZero();
    assertThat(shown.out()).as(shown.describe()).contains(" maxInputSide=64 ");
  }

  private static JsonNode inlineData(JsonNode body) {
    JsonNode data = body.findValue("inlineData");
    assertThat(data).as("inlineData in " + body).isNotNull();
    return data;
  }

  @Test
  void overridesSeedAspectRatioAndSizeAndReportsJson() {
    CliRun run = ok(cli.run("rerun", "1", "--seed", "8", "-a", "16:9", "-s", "1K", "--json"));

    JsonNode json = run.json();
    assertThat(json.get("rerunOf").asLong()).isEqualTo(1);
    assertThat(json.get("runId").asText()).isNotBlank();
    JsonNode p = ok(cli.run("inspect", json.at("/images/0/path").asText(), "--json")).json();
    assertThat(p.at("/parameters/seed").asInt()).isEqualTo(8);
    assertThat(p.at("/parameters/aspectRatio").asText()).isEqualTo("16:9");
    assertThat(p.at("/parameters/imageSize").asText()).isEqualTo("1K");
    assertThat(p.get("prompt").asText()).isEqualTo("a fox wearing a hat");
  }

  @Test
  void refusesWhenTheInputChangedOrIsGoneAndSendsNothing(FakeGemini fake) throws Exception {
    TestImages.png(dir.resolve("ref.png"), 41, 30);
    CliRun changed = cli.run("rerun", "1");
    Files.delete(dir.resolve("ref.png"));
    CliRun gone = cli.run("rerun", "1", "--json");

    assertThat(changed.exitCode()).as(changed.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(changed.err()).as(changed.describe()).startsWith("darkroom: cannot rebuild generation #1: input image 1")
        .contains(dir.resolve("ref.png").toString()).contains("has changed since");
    assertThat(changed.err().lines()).hasSize(1);
    assertThat(gone.exitCode()).as(gone.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(gone.json().at("/error/message").asText()).contains("no longer exists");
    assertThat(fake.requestCount()).isEqualTo(1);
  }

  @Test
  void unknownIdAndInvalidOverridesExitTwo(FakeGemini fake) {
    CliRun unknown = cli.run("rerun", "5");
    CliRun badSize = cli.run("rerun", "1", "-m", "gemini-3-pro-image", "-s", "512");

    assertThat(unknown.exitCode()).as(unknown.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).isEqualTo("darkroom: no generation with id 5 in " + cli.historyDb() + "\n");
    assertThat(badSize.exitCode()).as(badSize.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(badSize.err()).contains("image size '512' is not supported");
    assertThat(fake.requestCount()).isEqualTo(1);
  }

  @Test
  void noHistoryStillReadsTheOriginalButRecordsNothing(FakeGemini fake) {
    ok(cli.run("rerun", "1", "--no-history"));
    CliRun dry = ok(cli.run("rerun", "1", "--dry-run"));

    assertThat(fake.requestCount()).isEqualTo(2);
    assertThat(dry.out()).as(dry.describe()).contains("estimated cost:").contains("a fox wearing a hat");
    assertThat(ok(cli.run("history", "--json")).json()).hasSize(1);
  }

  private static JsonNode stripModel(JsonNode body) {
    ObjectNode copy = body.deepCopy();
    copy.remove("model");
    return copy;
  }
}
