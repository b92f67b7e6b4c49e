package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeReply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issue 21 item 6: a blocked call Google says is not charged costs nothing, in history and in 'darkroom cost'. */
@ExtendWith(FakeGeminiExtension.class)
class NotChargedTest {

  private static final String BLOCKED_NOT_CHARGED = """
      {"promptFeedback": {"blockReason": "PROHIBITED_CONTENT",
        "blockReasonMessage": "The prompt was blocked. You will not be charged for this request."},
       "usageMetadata": {"promptTokenCount": 2500, "totalTokenCount": 2500},
       "modelVersion": "gemini-3-pro-image", "responseId": "blocked-1"}
      """;

  @Test
  void aBlockedCallGoogleDoesNotChargeIsRecordedAtZeroAndShownAsNotCharged(FakeGemini fake, @TempDir Path dir) {
    Cli cli = Cli.against(fake, dir);
    fake.enqueue(FakeReply.rawJson(200, BLOCKED_NOT_CHARGED.getBytes(StandardCharsets.UTF_8)));

    CliRun run = cli.run("generate", "something forbidden", "-m", "gemini-3-pro-image");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BLOCKED);
    assertThat(run.err()).as(run.describe()).contains("not charged");
    JsonNode record = cli.run("history", "show", "1", "--json").json();
    assertThat(record.get("costUsd").decimalValue()).isZero();
    CliRun history = cli.run("history");
    assertThat(history.out()).as(history.describe()).contains("not charged");
    JsonNode cost = cli.run("cost", "--json").json();
    assertThat(cost.at("/total/blocked/costUsd").decimalValue()).isZero();
    assertThat(cost.at("/total/all/costUsd").decimalValue()).isZero();
  }

  @Test
  void aBlockedCallWithoutThatNoteStillCostsItsTokens(FakeGemini fake, @TempDir Path dir) {
    Cli cli = Cli.against(fake, dir);
    fake.enqueue(FakeReply.rawJson(200, BLOCKED_NOT_CHARGED.replace(" You will not be charged for this request.", "")
        .getBytes(StandardCharsets.UTF_8)));

    CliRun run = cli.run("generate", "something forbidden", "-m", "gemini-3-pro-image");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BLOCKED);
    assertThat(run.err()).doesNotContain("not charged");
    assertThat(cli.run("history", "show", "1", "--json").json().get("costUsd").decimalValue()).isPositive();
  }
}
