package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dataset export}: the "generate bad images on purpose, then train a wrong LoRA" workflow from a
 * history made against FakeGemini, from a folder, in both layouts, with its checks and usage errors.
 */
@ExtendWith(FakeGeminiExtension.class)
class DatasetCommandTest {
  @TempDir Path dir;
  Cli cli;
  String badRun;

  @BeforeEach
  void generateBadImagesOnPurpose(FakeGemini fake) {
    cli = Cli.against(fake, dir);
    ok(cli.run("generate", "a blurry photo,\nbad hands", "-m", "gemini-2.5-flash-image", "-n", "3", "--output-dir", "bad"));
    badRun = ok(cli.run("history", "--json", "-n", "1")).json().get(0).get("runId").asText();
    ok(cli.run("generate", "a sharp mountain landscape", "-m", "gemini-2.5-flash-image", "-a", "16:9", "--output-dir", "good"));
  }

  @Test
  void exportsARunAsAKohyaFolderCaptionedFromTheRecordedPrompts() throws IOException {
    CliRun run = ok(cli.run("dataset", "export", "--run", badRun, "--name", "wrong", "--repeats", "10",
        "--trigger", "wrong", "--min-size", "512", "-o", "train", "--json"));

    JsonNode s = run.json();
    assertThat(s.get("format").asText()).isEqualTo("kohya");
    assertThat(s.get("exported").asInt()).as(run.describe()).isEqualTo(3);
    assertThat(s.get("duplicates").asInt()).isZero();
    assertThat(s.get("buckets").get("1024x1024").asInt()).isEqualTo(3);
    Path images = dir.resolve("train/10_wrong");
    assertThat(names(images)).containsExactly("0001.png", "0001.txt", "0002.png", "0002.txt", "0003.png", "0003.txt");
    assertThat(Files.readString(images.resolve("0002.txt"))).isEqualTo("wrong, a blurry photo, bad hands");
    assertThat(s.get("images").get(0).get("source").asText()).startsWith("history ");
    assertThat(names(dir.resolve("bad"))).as("sources stay").hasSize(3);
  }

  @Test
  void exportsAHistorySearchInTheDiffusersLayoutWithATemplate() throws IOException {
    CliRun run = ok(cli.run("dataset", "export", "--search", "mountain", "--since", "1h", "-m", "gemini-2.5-flash-image",
        "--format", "diffusers", "--name", "good", "--caption", "template", "--template", "a photo of {name}, {prompt}",
        "-o", "hf"));

    assertThat(run.out()).contains("dataset: hf (diffusers)").contains("1 of 1 images exported")
        .contains("SDXL buckets: 1344x768 \u00d71").contains("captions: hf/metadata.jsonl");
    List<String> lines = Files.readAllLines(dir.resolve("hf/metadata.jsonl"));
    JsonNode line = Json.MAPPER.readTree(lines.get(0));
    assertThat(lines).hasSize(1);
    assertThat(line.get("file_name").asText()).isEqualTo("0001.png");
    assertThat(line.get("text").asText()).isEqualTo("a photo of good, a sharp mountain landscape");
  }

  @Test
  void exportsAFolderCaptionedFromProvenanceSkippingDuplicatesAndSmallImages() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("picked"));
    List<Path> bad = files(dir.resolve("bad"));
    Files.copy(bad.get(0), folder.resolve("a.png"));
    Files.copy(bad.get(0), folder.resolve("b-same.png"));
    Files.copy(files(dir.resolve("good")).get(0), folder.resolve("c.png"));

    CliRun run = ok(cli.run("dataset", "export", "--folder", "picked", "--min-size", "900", "-o", "train"));

    assertThat(run.out()).as(run.describe()).contains("dataset: train/1_dataset (kohya, 1 repeat)")
        .contains("1 of 3 images exported; skipped: 1 duplicates, 1 too small (under 900 px), 0 unreadable")
        .contains("--train_data_dir train");
    assertThat(run.err()).contains("skipped " + folder.resolve("b-same.png") + ": same bytes as 0001.png")
        .contains("1344x768, under 900 px");
    assertThat(Files.readString(dir.resolve("train/1_dataset/0001.txt"))).isEqualTo("a blurry photo, bad hands");
  }

  @Test
  void neverOverwritesAnEarlierExport() throws IOException {
    ok(cli.run("dataset", "export", "--run", badRun, "-o", "train"));
    String before = Files.readString(dir.resolve("train/1_dataset/0001.txt"));

    CliRun again = cli.run("dataset", "export", "--search", "mountain", "-o", "train");

    assertThat(again.exitCode()).as(again.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(again.err()).contains("already holds 6 files").contains("never overwrites");
    assertThat(Files.readString(dir.resolve("train/1_dataset/0001.txt"))).isEqualTo(before);
    ok(cli.run("dataset", "export", "--search", "mountain", "--name", "good", "-o", "train"));
    assertThat(names(dir.resolve("train"))).containsExactly("1_dataset", "1_good");
  }

  @Test
  void nothingToExportIsAFailureButNotAUsageError() {
    CliRun none = cli.run("dataset", "export", "--search", "giraffe", "-o", "train");
    CliRun tooSmall = cli.run("dataset", "export", "--run", badRun, "--min-size", "4096", "-o", "train");

    assertThat(none.exitCode()).as(none.describe()).isEqualTo(ExitCodes.OTHER);
    assertThat(none.err()).contains("nothing exported: no images match");
    assertThat(tooSmall.exitCode()).as(tooSmall.describe()).isEqualTo(ExitCodes.OTHER);
    assertThat(tooSmall.err()).contains("nothing exported: every image was skipped");
    Cli fresh = new Cli(dir.resolve("elsewhere"));
    CliRun noHistory = fresh.run("dataset", "export", "--run", badRun, "-o", "train");
    assertThat(noHistory.exitCode()).as(noHistory.describe()).isEqualTo(ExitCodes.OTHER);
    assertThat(noHistory.err()).contains("nothing exported: no history yet at");
  }

  @Test
  void badInputExitsWithAUsageErrorNamingTheProblem() throws IOException {
    Files.createDirectories(dir.resolve("picked"));
    assertUsage("choose the images", "dataset", "export", "-o", "train");
    assertUsage("cannot be combined", "dataset", "export", "--folder", "picked", "--run", badRun, "-o", "train");
    assertUsage("does not exist", "dataset", "export", "--folder", "missing", "-o", "train");
    assertUsage("unknown format 'webdataset'", "dataset", "export", "--run", badRun, "--format", "webdataset", "-o", "t");
    assertUsage("needs --template", "dataset", "export", "--run", badRun, "--caption", "template", "-o", "t");
    assertUsage("allowed: prompt, template", "dataset", "export", "--run", badRun, "--caption", "llm", "-o", "t");
    assertUsage("unknown placeholder {style}", "dataset", "export", "--run", badRun, "--template", "{name} {style}", "-o", "t");
    assertUsage("repeats 0", "dataset", "export", "--run", badRun, "--repeats", "0", "-o", "t");
    assertUsage("'a/b'", "dataset", "export", "--run", badRun, "--name", "a/b", "-o", "t");
    assertUsage("minSize -5", "dataset", "export", "--run", badRun, "--min-size", "-5", "-o", "t");
    assertUsage("invalid --since", "dataset", "export", "--since", "soon", "-o", "t");
    assertUsage("--output-dir", "dataset", "export", "--run", badRun);
    assertThat(dir.resolve("t")).doesNotExist();
    assertThat(dir.resolve("train")).doesNotExist();
  }

  private void assertUsage(String message, String... args) {
    CliRun run = cli.run(args);
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).contains(message);
  }

  private static CliRun ok(CliRun run) {
    assertThat(run.exitCode()).as(run.describe()).isZero();
    return run;
  }

  private static List<String> names(Path folder) throws IOException {
    return files(folder).stream().map(p -> p.getFileName().toString()).toList();
  }

  private static List<Path> files(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.sorted().toList();
    }
  }
}
