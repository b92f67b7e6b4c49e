package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeOpenAI;
import dev.darkroom.testkit.FakeOpenAIExtension;
import dev.darkroom.testkit.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history database and images written by the build before the provider SPI redesign (commit
 * ee99392) still read back exactly with today's code: every row is listed, each row shows the same
 * prompt, model, seed and options, a dry re-run rebuilds byte for byte the request body that build
 * printed for its own dry run, {@code inspect} shows the images' provenance as that build did, and
 * {@code cost} sums what the rows recorded. The fixtures, what the old build printed about them and
 * the exact commands that made them are in {@code src/test/resources/compat/v0.1-pre-spi}
 * (README.txt there).
 *
 * <p><b>Recorded paths.</b> The old build stored absolute paths under {@code /tmp/darkroom-compat/}
 * (the reference image of #1 in {@code in/}, the outputs in {@code out/}). Read-only commands
 * ({@code history}, {@code history show}, {@code cost}) run on a byte-for-byte copy of the database,
 * so the files it names are simply missing on this machine. A re-run must read the reference image
 * at its recorded path; rather than writing into that fixed, shared {@code /tmp} location (which
 * other runs and users may hold), a second copy of the database has that one directory prefix
 * replaced by the temporary fixture directory, in {@code request_json} and {@code output_file.path}
 * only, exactly what the user would see after moving the folder. The test checks how many rows that
 * touched, leaves the JSON's format (format 1, options as top-level fields) as written, and the
 * SHA-256 recorded for the input still proves the same bytes are sent. The old build's dry-run
 * output is compared after the same replacement.
 */
@ExtendWith({FakeGeminiExtension.class, FakeOpenAIExtension.class})
class OldHistoryCompatibilityTest {
  private static final String FIXTURES = "/compat/v0.1-pre-spi";
  private static final String RECORDED_ROOT = "/tmp/darkroom-compat/";

  @TempDir Path dir;
  /** The fixture tree: home/history.db (untouched), in/, out/, old-output/. */
  Path fixture;
  /** A copy of the database whose recorded paths point into {@link #fixture}. */
  Path movedHome;

  @BeforeEach
  void copyFixtures() throws Exception {
    fixture = dir.resolve("fixture");
    copyTree(Path.of(OldHistoryCompatibilityTest.class.getResource(FIXTURES).toURI()), fixture);
    movedHome = dir.resolve("moved-home");
    Files.createDirectories(movedHome);
    Files.copy(fixture.resolve("home/history.db"), movedHome.resolve("history.db"));
    String newRoot = fixture.toAbsolutePath() + "/";
    assertThat(newRoot).as("a path that needs no JSON escaping").doesNotContain("\"", "\\");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + movedHome.resolve("history.db"))) {
      assertThat(replacePrefix(c, "generation", "request_json", newRoot)).as("rows with a reference image").isEqualTo(1);
      assertThat(replacePrefix(c, "output_file", "path", newRoot)).as("saved files").isEqualTo(7);
    }
  }

  @Test
  void theFixtureIsWhatTheOldBuildWrote() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fixture.resolve("home/history.db"));
        ResultSet rs = c.createStatement().executeQuery("SELECT request_json FROM generation ORDER BY id")) {
      List<JsonNode> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(Json.MAPPER.readTree(rs.getString(1)));
      }
      assertThat(rows).hasSize(4).allSatisfy(r -> {
        assertThat(r.get("format").asInt()).isEqualTo(1);
        assertThat(r.has("options")).isFalse();
      });
      assertThat(rows.get(0).get("systemPrompt").asText()).isEqualTo("You are a careful landscape painter.");
      assertThat(rows.get(1).get("quality").asText()).isEqualTo("high");
    }
    assertThat(fixture.resolve("home/history.db-wal")).doesNotExist();
  }

  @Test
  void historyListsEveryRow() throws IOException {
    Cli cli = cli(fixture.resolve("home"));
    CliRun table = ok(cli.run("history"));
    JsonNode rows = ok(cli.run("history", "--json")).json();
    JsonNode old = oldOutput("history.json");

    assertThat(table.out().lines().skip(1).map(l -> l.split("\\s+")[0]).toList()).containsExactly("4", "3", "2", "1");
    assertThat(table.out()).contains("lighthouse.png", "teapot.webp", "oak.png +4", "blocked");
    assertThat(rows).hasSize(4);
    for (int i = 0; i < 4; i++) {
      for (String field : List.of("id", "runId", "startedAt", "status", "provider", "model", "reason", "costUsd",
          "usage", "errorKind")) {
        assertThat(rows.get(i).get(field)).as("row %d %s", i, field).isEqualTo(old.get(i).get(field));
      }
      assertThat(paths(rows.get(i).get("files"))).isEqualTo(paths(old.get(i).get("files")));
    }
  }

  @Test
  void historyShowGivesTheSamePromptModelSeedAndOptions() throws IOException {
    Cli cli = cli(fixture.resolve("home"));
    for (int id = 1; id <= 4; id++) {
      JsonNode now = ok(cli.run("history", "show", String.valueOf(id), "--json")).json();
      JsonNode old = oldOutput("history-show-" + id + ".json");
      for (String field : List.of("id", "runId", "callIndex", "startedAt", "finishedAt", "status", "provider", "model",
          "modelVersion", "reason", "modelText", "responseId", "usage", "costUsd", "attempts")) {
        assertThat(now.get(field)).as("#%d %s", id, field).isEqualTo(old.get(field));
      }
      JsonNode request = now.get("request");
      for (String field : List.of("model", "prompt", "aspectRatio", "imageSize", "effectiveImageSize", "seed", "count",
          "grid", "inputs", "maxInputSide")) {
        assertThat(request.get(field)).as("#%d request.%s", id, field).isEqualTo(old.get("request").get(field));
      }
      for (int f = 0; f < old.get("files").size(); f++) {
        for (String field : List.of("kind", "path", "sha256", "mimeType", "width", "height")) {
          assertThat(now.get("files").get(f).get(field)).isEqualTo(old.get("files").get(f).get(field));
        }
      }
    }
    JsonNode lighthouse = ok(cli.run("history", "show", "1", "--json")).json().get("request");
    assertThat(lighthouse.get("seed").isIntegralNumber()).as("a number, as before").isTrue();
    assertThat(fieldNames(lighthouse.get("options"))).as("in the provider's order, every run")
        .containsExactly("systemPrompt", "temperature", "thinkingLevel");
    assertThat(lighthouse.at("/options/systemPrompt").asText()).isEqualTo("You are a careful landscape painter.");
    assertThat(lighthouse.at("/options/temperature").doubleValue()).isEqualTo(0.5);
    assertThat(lighthouse.at("/options/thinkingLevel").asText()).isEqualTo("HIGH");
    JsonNode teapot = ok(cli.run("history", "show", "2", "--json")).json().get("request");
    assertThat(teapot.get("size").asText()).isEqualTo("1024x1024");
    assertThat(Json.MAPPER.convertValue(teapot.get("options"), Map.class))
        .isEqualTo(Map.of("quality", "high", "background", "transparent", "outputFormat", "webp"));
    for (String id : List.of("3", "4")) {
      JsonNode request = ok(cli.run("history", "show", id, "--json")).json().get("request");
      assertThat(request.get("options")).as("#%s set no option; the old false/empty fields are not options", id)
          .isEmpty();
    }
    CliRun text = ok(cli.run("history", "show", "1"));
    assertThat(text.out()).contains("a lighthouse on a cliff at dusk", "You are a careful landscape painter.",
        "temperature=0.5", "seed:          7");
  }

  @Test
  void dryRerunRebuildsTheRequestThatWasSent() throws IOException {
    Cli cli = cli(movedHome);
    for (int id = 1; id <= 4; id++) {
      JsonNode now = ok(cli.run("rerun", String.valueOf(id), "--dry-run", "--json")).json();
      JsonNode old = oldOutput("rerun-" + id + "-dry-run.json");
      for (String field : List.of("method", "endpoint", "body", "model", "count")) {
        assertThat(now.get(field)).as("#%d %s", id, field).isEqualTo(old.get(field));
      }
    }
    JsonNode gemini = ok(cli.run("rerun", "1", "--dry-run", "--json")).json().get("body");
    assertThat(gemini.at("/systemInstruction/parts/0/text").asText()).isEqualTo("You are a careful landscape painter.");
    assertThat(gemini.at("/generationConfig/thinkingConfig/thinkingLevel").asText()).isEqualTo("HIGH");
    assertThat(gemini.at("/generationConfig/temperature").doubleValue()).isEqualTo(0.5);
    assertThat(gemini.at("/generationConfig/seed").asInt()).isEqualTo(7);
    assertThat(gemini.at("/generationConfig/imageConfig/aspectRatio").asText()).isEqualTo("16:9");
    assertThat(gemini.at("/generationConfig/imageConfig/imageSize").asText()).isEqualTo("1K");
    assertThat(gemini.at("/contents/0/parts/0/inlineData/data").asText()).contains("6321 bytes", "sha256 cbf6b317b15a");
    JsonNode openai = ok(cli.run("rerun", "2", "--dry-run", "--json")).json().get("body");
    assertThat(openai.get("quality").asText()).isEqualTo("high");
    assertThat(openai.get("background").asText()).isEqualTo("transparent");
    assertThat(openai.get("output_format").asText()).isEqualTo("webp");
    assertThat(openai.get("size").asText()).isEqualTo("1024x1024");
    JsonNode grid = ok(cli.run("rerun", "3", "--dry-run", "--json")).json().get("body");
    assertThat(grid.at("/generationConfig/seed").asInt()).isEqualTo(42);
  }

  @Test
  void rerunSendsTheSameRequestAndRecordsTheSameOptions(FakeGemini gemini, FakeOpenAI openai) throws Exception {
    Cli cli = cli(movedHome);
    cli.env.put("GEMINI_API_KEY", FakeGemini.DEFAULT_API_KEY);
    cli.env.put("GOOGLE_GEMINI_BASE_URL", gemini.baseUrl());
    cli.env.put("OPENAI_API_KEY", FakeOpenAI.DEFAULT_API_KEY);
    cli.env.put("OPENAI_BASE_URL", openai.baseUrl());

    ok(cli.run("rerun", "1", "-o", "lighthouse-again.png"));
    ok(cli.run("rerun", "2", "-o", "teapot-again.webp"));

    RecordedRequest sent = gemini.takeRequest();
    JsonNode expected = oldOutput("rerun-1-dry-run.json").get("body").deepCopy();
    JsonNode image = sent.json().at("/contents/0/parts/0/inlineData/data");
    assertThat(Base64.getDecoder().decode(image.asText())).as("the reference image, unchanged")
        .isEqualTo(Files.readAllBytes(fixture.resolve("in/ref.png")));
    ((ObjectNode) expected.at("/contents/0/parts/0/inlineData")).put("data", image.asText());
    assertThat(sent.json()).isEqualTo(expected);
    assertThat(openai.takeRequest().json()).isEqualTo(oldOutput("rerun-2-dry-run.json").get("body"));
    JsonNode again = ok(cli.run("history", "show", "5", "--json")).json();
    JsonNode first = ok(cli.run("history", "show", "1", "--json")).json();
    assertThat(again.at("/request/options")).isEqualTo(first.at("/request/options"));
    assertThat(again.at("/request/seed")).isEqualTo(first.at("/request/seed"));
    assertThat(ok(cli.run("history", "show", "6", "--json")).json().at("/request/options"))
        .isEqualTo(ok(cli.run("history", "show", "2", "--json")).json().at("/request/options"));
  }

  @Test
  void inspectShowsTheOldProvenance() throws IOException {
    Cli cli = cli(fixture.resolve("home"));
    for (String name : List.of("lighthouse", "teapot", "oak", "oak-r1c1")) {
      String file = name.equals("teapot") ? "teapot.webp" : name + ".png";
      JsonNode now = ok(cli.run("inspect", fixture.resolve("out").resolve(file).toString(), "--json")).json();
      assertContains(oldOutput("inspect-" + name + ".json"), now, file);
    }
    try (Stream<Path> images = Files.list(fixture.resolve("out"))) {
      for (Path image : images.toList()) {
        CliRun run = ok(cli.run("inspect", image.toString()));
        assertThat(run.out()).as(image.toString()).contains("prompt:");
      }
    }
    CliRun lighthouse = ok(cli.run("inspect", fixture.resolve("out/lighthouse.png").toString()));
    assertThat(lighthouse.out()).contains("You are a careful landscape painter.", "gemini-3-pro-image",
        "cbf6b317b15a658df934b50d3154ec03a6483d0154eb75c4c4fac22dd9903b66");
  }

  @Test
  void costSumsWhatTheOldRowsRecorded() throws IOException {
    JsonNode now = ok(cli(fixture.resolve("home")).run("cost", "--json")).json();
    JsonNode old = oldOutput("cost.json");

    assertThat(now.get("total")).isEqualTo(old.get("total"));
    assertThat(now.at("/total/all/costUsd").decimalValue()).isEqualByComparingTo("0.383033");
    assertThat(now.at("/total/blocked/count").asInt()).isEqualTo(1);
  }

  private Cli cli(Path home) {
    Cli cli = new Cli(fixture.resolve("out"));
    cli.env.put("DARKROOM_HOME", home.toString());
    return cli;
  }

  private JsonNode oldOutput(String name) throws IOException {
    String text = Files.readString(fixture.resolve("old-output").resolve(name), StandardCharsets.UTF_8);
    if (name.startsWith("rerun-")) {
      // The dry runs name the reference image by its recorded path; the re-runs here read the moved copy.
      text = text.replace(RECORDED_ROOT, fixture.toAbsolutePath() + "/");
    }
    return Json.MAPPER.readTree(text);
  }

  /** Replaces the recorded root at the start of paths in one column; returns the number of rows changed. */
  private static int replacePrefix(Connection c, String table, String column, String newRoot) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET " + column + " = replace(" + column
        + ", ?, ?) WHERE instr(" + column + ", ?) > 0")) {
      s.setString(1, RECORDED_ROOT);
      s.setString(2, newRoot);
      s.setString(3, RECORDED_ROOT);
      return s.executeUpdate();
    }
  }

  /** Every field of {@code expected} is in {@code actual} with the same value (arrays: equal). */
  private static void assertContains(JsonNode expected, JsonNode actual, String where) {
    if (!expected.isObject()) {
      assertThat(actual).as(where).isEqualTo(expected);
      return;
    }
    assertThat(actual.isObject()).as(where).isTrue();
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      assertThat(actual.has(e.getKey())).as(where + "." + e.getKey()).isTrue();
      assertContains(e.getValue(), actual.get(e.getKey()), where + "." + e.getKey());
    }
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> paths(JsonNode files) {
    List<String> paths = new ArrayList<>();
    files.forEach(f -> paths.add(f.get("path").asText() + " " + f.get("sha256").asText()));
    return paths;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static CliRun ok(CliRun run) {
    assertThat(run.exitCode()).as(run.describe()).isZero();
    return run;
  }
}
