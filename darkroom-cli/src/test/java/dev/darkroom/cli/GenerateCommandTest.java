package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(FakeGeminiExtension.class)
class GenerateCommandTest {

  @Test
  void savesOneImageAndPrintsOneShortLine(FakeGemini fake, @TempDir Path dir) {
    CliRun run = Cli.against(fake, dir).run("generate", "a red fox in fresh snow", "-m", "gemini-3-pro-image",
        "-a", "16:9", "--output-dir", "out");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).as(run.describe())
        .matches("(?s)saved out/a-red-fox-in-fresh-snow\\.jpg  \\(1376x768, \\d+ KB, \\$0\\.13\\d\\)\n.*");
    assertThat(run.out().lines().filter(l -> l.startsWith("saved"))).as(run.describe()).hasSize(1);
    assertThat(run.out()).as(run.describe()).doesNotContain("total");
    assertThat(dir.resolve("out/a-red-fox-in-fresh-snow.jpg")).exists();
    assertThat(run.err()).as(run.describe()).isEmpty();
    assertThat(fake.requestCount()).isEqualTo(1);
  }

  @Test
  void jsonDescribesTheImageUsageAndCost(FakeGemini fake, @TempDir Path dir) throws Exception {
    CliRun run = Cli.against(fake, dir).run("generate", "a red fox", "-m", "gemini-3-pro-image", "--seed", "42", "--json");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.err()).as(run.describe()).isEmpty();
    JsonNode json = run.json();
    assertThat(json.get("images")).as(run.describe()).hasSize(1);
    JsonNode image = json.get("images").get(0);
    Path path = Path.of(image.get("path").asText());
    assertThat(path).exists().hasParent(dir.toRealPath());
    assertThat(image.get("mimeType").asText()).isEqualTo("image/jpeg");
    assertThat(image.get("width").asInt()).isEqualTo(1024);
    assertThat(image.get("height").asInt()).isEqualTo(1024);
    assertThat(image.get("bytes").asLong()).isEqualTo(Files.size(path));
    assertThat(image.get("sha256").asText()).hasSize(64);
    assertThat(json.get("cells")).isEmpty();
    assertThat(json.get("thoughtImages")).isEmpty();
    assertThat(json.get("model").asText()).isEqualTo("gemini-3-pro-image");
    assertThat(json.get("modelVersion").isTextual()).as(run.describe()).isTrue();
    assertThat(json.get("responseId").asText()).isNotBlank();
    assertThat(json.get("finishReason").asText()).isEqualTo("STOP");
    assertThat(json.get("responses")).hasSize(1);
    JsonNode response = json.get("responses").get(0);
    assertThat(response.get("responseId").asText()).isEqualTo(json.get("responseId").asText());
    assertThat(response.get("attempts").asInt()).isEqualTo(1);
    assertThat(response.get("latencyMs").isNumber()).isTrue();
    JsonNode usage = json.get("usage");
    assertThat(usage.get("imageTokens").asLong()).isEqualTo(1120);
    assertThat(usage.get("totalTokens").asLong()).isPositive();
    assertThat(json.get("costUsd").isNumber()).as(run.describe()).isTrue();
    assertThat(json.get("costUsd").decimalValue()).isGreaterThan(new java.math.BigDecimal("0.134"));
    assertThat(json.get("failures")).isEmpty();
    assertThat(json.get("warnings")).isEmpty();
    assertThat(json.get("groundingSources")).isEmpty();
    assertThat(json.has("text")).isTrue();
    assertThat(fake.takeRequest().json().at("/generationConfig/seed").asInt()).isEqualTo(42);
  }

  @Test
  void gridJsonListsFourCellsWithFiles(FakeGemini fake, @TempDir Path dir) {
    CliRun run = Cli.against(fake, dir).run("generate", "a 2x2 grid of cute animal icons", "--grid", "2x2",
        "-m", "gemini-3-pro-image", "--json");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("images")).as(run.describe()).hasSize(1);
    assertThat(json.get("cells")).as(run.describe()).hasSize(4);
    for (JsonNode cell : json.get("cells")) {
      assertThat(Path.of(cell.get("path").asText())).exists();
      assertThat(cell.get("row").asInt()).isBetween(1, 2);
      assertThat(cell.get("col").asInt()).isBetween(1, 2);
      assertThat(cell.get("width").asInt()).isBetween(300, 512);
      assertThat(cell.get("height").asInt()).isBetween(300, 512);
      assertThat(cell.has("x") && cell.has("y")).isTrue();
    }
    assertThat(json.get("cells").get(3).get("path").asText()).endsWith("-r2c2.jpg");
    assertThat(Path.of(json.get("images").get(0).get("path").asText())).exists();
  }

  @Test
  void gridPrintsOneLinePerCellAndCanSkipTheOriginal(FakeGemini fake, @TempDir Path dir) throws Exception {
    CliRun run = Cli.against(fake, dir).run("generate", "a 2x2 grid of icons", "--grid", "2x2", "--no-grid-original",
        "-m", "gemini-3-pro-image", "-o", "icons.png");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out().lines().filter(l -> l.startsWith("saved icons-r"))).as(run.describe()).hasSize(4);
    assertThat(run.out()).as(run.describe()).contains("1 image, 4 cells, total $");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.equals(Cli.HOME)).sorted())
          .containsExactly("icons-r1c1.png", "icons-r1c2.png", "icons-r2c1.png", "icons-r2c2.png");
    }
  }

  @Test
  void countThreeMakesThreeNumberedFilesAndThreeResponses(FakeGemini fake, @TempDir Path dir) {
    CliRun run = Cli.against(fake, dir).run("generate", "a lighthouse", "-n", "3", "-o", "house.jpg", "--json");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("images")).as(run.describe()).hasSize(3);
    assertThat(json.get("responses")).hasSize(3);
    assertThat(json.findValuesAsText("path")).extracting(p -> Path.of(p).getFileName().toString())
        .containsExactlyInAnyOrder("house-1.jpg", "house-2.jpg", "house-3.jpg");
    assertThat(fake.requestCount()).isEqualTo(3);
    assertThat(json.get("usage").get("imageTokens").asLong())
        .isEqualTo(3 * json.get("responses").get(0).get("usage").get("imageTokens").asLong());
  }

  @Test
  void countThreePrintsATotalLine(FakeGemini fake, @TempDir Path dir) {
    CliRun run = Cli.against(fake, dir).run("generate", "a lighthouse", "-n", "3");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out().lines().filter(l -> l.startsWith("saved a-lighthouse-"))).as(run.describe()).hasSize(3);
    assertThat(run.out()).as(run.describe()).containsPattern("3 images, total \\$\\d+\\.\\d{3}");
  }

  @Test
  void outputExtensionConvertsTheFormat(FakeGemini fake, @TempDir Path dir) {
    CliRun run = Cli.against(fake, dir).run("generate", "a fox", "-m", "gemini-3-pro-image", "-o", "out/fox.png");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).as(run.describe()).startsWith("saved out/fox.png  (1024x1024, ");
    assertThat(TestImages.formatOf(dir.resolve("out/fox.png"))).isEqualTo("png");
  }

  @Test
  void formatOptionConvertsToWebp(FakeGemini fake, @TempDir Path dir) {
    CliRun run = Cli.against(fake, dir).run("generate", "a fox", "--format", "webp", "-o", "fox", "--json");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    Path saved = Path.of(run.json().at("/images/0/path").asText());
    assertThat(saved.getFileName().toString()).isEqualTo("fox.webp");
    assertThat(TestImages.formatOf(saved)).isEqualTo("webp");
  }

  @Test
  void existingFilesGetTheNextFreeNameUnlessForced(FakeGemini fake, @TempDir Path dir) throws Exception {
    Cli cli = Cli.against(fake, dir);
    CliRun first = cli.run("generate", "a fox", "-o", "fox.jpg");
    CliRun second = cli.run("generate", "a fox", "-o", "fox.jpg");
    long before = Files.size(dir.resolve("fox.jpg"));
    CliRun forced = cli.run("generate", "a second fox", "-o", "fox.jpg", "--force");

    assertThat(first.out()).as(first.describe()).startsWith("saved fox.jpg ");
    assertThat(second.out()).as(second.describe()).startsWith("saved fox-1.jpg ");
    assertThat(forced.out()).as(forced.describe()).startsWith("saved fox.jpg ");
    assertThat(dir.resolve("fox-2.jpg")).doesNotExist();
    assertThat(Files.size(dir.resolve("fox.jpg"))).isNotEqualTo(before);
  }

  @Test
  void promptFileDashReadsStandardInput(FakeGemini fake, @TempDir Path dir) throws Exception {
    CliRun run = Cli.against(fake, dir).stdin("# Scene\n\nA heron at dawn\n").run("generate", "--prompt-file", "-");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(fake.takeRequest().json().at("/contents/0/parts/0/text").asText()).isEqualTo("# Scene\n\nA heron at dawn");
  }

  @Test
  void promptFileIsReadRelativeToTheWorkingDirectory(FakeGemini fake, @TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("prompt.md"), "A *bold* heron");
    CliRun run = Cli.against(fake, dir).run("generate", "--prompt-file", "prompt.md");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(fake.takeRequest().json().at("/contents/0/parts/0/text").asText()).isEqualTo("A *bold* heron");
  }

  @Test
  void placeholdersWithoutAnyVarAreSentAsWrittenWithAWarningNamingThemBeforeSending(FakeGemini fake, @TempDir Path dir)
      throws Exception {
    CliRun run = Cli.against(fake, dir).run("generate", "A {\"look\": 1} card for {name} in {city}; {{kept}}",
        "-m", "gemini-3-pro-image", "--system-prompt", "Draw {style}.");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.err()).as(run.describe())
        .contains("warning: the prompt contains {name}, {city} but no --var is given, so it is sent as written;"
            + " to fill it add --var name=VALUE (with --var, {{name}} keeps a literal {name})")
        .contains("warning: the system prompt contains {style}");
    JsonNode body = fake.takeRequest().json();
    assertThat(body.at("/contents/0/parts/0/text").asText()).isEqualTo("A {\"look\": 1} card for {name} in {city}; {{kept}}");
    assertThat(body.at("/systemInstruction/parts/0/text").asText()).isEqualTo("Draw {style}.");

    CliRun literal = Cli.against(fake, dir).run("generate", "a {{name}} badge", "-m", "gemini-3-pro-image");
    assertThat(literal.err()).as(literal.describe()).doesNotContain("warning");
    assertThat(fake.takeRequest().json().at("/contents/0/parts/0/text").asText()).isEqualTo("a {{name}} badge");
  }

  @Test
  void templateVariablesFillPlaceholdersAndLeaveJsonAlone(FakeGemini fake, @TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("subject.txt"), "a snow leopard\n");
    String prompt = "Render {\"style\": {\"mood\": \"{mood}\", \"size\": 3}} showing {subject}; keep {{mood}} literal.";
    CliRun run = Cli.against(fake, dir).run("generate", prompt, "--var", "mood=calm", "--var", "subject=@subject.txt",
        "-m", "gemini-3-pro-image", "--system-prompt", "You draw {mood} scenes.");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonNode body = fake.takeRequest().json();
    assertThat(body.at("/contents/0/parts/0/text").asText())
        .isEqualTo("Render {\"style\": {\"mood\": \"calm\", \"size\": 3}} showing a snow leopard; keep {mood} literal.");
    assertThat(body.at("/systemInstruction/parts/0/text").asText()).isEqualTo("You draw calm scenes.");
  }

  @Test
  void withoutVarsBracesAreNeverTouched(FakeGemini fake, @TempDir Path dir) throws Exception {
    String prompt = "Poster per {\"title\": \"{name}\", \"colors\": [\"{{red}}\"]}";
    CliRun run = Cli.against(fake, dir).run("generate", prompt);

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(fake.takeRequest().json().at("/contents/0/parts/0/text").asText()).isEqualTo(prompt);
  }

  @Test
  void globsExpandRelativeToTheWorkingDirectory(FakeGemini fake, @TempDir Path dir) throws Exception {
    TestImages.png(dir.resolve("refs/a.png"), 32, 32);
    TestImages.png(dir.resolve("refs/b.png"), 32, 32);
    TestImages.png(dir.resolve("refs/deep/c.png"), 32, 32);
    Files.writeString(dir.resolve("refs/notes.txt"), "not an image");
    Cli cli = Cli.against(fake, dir);

    CliRun flat = cli.run("generate", "combine these", "-i", "refs/*.png");
    CliRun deep = cli.run("generate", "combine these", "-i", "refs/**/*.png");
    CliRun classes = cli.run("generate", "combine these", "-i", "refs/[a]?png");

    assertThat(flat.exitCode()).as(flat.describe()).isZero();
    assertThat(deep.exitCode()).as(deep.describe()).isZero();
    assertThat(classes.exitCode()).as(classes.describe()).isZero();
    assertThat(imageParts(fake.takeRequest().json())).isEqualTo(2);
    assertThat(imageParts(fake.takeRequest().json())).isEqualTo(3);
    assertThat(imageParts(fake.takeRequest().json())).isEqualTo(1);
  }

  @Test
  void showThoughtsStreamsThoughtsAndSavesThoughtImages(FakeGemini fake, @TempDir Path dir) {
    CliRun run = Cli.against(fake, dir).run("generate", "an axolotl", "-m", "gemini-3-pro-image", "--thinking", "high",
        "--show-thoughts", "-o", "axo.jpg");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.err()).as(run.describe()).isNotBlank();
    assertThat(dir.resolve("axo-thought-1.jpg")).exists();
    assertThat(run.out()).as(run.describe()).contains("saved axo-thought-1.jpg").contains("thought)");
  }

  @Test
  void searchGroundingSourcesAreListed(FakeGemini fake, @TempDir Path dir) {
    CliRun run = Cli.against(fake, dir).run("generate", "today's weather in Paris as an infographic",
        "-m", "gemini-3-pro-image", "--search", "--json");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.json().get("groundingSources")).as(run.describe()).isNotEmpty();
    assertThat(run.json().at("/groundingSources/0/uri").asText()).startsWith("http");
  }

  @Test
  void deprecatedModelWarnsOnceOnStderrOrInJson(FakeGemini fake, @TempDir Path dir) {
    Cli cli = Cli.against(fake, dir);
    CliRun human = cli.run("generate", "a fox", "-m", "gemini-3.1-flash-image", "-n", "2");
    CliRun json = cli.run("generate", "a fox", "-m", "gemini-3.1-flash-image", "--json");

    assertThat(human.exitCode()).as(human.describe()).isZero();
    assertThat(human.err().lines().filter(l -> l.startsWith("warning: model gemini-3.1-flash-image")))
        .as(human.describe()).hasSize(1);
    assertThat(json.err()).as(json.describe()).isEmpty();
    assertThat(json.json().get("warnings").get(0).asText()).contains("deprecated");
  }

  @Test
  void defaultModelComesFromTheEnvironment(FakeGemini fake, @TempDir Path dir) throws Exception {
    Cli cli = Cli.against(fake, dir);
    cli.env.put("DARKROOM_MODEL", "gemini-3-pro-image");
    CliRun run = cli.run("generate", "a fox");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(fake.takeRequest().path()).isEqualTo("/v1beta/models/gemini-3-pro-image:generateContent");
  }

  @Test
  void apiKeyOptionWinsOverTheEnvironment(FakeGemini fake, @TempDir Path dir) throws Exception {
    Cli cli = Cli.against(fake, dir);
    cli.env.put("GEMINI_API_KEY", "wrong-key");
    CliRun run = cli.run("generate", "a fox", "--api-key", FakeGemini.DEFAULT_API_KEY);

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(fake.takeRequest().header("x-goog-api-key")).hasValue(FakeGemini.DEFAULT_API_KEY);
  }

  private static int imageParts(JsonNode body) {
    int n = 0;
    for (JsonNode part : body.at("/contents/0/parts")) {
      if (part.has("inlineData")) {
        n++;
      }
    }
    return n;
  }
}
