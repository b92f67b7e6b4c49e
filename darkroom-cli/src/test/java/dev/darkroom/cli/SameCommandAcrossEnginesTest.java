package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testkit.FakeA1111;
import dev.darkroom.testkit.FakeA1111Extension;
import dev.darkroom.testkit.FakeComfyUI;
import dev.darkroom.testkit.FakeComfyUIExtension;
import dev.darkroom.testkit.FakeSwarmUI;
import dev.darkroom.testkit.FakeSwarmUIExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One command, the same prompt and options, on each local engine: only the model id changes. The
 * engines name things differently (LoRA files with or without extension, samplers), and each provider
 * maps the shared option names onto its engine's own parameters.
 */
@ExtendWith({FakeComfyUIExtension.class, FakeA1111Extension.class, FakeSwarmUIExtension.class})
class SameCommandAcrossEnginesTest {

  @Test
  void oneCommandRunsOnComfyUiA1111AndSwarmUi(FakeComfyUI comfy, FakeA1111 a1111, FakeSwarmUI swarm,
      @TempDir Path dir) {
    Cli cli = new Cli(dir);
    cli.env.put("DARKROOM_COMFYUI_URL", comfy.baseUrl());
    cli.env.put("DARKROOM_A1111_URL", a1111.baseUrl());
    cli.env.put("DARKROOM_SWARMUI_URL", swarm.baseUrl());
    List<String> common = List.of("a red fox in fresh snow", "--negative", "blurry, lowres", "--steps", "12",
        "--cfg", "7", "--seed", "42", "-a", "16:9");
    for (String model : List.of("comfyui:sd_xl_base_1.0.safetensors", "a1111:sd_xl_base_1.0.safetensors",
        "swarmui:OfficialStableDiffusion/sd_xl_base_1.0")) {
      List<String> args = new ArrayList<>(List.of("generate"));
      args.addAll(common);
      args.addAll(List.of("-m", model, "-o", model.substring(0, model.indexOf(':')) + ".png"));
      CliRun run = cli.run(args.toArray(String[]::new));
      assertThat(run.exitCode()).as(model + "\n" + run.describe()).isZero();
    }
    assertThat(dir.resolve("comfyui.png")).exists();
    assertThat(dir.resolve("a1111.png")).exists();
    assertThat(dir.resolve("swarmui.png")).exists();

    CliRun history = cli.run("history", "--json");
    assertThat(history.exitCode()).as(history.describe()).isZero();
    assertThat(history.out()).contains("comfyui:sd_xl_base_1.0.safetensors", "a1111:sd_xl_base_1.0.safetensors",
        "swarmui:OfficialStableDiffusion/sd_xl_base_1.0");
    // The same shape on every engine: -a 16:9 is SDXL's native 1344x768 everywhere.
    assertThat(history.out().split("\"size\" : \"1344x768\"", -1)).hasSize(4);
  }
}
