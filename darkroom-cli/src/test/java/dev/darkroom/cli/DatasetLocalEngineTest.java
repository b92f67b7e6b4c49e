package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.testkit.FakeA1111;
import dev.darkroom.testkit.FakeA1111Extension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The README's "wrong LoRA" workflow on a local engine: bad images from A1111, then a kohya folder. */
@ExtendWith(FakeA1111Extension.class)
class DatasetLocalEngineTest {

  @Test
  void badImagesFromA1111BecomeAKohyaFolder(FakeA1111 a1111, @TempDir Path dir) throws Exception {
    Cli cli = new Cli(dir);
    cli.env.put("DARKROOM_A1111_URL", a1111.baseUrl());
    CliRun made = cli.run("generate", "-m", "a1111:sd_xl_base_1.0", "a blurry, smudged photo, bad hands",
        "--size", "1024x1024", "-n", "3", "--output-dir", "bad");
    assertThat(made.exitCode()).as(made.describe()).isZero();
    String run = cli.run("history", "--json", "-n", "1").json().get(0).get("runId").asText();

    CliRun export = cli.run("dataset", "export", "--run", run, "--name", "wrong", "--repeats", "10", "--trigger", "wrong",
        "--min-size", "512", "-o", "train", "--json");

    assertThat(export.exitCode()).as(export.describe()).isZero();
    JsonNode s = export.json();
    assertThat(s.get("exported").asInt()).as(export.describe()).isEqualTo(3);
    assertThat(s.get("buckets").get("1024x1024").asInt()).isEqualTo(3);
    assertThat(Files.readString(dir.resolve("train/10_wrong/0001.txt"))).isEqualTo("wrong, a blurry, smudged photo, bad hands");
  }
}
