package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkroom.testkit.FakeComfyUI;
import dev.darkroom.testkit.FakeComfyUIExtension;
import dev.darkroom.testkit.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code --prompt-syntax a1111} on ComfyUI: prompt editing and alternation become staged conditioning. */
@ExtendWith(FakeComfyUIExtension.class)
class ComfyPromptStagesCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "comfyui:sd_xl_base_1.0.safetensors";

  private static Cli cli(FakeComfyUI comfy, Path dir) {
    comfy.recordBodies(true);
    Cli cli = new Cli(dir);
    cli.env.put("DARKROOM_COMFYUI_URL", comfy.baseUrl());
    return cli;
  }

  @Test
  void promptEditingBecomesTwoRangedEncodersWithoutAWarningAndRerunsTheSame(FakeComfyUI comfy, @TempDir Path dir)
      throws Exception {
    Cli cli = cli(comfy, dir);
    CliRun run = cli.run("generate", "--prompt-syntax", "a1111", "-m", MODEL, "a [cat:dog:0.5] hat", "--steps", "20",
        "--seed", "7", "-o", "hat.png");
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.err()).as(run.describe()).doesNotContain("warning");

    List<JsonNode> graphs = graphs(comfy);
    assertThat(graphs).hasSize(1);
    JsonNode g = graphs.get(0);
    List<JsonNode> encoders = ofClass(g, "CLIPTextEncode");
    assertThat(encoders).extracting(n -> n.at("/inputs/text").asText())
        .containsExactly("a cat hat", "a dog hat", "");
    List<JsonNode> ranges = ofClass(g, "ConditioningSetTimestepRange");
    assertThat(ranges).extracting(n -> n.at("/inputs/start").asDouble() + ".." + n.at("/inputs/end").asDouble())
        .containsExactly("0.0..0.5", "0.5..1.0");
    assertThat(g.at("/6/class_type").asText()).isEqualTo("ConditioningCombine");
    assertThat(g.at("/3/inputs/positive").toString()).isEqualTo("[\"6\",0]");

    CliRun rerun = cli.run("rerun", "1", "-o", "again.png");
    assertThat(rerun.exitCode()).as(rerun.describe()).isZero();
    List<JsonNode> after = graphs(comfy);
    assertThat(after).hasSize(2);
    assertThat(after.get(1)).as("rerun from history builds the same graph").isEqualTo(g);
  }

  @Test
  void alternationOverFourStepsIsFourStagesAndShowsInTheDryRun(FakeComfyUI comfy, @TempDir Path dir)
      throws Exception {
    CliRun run = cli(comfy, dir).run("generate", "--prompt-syntax", "a1111", "-m", MODEL, "a [cat|dog] hat",
        "--steps", "4", "--negative", "[blurry::2]", "--dry-run", "--json");
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.err()).as(run.describe()).doesNotContain("warning");
    JsonNode g = JSON.readTree(run.out()).at("/body/prompt");
    assertThat(ofClass(g, "ConditioningSetTimestepRange"))
        .extracting(n -> n.at("/inputs/start").asDouble() + ".." + n.at("/inputs/end").asDouble())
        .containsExactly("0.0..0.25", "0.25..0.5", "0.5..0.75", "0.75..1.0", "0.0..0.5", "0.5..1.0");
    assertThat(ofClass(g, "CLIPTextEncode")).extracting(n -> n.at("/inputs/text").asText())
        .containsExactly("a cat hat", "a dog hat", "a cat hat", "a dog hat", "blurry", "");
    assertThat(ofClass(g, "ConditioningCombine")).hasSize(4);
    assertThat(g.at("/7/class_type").asText()).isEqualTo("ConditioningCombine");
    assertThat(comfy.requests()).noneMatch(r -> r.path().endsWith("/prompt") && r.method().equals("POST"));
  }

  @Test
  void anEngineWithoutStagesKeepsTheLastStepWithAWarning(FakeComfyUI comfy, @TempDir Path dir) {
    CliRun run = cli(comfy, dir).run("generate", "--prompt-syntax", "a1111", "-m", "gemini-3-pro-image",
        "a [cat:dog:0.5] hat", "--steps", "20", "--dry-run");
    assertThat(run.err()).as(run.describe()).contains("warning").contains("[cat:dog:0.5]");
  }

  @Test
  void aJobFileRunsStagesForEachJobsOwnStepsAndAResumedRunRedoesNothing(FakeComfyUI comfy, @TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("jobs.yaml"), """
        model: comfyui:sd_xl_base_1.0.safetensors
        prompt_syntax: a1111
        seed: 7
        output_dir: out
        jobs:
          - prompt: "a [cat:dog:0.5] hat"
            steps: 20
            output: edit.png
          - prompt: "a [cat|dog] hat"
            steps: 4
            output: alternate.png
          - prompt: "a (red:1.2) hat"
            output: plain.png
        """);
    Cli cli = cli(comfy, dir);
    CliRun run = cli.run("batch", "jobs.yaml", "--concurrency", "1");
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.err()).as(run.describe()).doesNotContain("warning");

    List<JsonNode> graphs = graphs(comfy);
    assertThat(graphs).hasSize(3);
    assertThat(graphs).extracting(g -> ranges(g)).containsExactlyInAnyOrder(
        List.of("0.0..0.5", "0.5..1.0"),
        List.of("0.0..0.25", "0.25..0.5", "0.5..0.75", "0.75..1.0"),
        List.of());
    assertThat(graphs).extracting(g -> texts(g)).containsExactlyInAnyOrder(
        List.of("a cat hat", "a dog hat", ""),
        List.of("a cat hat", "a dog hat", "a cat hat", "a dog hat", ""),
        List.of("a (red:1.2) hat", ""));

    CliRun again = cli.run("batch", "jobs.yaml");
    assertThat(again.exitCode()).as(again.describe()).isZero();
    assertThat(graphs(comfy)).as("the resumed run finds every job done").hasSize(3);
  }

  @Test
  void compareConvertsEveryPanelForItsOwnCheckpointAndSteps(FakeComfyUI comfy, @TempDir Path dir)
      throws Exception {
    Cli cli = cli(comfy, dir);
    CliRun models = cli.run("compare", "a [cat:dog:0.5] hat", "--prompt-syntax", "a1111", "-m", MODEL,
        "-m", "comfyui:sd_xl_refiner_1.0.safetensors", "--seed", "7");
    assertThat(models.exitCode()).as(models.describe()).isZero();
    assertThat(models.err()).as(models.describe()).doesNotContain("warning");
    List<JsonNode> graphs = graphs(comfy);
    assertThat(graphs).hasSize(2);
    assertThat(graphs).extracting(g -> ofClass(g, "CheckpointLoaderSimple").get(0).at("/inputs/ckpt_name").asText() + " " + ranges(g) + " " + texts(g))
        .containsExactlyInAnyOrder(
            "sd_xl_base_1.0.safetensors [0.0..0.5, 0.5..1.0] [a cat hat, a dog hat, ]",
            "sd_xl_refiner_1.0.safetensors [0.0..0.5, 0.5..1.0] [a cat hat, a dog hat, ]");

    CliRun steps = cli.run("compare", "a [cat:dog:2] hat", "--prompt-syntax", "a1111", "--shared",
        "-m " + MODEL + " --seed 7", "--x", "steps=4,20");
    assertThat(steps.exitCode()).as(steps.describe()).isZero();
    List<JsonNode> after = graphs(comfy);
    assertThat(after).hasSize(4);
    assertThat(after.subList(2, 4)).extracting(g -> ranges(g))
        .containsExactlyInAnyOrder(List.of("0.0..0.5", "0.5..1.0"), List.of("0.0..0.1", "0.1..1.0"));
  }

  @Test
  void compareRefusesAnUnknownSyntaxAndStrictRefusesWhatWouldChange(FakeComfyUI comfy, @TempDir Path dir) {
    Cli cli = cli(comfy, dir);
    CliRun unknown = cli.run("compare", "a fox", "--prompt-syntax", "midjourney", "-m", MODEL, "--dry-run");
    assertThat(unknown.exitCode()).as(unknown.describe()).isEqualTo(2);
    assertThat(unknown.err()).contains("--prompt-syntax").contains("midjourney");
    CliRun strict = cli.run("compare", "a [cat:dog:0.5] hat", "--prompt-syntax", "a1111", "--strict",
        "-m", "gemini-3-pro-image", "-m", MODEL, "--dry-run");
    assertThat(strict.exitCode()).as(strict.describe()).isEqualTo(2);
    assertThat(strict.err()).contains("--strict").contains("[cat:dog:0.5]");
    assertThat(comfy.requests()).noneMatch(r -> r.path().endsWith("/prompt") && r.method().equals("POST"));
  }

  private static List<String> ranges(JsonNode graph) {
    return ofClass(graph, "ConditioningSetTimestepRange").stream()
        .map(n -> n.at("/inputs/start").asDouble() + ".." + n.at("/inputs/end").asDouble()).toList();
  }

  private static List<String> texts(JsonNode graph) {
    return ofClass(graph, "CLIPTextEncode").stream().map(n -> n.at("/inputs/text").asText()).toList();
  }

  private static List<JsonNode> graphs(FakeComfyUI comfy) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (RecordedRequest r : comfy.requests()) {
      if (r.method().equals("POST") && r.path().endsWith("/prompt")) {
        out.add(JSON.readTree(r.bodyUtf8()).get("prompt"));
      }
    }
    return out;
  }

  private static List<JsonNode> ofClass(JsonNode graph, String classType) {
    List<JsonNode> out = new ArrayList<>();
    graph.forEach(n -> {
      if (n.get("class_type").asText().equals(classType)) {
        out.add(n);
      }
    });
    return out;
  }
}
