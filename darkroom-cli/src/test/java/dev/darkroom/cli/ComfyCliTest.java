package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testkit.FakeComfyUI;
import dev.darkroom.testkit.FakeComfyUIExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** ComfyUI from the command line: the local-engine flags reach the graph; GPU time, not money, is recorded. */
@ExtendWith(FakeComfyUIExtension.class)
class ComfyCliTest {

  private static Cli cli(FakeComfyUI comfy, Path dir) {
    comfy.recordBodies(true);
    Cli cli = new Cli(dir);
    cli.env.put("DARKROOM_COMFYUI_URL", comfy.baseUrl());
    return cli;
  }

  @Test
  void flagsReachTheEngineAndHistoryAndCostShowEngineTime(FakeComfyUI comfy, @TempDir Path dir) {
    comfy.recordBodies(true);
    Cli cli = cli(comfy, dir);
    CliRun run = cli.run("generate", "a red fox in fresh snow", "-m", "comfyui:sd_xl_base_1.0.safetensors",
        "--refiner", "sd_xl_refiner_1.0.safetensors", "--refiner-switch", "0.8", "--steps", "10", "--cfg", "7",
        "--negative", "blurry", "--seed", "42", "-a", "16:9", "-o", "fox.png");
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(dir.resolve("fox.png")).exists();
    String graph = comfy.requests().stream()
        .filter(r -> r.method().equals("POST") && r.path().startsWith("/prompt"))
        .findFirst().orElseThrow().bodyUtf8();
    assertThat(graph).contains("KSamplerAdvanced").contains("sd_xl_refiner_1.0.safetensors").contains("blurry");

    CliRun show = cli.run("history", "show", "1");
    assertThat(show.exitCode()).as(show.describe()).isZero();
    assertThat(show.out()).contains("engine time").contains("seed").contains("42");

    CliRun cost = cli.run("cost");
    assertThat(cost.exitCode()).as(cost.describe()).isZero();
    assertThat(cost.out()).contains("GPU S").contains("$0.0000");
  }

  @Test
  void aLoraTheEngineLacksIsRefusedBeforeQueueing(FakeComfyUI comfy, @TempDir Path dir) {
    CliRun run = cli(comfy, dir).run("generate", "x", "-m", "comfyui:sd_xl_base_1.0.safetensors",
        "--lora", "no-such-lora.safetensors:0.7");
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("no-such-lora.safetensors");
  }

  @Test
  void modelsListsWhatTheEngineOffers(FakeComfyUI comfy, @TempDir Path dir) {
    CliRun run = cli(comfy, dir).run("models", "--provider", "comfyui");
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).contains("sd_xl_base_1.0.safetensors").contains("euler");
  }

  @Test
  void sameSeedVariantsAndAxesRunOnALocalEngine(FakeComfyUI comfy, @TempDir Path dir) {
    Cli cli = cli(comfy, dir);
    CliRun axes = cli.run("compare", "a red fox", "--shared", "-m comfyui:sd_xl_base_1.0.safetensors --seed 7",
        "--x", "steps=10,20", "--y", "cfg=5,9", "--json");
    assertThat(axes.exitCode()).as(axes.describe()).isZero();
    assertThat(axes.out()).contains("\"label\" : \"steps=10, cfg=5\"").contains("\"label\" : \"steps=20, cfg=9\"")
        .doesNotContain("\"status\" : \"failed\"");

    CliRun variants = cli.run("compare", "a red fox", "--shared", "-m comfyui:sd_xl_base_1.0.safetensors --seed 7",
        "--variant", "base=", "--variant", "negative=--negative wrong", "--variant",
        "lora=--lora wrong.safetensors:0.8 --negative wrong");
    assertThat(variants.exitCode()).as(variants.describe()).isZero();
    assertThat(variants.out()).contains("1 x 3 panels").doesNotContain("without image");
    long seeded = comfy.requests().stream()
        .filter(r -> r.method().equals("POST") && r.path().startsWith("/prompt"))
        .filter(r -> r.bodyUtf8().contains("\"seed\": 7") || r.bodyUtf8().contains("\"seed\":7")
            || r.bodyUtf8().contains("\"noise_seed\":7") || r.bodyUtf8().contains("\"noise_seed\": 7"))
        .count();
    assertThat(seeded).as("every panel at the one fixed seed").isEqualTo(7);
  }
}
