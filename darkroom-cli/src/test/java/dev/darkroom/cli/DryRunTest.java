package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(FakeGeminiExtension.class)
class DryRunTest {

  @Test
  void printsEndpointBodyAndCostWithoutAKeyAndSendsNothing(FakeGemini fake, @TempDir Path dir) {
    TestImages.png(dir.resolve("ref.png"), 64, 48);
    Cli cli = new Cli(dir);
    cli.env.put("GOOGLE_GEMINI_BASE_URL", fake.baseUrl());
    CliRun run = cli.run("generate", "put the logo on a mug", "-i", "ref.png", "-m", "gemini-3-pro-image",
        "-a", "4:3", "-s", "2K", "--seed", "7", "--dry-run");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).as(run.describe())
        .startsWith("POST " + fake.baseUrl() + "/v1beta/models/gemini-3-pro-image:generateContent\n")
        .contains("\"aspectRatio\" : \"4:3\"")
        .contains("\"imageSize\" : \"2K\"")
        .contains("put the logo on a mug")
        .containsPattern("estimated cost: up to \\$0\\.1\\d\\d for 1 image with gemini-3-pro-image");
    assertThat(run.out()).as("image data is elided").hasSizeLessThan(3000);
    assertThat(fake.requestCount()).isZero();
    assertThat(dir.resolve("put-the-logo-on-a-mug.jpg")).doesNotExist();
  }

  @Test
  void jsonDryRunNeverContainsTheKey(FakeGemini fake, @TempDir Path dir) {
    CliRun run = Cli.against(fake, dir).run("generate", "a fox", "-n", "2", "--dry-run", "--json");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("dryRun").asBoolean()).isTrue();
    assertThat(json.get("endpoint").asText()).endsWith(":generateContent");
    assertThat(json.at("/body/contents/0/parts/0/text").asText()).isEqualTo("a fox");
    assertThat(json.get("count").asInt()).isEqualTo(2);
    assertThat(json.get("estimatedCostUsd").isNumber()).isTrue();
    assertThat(run.out()).doesNotContain(FakeGemini.DEFAULT_API_KEY);
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void dryRunStillValidates(FakeGemini fake, @TempDir Path dir) {
    CliRun run = Cli.against(fake, dir).run("generate", "a fox", "-a", "7:3", "--dry-run");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(fake.requestCount()).isZero();
  }
}
