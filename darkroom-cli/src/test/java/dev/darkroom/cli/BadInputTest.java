package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every invalid request exits 2 with one line naming the bad value, and sends nothing. */
@ExtendWith(FakeGeminiExtension.class)
class BadInputTest {
  @TempDir Path dir;

  @BeforeEach
  void files() throws Exception {
    for (String name : new String[] {"a.png", "b.png", "c.png", "d.png"}) {
      TestImages.png(dir.resolve(name), 16, 16);
    }
    Files.writeString(dir.resolve("notes.txt"), "not an image");
    Files.writeString(dir.resolve("blocker"), "a file, not a directory");
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of(new String[] {"x", "-m", "nope"}, "unknown model 'nope'"),
        Arguments.of(new String[] {"x", "-m", "gemini-3-pro-image-preview"}, "was shut down"),
        Arguments.of(new String[] {"x", "-a", "7:3"}, "aspect ratio '7:3' is not supported"),
        Arguments.of(new String[] {"x", "-m", "gemini-3-pro-image", "-s", "512"}, "image size '512' is not supported"),
        Arguments.of(new String[] {"x", "-m", "gemini-2.5-flash-image", "--system-prompt", "be terse"}, "a system prompt is not supported"),
        Arguments.of(new String[] {"x", "-m", "gemini-2.5-flash-image", "--thinking", "high"}, "thinking is not supported"),
        Arguments.of(new String[] {"x", "--thinking", "deep"}, "invalid thinking level 'deep'"),
        Arguments.of(new String[] {"x", "-m", "gemini-2.5-flash-image", "-i", "a.png", "-i", "b.png", "-i", "c.png", "-i", "d.png"}, "4 input images is too many"),
        Arguments.of(new String[] {"x", "-i", "missing.png"}, "missing.png does not exist"),
        Arguments.of(new String[] {"x", "-i", "notes.txt"}, "notes.txt is not an image"),
        Arguments.of(new String[] {"x", "-i", "http://127.0.0.1:1/ref.png"}, "http://127.0.0.1:1/ref.png is unreachable"),
        Arguments.of(new String[] {"x", "-i", "refs/*.png"}, "no files match -i 'refs/*.png'"),
        Arguments.of(new String[] {}, "nothing to generate from"),
        Arguments.of(new String[] {"--prompt-file", "brief.md"}, "prompt file brief.md does not exist"),
        Arguments.of(new String[] {"x", "--prompt-file", "notes.txt"}, "not both"),
        Arguments.of(new String[] {"a {x} and {y}", "--var", "x=1"}, "{y} but no --var y"),
        Arguments.of(new String[] {"a {x}", "--var", "x=1", "--var", "z=2"}, "--var z is not used"),
        Arguments.of(new String[] {"a {x}", "--var", "x=@nowhere.txt"}, "nowhere.txt does not exist"),
        Arguments.of(new String[] {"a {x}", "--var", "x"}, "invalid --var 'x'"),
        Arguments.of(new String[] {"x", "--grid", "2by2"}, "invalid grid '2by2'"),
        Arguments.of(new String[] {"x", "--output-dir", "blocker"}, "exists but is a file"),
        Arguments.of(new String[] {"x", "-o", "fox.gif"}, "unknown extension '.gif'"),
        Arguments.of(new String[] {"x", "-o", "fox.png", "--format", "jpeg"}, "--format jpeg conflicts with -o fox.png"),
        Arguments.of(new String[] {"x", "--format", "bmp"}, "invalid --format 'bmp'"),
        Arguments.of(new String[] {"x", "--safety", "violence=block_none"}, "invalid safety category 'violence'"),
        Arguments.of(new String[] {"x", "-n", "0"}, "image count 0 is out of range"),
        Arguments.of(new String[] {"x", "--temperature", "3"}, "temperature 3.0 is out of range"),
        Arguments.of(new String[] {"x", "--timeout", "0"}, "timeout must be positive"),
        Arguments.of(new String[] {"x", "--models-file", "models.json"}, "model table models.json does not exist"));
  }

  @ParameterizedTest
  @MethodSource("badRequests")
  void exitsTwoNamingTheProblemAndSendsNothing(String[] args, String expected, FakeGemini fake) {
    String[] command = Stream.concat(Stream.of("generate"), Stream.of(args)).toArray(String[]::new);
    CliRun run = Cli.against(fake, dir).run(command);

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).startsWith("darkroom: ").contains(expected);
    assertThat(run.err().lines()).as(run.describe()).hasSize(1);
    assertThat(run.out()).as(run.describe()).isEmpty();
    assertThat(fake.requestCount()).as(run.describe()).isZero();
  }

  @Test
  void missingApiKeyExitsTwoAndSendsNothing(FakeGemini fake) {
    Cli cli = new Cli(dir);
    cli.env.put("GOOGLE_GEMINI_BASE_URL", fake.baseUrl());
    CliRun run = cli.run("generate", "a fox");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).startsWith("darkroom: no API key").contains("GEMINI_API_KEY");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void unknownDefaultModelInTheEnvironmentIsNamed(FakeGemini fake) {
    Cli cli = Cli.against(fake, dir);
    cli.env.put("DARKROOM_MODEL", "gemini-9");
    CliRun run = cli.run("generate", "a fox");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).startsWith("darkroom: DARKROOM_MODEL: unknown model 'gemini-9'");
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void invalidRequestsUnderJsonPrintAJsonError(FakeGemini fake) {
    CliRun run = Cli.against(fake, dir).run("generate", "x", "-a", "7:3", "--json");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.json().at("/error/kind").asText()).isEqualTo("INVALID_REQUEST");
    assertThat(run.json().at("/error/exitCode").asInt()).isEqualTo(2);
    assertThat(run.json().at("/error/message").asText()).contains("7:3");
    assertThat(fake.requestCount()).isZero();
  }
}
