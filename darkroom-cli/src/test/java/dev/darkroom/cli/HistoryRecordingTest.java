package dev.darkroom.cli;

import static dev.darkroom.cli.HistoryCommandTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Where and whether {@code generate} records, and what happens when the history file is unusable. */
@ExtendWith(FakeGeminiExtension.class)
class HistoryRecordingTest {
  static final String KEY = "fake-key-darkroom-cli-history-93b1c0de5a";

  @TempDir Path dir;

  @Test
  void noHistoryAndDryRunWriteNoDatabase(FakeGemini fake) {
    Cli cli = Cli.against(fake, dir);

    ok(cli.run("generate", "a fox", "--no-history"));
    ok(cli.run("generate", "a fox", "--dry-run"));

    assertThat(fake.requestCount()).isEqualTo(1);
    assertThat(cli.home).doesNotExist();
  }

  @Test
  void environmentVariableChoosesTheHome(FakeGemini fake) {
    Cli cli = Cli.against(fake, dir);
    cli.env.put("DARKROOM_HOME", "state/darkroom");

    ok(cli.run("generate", "a fox"));

    assertThat(dir.resolve("state/darkroom/history.db")).exists();
    assertThat(cli.historyDb()).doesNotExist();
  }

  @Test
  void corruptDatabaseStopsGenerationWithOneClearLineUnlessNoHistory(FakeGemini fake) throws Exception {
    Cli cli = Cli.against(fake, dir);
    Files.createDirectories(cli.home);
    byte[] junk = new byte[8192];
    new Random(42).nextBytes(junk);
    Files.write(cli.historyDb(), junk);

    CliRun refused = cli.run("generate", "a fox");
    CliRun json = cli.run("generate", "a fox", "--json");
    CliRun listing = cli.run("history");
    CliRun without = cli.run("generate", "a fox", "--no-history");

    assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err().lines()).as(refused.describe()).hasSize(1);
    assertThat(refused.err()).startsWith("darkroom: history database " + cli.historyDb())
        .contains("mv " + cli.historyDb() + " ").contains("--no-history");
    assertThat(json.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(json.json().at("/error/kind").asText()).isEqualTo("HISTORY");
    assertThat(listing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(listing.err()).as(listing.describe()).startsWith("darkroom: history database " + cli.historyDb())
        .contains("mv " + cli.historyDb() + " ").doesNotContain("--no-history");
    assertThat(without.exitCode()).as(without.describe()).isZero();
    assertThat(fake.requestCount()).isEqualTo(1);
    assertThat(Files.readAllBytes(cli.historyDb())).as("the damaged file is left alone").isEqualTo(junk);
  }

  @Test
  void theApiKeyNeverReachesTheHistory(FakeGemini fake) throws Exception {
    fake.apiKey(KEY);
    Cli cli = Cli.against(fake, dir);
    cli.env.put("GEMINI_API_KEY", KEY);

    ok(cli.run("generate", "a fox", "-n", "2"));
    ok(cli.run("generate", "a hare", "--api-key", KEY));
    assertThat(cli.run("generate", "a lynx", "--api-key", KEY + "-wrong").exitCode()).isEqualTo(ExitCodes.AUTH);
    String listing = ok(cli.run("history", "--json")).out();

    assertThat(listing).contains("a lynx").doesNotContain(KEY);
    try (Stream<Path> files = Files.list(cli.home)) {
      for (Path file : files.toList()) {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain(KEY);
        assertThat(new String(bytes, StandardCharsets.UTF_16LE)).as(file.toString()).doesNotContain(KEY);
      }
    }
    assertThat(new String(Files.readAllBytes(cli.historyDb()), StandardCharsets.ISO_8859_1)).contains("a hare");
  }
}
