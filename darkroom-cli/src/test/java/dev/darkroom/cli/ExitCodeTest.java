package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeReply;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(FakeGeminiExtension.class)
class ExitCodeTest {

  @Test
  void blockedImageExitsThreeWithOneLine(FakeGemini fake, @TempDir Path dir) {
    fake.enqueue(FakeReply.imageSafety());
    CliRun run = Cli.against(fake, dir).run("generate", "something", "-m", "gemini-3-pro-image");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BLOCKED);
    assertThat(run.err()).as(run.describe()).startsWith("darkroom: the provider blocked").contains("IMAGE_SAFETY");
    assertThat(run.err().lines()).as(run.describe()).hasSize(1);
    assertThat(run.out()).as(run.describe()).isEmpty();
  }

  @Test
  void blockedPromptExitsThree(FakeGemini fake, @TempDir Path dir) {
    fake.enqueue(FakeReply.promptBlocked("PROHIBITED_CONTENT"));
    CliRun run = Cli.against(fake, dir).run("generate", "something");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BLOCKED);
    assertThat(run.err()).as(run.describe()).contains("PROHIBITED_CONTENT");
  }

  @Test
  void noImageExitsThreeAndQuotesTheModel(FakeGemini fake, @TempDir Path dir) {
    fake.enqueue(FakeReply.textOnly("I can only describe it in words."));
    CliRun run = Cli.against(fake, dir).run("generate", "something");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BLOCKED);
    assertThat(run.err()).as(run.describe()).startsWith("darkroom: the model returned no image").contains("only describe");
  }

  @Test
  void exhaustedRateLimitExitsFourAfterRetriesWithoutWaiting(FakeGemini fake, @TempDir Path dir) {
    for (int i = 0; i < 4; i++) {
      fake.enqueue(FakeReply.rateLimited(Duration.ofSeconds(34)));
    }
    Cli cli = Cli.against(fake, dir);
    CliRun run = cli.run("generate", "something");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.QUOTA);
    assertThat(fake.requestCount()).isEqualTo(4);
    assertThat(cli.sleeps).hasSize(3).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(34), Duration.ofSeconds(38)));
    assertThat(run.err()).as(run.describe())
        .contains("darkroom: attempt 1 failed (429 rate limit); retrying in 3")
        .contains("darkroom: attempt 3 failed");
    assertThat(run.err().lines().filter(l -> !l.contains("retrying"))).as(run.describe()).hasSize(1);
  }

  @Test
  void rateLimitThenSuccessRecordsTheAttempts(FakeGemini fake, @TempDir Path dir) {
    fake.enqueue(FakeReply.rateLimited(Duration.ofSeconds(2)));
    CliRun run = Cli.against(fake, dir).run("generate", "something", "--json");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.json().at("/responses/0/attempts").asInt()).as(run.describe()).isEqualTo(2);
    assertThat(run.err()).as("stderr stays quiet in JSON mode off a terminal: " + run.describe()).isEmpty();
  }

  @Test
  void wrongKeyExitsFive(FakeGemini fake, @TempDir Path dir) {
    CliRun run = Cli.against(fake, dir).run("generate", "something", "--api-key", "not-the-key");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.AUTH);
    assertThat(run.err()).as(run.describe()).startsWith("darkroom: ").doesNotContain("not-the-key");
  }

  @Test
  void permissionDeniedExitsFive(FakeGemini fake, @TempDir Path dir) {
    fake.enqueue(FakeReply.status(403, "PERMISSION_DENIED", "The caller does not have permission"));
    CliRun run = Cli.against(fake, dir).run("generate", "something");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.AUTH);
  }

  @Test
  void serverErrorsAfterRetriesExitSix(FakeGemini fake, @TempDir Path dir) {
    for (int i = 0; i < 4; i++) {
      fake.enqueue(FakeReply.status(503, "UNAVAILABLE", "The model is overloaded."));
    }
    CliRun run = Cli.against(fake, dir).run("generate", "something");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.TRANSPORT);
    assertThat(fake.requestCount()).isEqualTo(4);
  }

  @Test
  void malformedResponsesExitSix(FakeGemini fake, @TempDir Path dir) {
    for (int i = 0; i < 4; i++) {
      fake.enqueue(FakeReply.malformedJson());
    }
    CliRun run = Cli.against(fake, dir).run("generate", "something");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.TRANSPORT);
  }

  @Test
  void unreachableServerExitsSix(@TempDir Path dir) {
    Cli cli = new Cli(dir);
    cli.env.put("GEMINI_API_KEY", "k");
    CliRun run = cli.run("generate", "something", "--base-url", "http://127.0.0.1:1");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.TRANSPORT);
    assertThat(run.err().lines().filter(l -> !l.contains("retrying"))).as(run.describe()).hasSize(1);
  }

  @Test
  void failuresInJsonModeAreAJsonObjectOnStdout(FakeGemini fake, @TempDir Path dir) {
    fake.enqueue(FakeReply.imageSafety());
    CliRun run = Cli.against(fake, dir).run("generate", "something", "--json");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BLOCKED);
    JsonNode error = run.json().get("error");
    assertThat(error.get("kind").asText()).isEqualTo("CONTENT_BLOCKED");
    assertThat(error.get("exitCode").asInt()).isEqualTo(3);
    assertThat(error.get("message").asText()).contains("IMAGE_SAFETY");
    assertThat(run.err()).as(run.describe()).isEmpty();
  }

  @Test
  void partialFailureKeepsTheImagesAndExitsWithTheFailure(FakeGemini fake, @TempDir Path dir) {
    fake.enqueue(FakeReply.imageSafety());
    CliRun run = Cli.against(fake, dir).run("generate", "something", "-n", "2", "--json");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BLOCKED);
    JsonNode json = run.json();
    assertThat(json.get("images")).as(run.describe()).hasSize(1);
    assertThat(Path.of(json.at("/images/0/path").asText())).exists();
    assertThat(json.get("failures")).hasSize(1);
    assertThat(json.at("/failures/0/kind").asText()).isEqualTo("CONTENT_BLOCKED");
  }

  @Test
  void syntaxErrorsExitTwoWithAPointerToHelp(@TempDir Path dir) {
    CliRun run = new Cli(dir).run("generate", "--count", "many", "x");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).contains("darkroom: ").contains("'many'")
        .contains("try 'darkroom generate --help'");
  }

  @Test
  void unknownOptionsExitTwoAndPrintJsonUnderJson(@TempDir Path dir) {
    CliRun run = new Cli(dir).run("generate", "x", "--bogus", "--json");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.json().at("/error/kind").asText()).isEqualTo("INVALID_REQUEST");
    assertThat(run.err()).as(run.describe()).contains("--bogus");
  }

  @Test
  void unexpectedErrorsHideTheStackTraceUnlessVerbose(FakeGemini fake, @TempDir Path dir) throws Exception {
    Path blocker = dir.resolve("out");
    java.nio.file.Files.writeString(blocker, "a file where the output directory should be");
    CliRun quiet = Cli.against(fake, dir).run("generate", "x", "--output-dir", "out");
    CliRun verbose = Cli.against(fake, dir).run("--verbose", "generate", "x", "--output-dir", "out");

    assertThat(quiet.exitCode()).as(quiet.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(quiet.err()).as(quiet.describe()).doesNotContain("\tat ");
    assertThat(verbose.err()).as(verbose.describe()).contains("\tat ");
    assertThat(fake.requestCount()).isZero();
  }
}
