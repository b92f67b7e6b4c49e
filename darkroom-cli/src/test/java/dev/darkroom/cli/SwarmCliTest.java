package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testkit.FakeSwarmUI;
import dev.darkroom.testkit.FakeSwarmUIExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The command line on SwarmUI: the local-engine flags, discovery and refusals, against {@link FakeSwarmUI}. */
@ExtendWith(FakeSwarmUIExtension.class)
class SwarmCliTest {
  @TempDir Path dir;

  private Cli cli(FakeSwarmUI swarm) {
    Cli cli = new Cli(dir);
    cli.env.put("DARKROOM_SWARMUI_URL", swarm.baseUrl());
    return cli;
  }

  @Test
  void generateWithTheLocalEngineFlagsSavesEveryImage(FakeSwarmUI swarm) throws Exception {
    Files.createDirectories(dir.resolve("out"));
    CliRun run = cli(swarm).run("generate", "a lighthouse at dusk", "-m", "swarmui:OfficialStableDiffusion/sd_xl_base_1.0",
        "--refiner", "OfficialStableDiffusion/sd_xl_refiner_1.0", "--refiner-switch", "0.75", "--lora", "wrong:0.7",
        "--negative", "blurry", "--steps", "4", "--cfg", "6", "--sampler", "dpmpp_2m", "--scheduler", "karras",
        "--seed", "5", "-n", "2", "-o", dir.resolve("out").toString());

    assertThat(run.exitCode()).as(run.describe()).isZero();
    try (Stream<Path> files = Files.list(dir.resolve("out"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".png"))).hasSize(2);
    }
    assertThat(swarm.generations()).hasSize(1);
    assertThat(swarm.generations().get(0).path("refinercontrolpercentage").asDouble()).isEqualTo(0.25);
    assertThat(swarm.generations().get(0).path("seed").asLong()).isEqualTo(5);
  }

  @Test
  void a1111PromptEditingReachesSwarmUiInItsOwnSyntaxWithoutAWarning(FakeSwarmUI swarm) {
    CliRun run = cli(swarm).run("generate", "--prompt-syntax", "a1111", "a [cat:dog:0.5] in a (hat:1.2)",
        "--negative", "[blurry|noisy]", "-m", "swarmui:OfficialStableDiffusion/sd_xl_base_1.0", "--steps", "30",
        "-o", dir.resolve("hat.png").toString());

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.err()).as(run.describe()).doesNotContain("warning");
    assertThat(swarm.generations()).hasSize(1);
    assertThat(swarm.generations().get(0).path("prompt").asText())
        .isEqualTo("a <fromto[15]:cat||dog> in a (hat:1.2)");
    assertThat(swarm.generations().get(0).path("negativeprompt").asText()).isEqualTo("<alternate:blurry||noisy>");
  }

  @Test
  void a1111PromptEditingSwarmUiCannotNestIsWarnedAboutAndRefusedWhenStrict(FakeSwarmUI swarm) {
    CliRun run = cli(swarm).run("generate", "--prompt-syntax", "a1111", "a [[cat:fox:2]:dog:0.5]",
        "-m", "swarmui:OfficialStableDiffusion/sd_xl_base_1.0", "-o", dir.resolve("fox.png").toString());
    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.err()).as(run.describe()).contains("warning").contains("cannot nest");
    assertThat(swarm.generations().get(0).path("prompt").asText()).isEqualTo("a dog");

    CliRun strict = cli(swarm).run("generate", "--prompt-syntax", "a1111", "--strict", "a [[cat:fox:2]:dog:0.5]",
        "-m", "swarmui:OfficialStableDiffusion/sd_xl_base_1.0", "-o", dir.resolve("fox2.png").toString());
    assertThat(strict.exitCode()).as(strict.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(strict.err()).contains("SwarmUI cannot run").contains("[[cat:fox:2]:dog:0.5]");
    assertThat(swarm.generations()).hasSize(1);
  }

  @Test
  void modelsListsWhatTheInstanceOffers(FakeSwarmUI swarm) {
    CliRun run = cli(swarm).run("models", "--provider", "swarmui");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).contains("OfficialStableDiffusion/sd_xl_base_1.0.safetensors").contains("wrong.safetensors")
        .contains("dpmpp_2m");
  }

  @Test
  void aLoraTheInstanceLacksIsAUsageErrorNamingTheClosest(FakeSwarmUI swarm) {
    CliRun run = cli(swarm).run("generate", "x", "-m", "swarmui:OfficialStableDiffusion/sd_xl_base_1.0",
        "--lora", "wrongg");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("wrongg").contains("wrong.safetensors");
    assertThat(swarm.generations()).isEmpty();
  }

  private void foxes() throws java.io.IOException {
    Files.writeString(dir.resolve("foxes.yaml"), """
        model: swarmui:OfficialStableDiffusion/sd_xl_base_1.0
        output_dir: out
        jobs:
          - name: fox
            prompt: "a fox in the {weather}"
            matrix: {weather: [snow, rain, fog]}
            steps: 2
            output: "fox-{weather}.png"
        """);
  }

  @Test
  void batchWithoutConcurrencySendsAsManyAtOnceAsTheInstanceHasBackends() throws Exception {
    foxes();
    try (FakeSwarmUI swarm = FakeSwarmUI.builder().backends(3).start()) {
      CliRun run = cli(swarm).run("batch", "foxes.yaml");

      assertThat(run.exitCode()).as(run.describe()).isZero();
      assertThat(run.out()).contains("3 done, 0 failed of 3");
      assertThat(run.err()).contains("\"concurrency\":3,\"concurrencyFrom\":\"engine\"");
      assertThat(swarm.generations()).hasSize(3);
    }
  }

  @Test
  void batchConcurrencyGivenIsUsedWithoutAskingTheInstance(FakeSwarmUI swarm) throws Exception {
    foxes();
    CliRun run = cli(swarm).run("batch", "foxes.yaml", "--concurrency", "2");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.err()).contains("\"concurrency\":2,\"concurrencyFrom\":\"--concurrency\"");
    assertThat(swarm.requests()).extracting(dev.darkroom.testkit.RecordedRequest::path)
        .doesNotContain("/API/ListBackends");
  }

  @Test
  void batchFallsBackOnTheDocumentedDefaultWhenTheAccountMayNotListBackends(FakeSwarmUI swarm) throws Exception {
    foxes();
    swarm.backendListPermission(false);
    CliRun run = cli(swarm).run("batch", "foxes.yaml");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.err()).contains("\"concurrency\":" + BatchOptions.DEFAULT_CONCURRENCY + ",\"concurrencyFrom\":\"default\"");
    assertThat(swarm.generations()).hasSize(3);
  }

  @Test
  void compareOnSwarmUIAsksTheInstanceHowManyPanelsToRunAtOnce() throws Exception {
    try (FakeSwarmUI swarm = FakeSwarmUI.builder().backends(3).start()) {
      CliRun run = cli(swarm).run("compare", "a fox", "--shared",
          "-m swarmui:OfficialStableDiffusion/sd_xl_base_1.0 --seed 7 --steps 2", "--variant", "--cfg 5",
          "--variant", "--cfg 9", "--variant", "--cfg 12");

      assertThat(run.exitCode()).as(run.describe()).isZero();
      assertThat(swarm.requests()).extracting(dev.darkroom.testkit.RecordedRequest::path)
          .containsOnlyOnce("/API/ListBackends");
      assertThat(swarm.generations()).hasSize(3);
    }
  }
}
