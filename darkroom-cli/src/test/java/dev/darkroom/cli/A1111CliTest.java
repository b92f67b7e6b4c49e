package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.Provenance;
import dev.darkroom.testkit.FakeA1111;
import dev.darkroom.testkit.FakeA1111Extension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The local-engine flags on an A1111 / Forge engine, from the command line. */
@ExtendWith(FakeA1111Extension.class)
class A1111CliTest {

  private static Cli cli(FakeA1111 a1111, Path dir) {
    Cli cli = new Cli(dir);
    cli.env.put("DARKROOM_A1111_URL", a1111.baseUrl());
    return cli;
  }

  @Test
  void localEngineFlagsReachTheEngine(FakeA1111 a1111, @TempDir Path dir) throws Exception {
    CliRun run = cli(a1111, dir).run("generate", "a lighthouse at dusk", "-m", "a1111:sd_xl_base_1.0",
        "--negative", "blurry", "--lora", "wrong:0.7", "--refiner", "sd_xl_refiner_1.0", "--refiner-switch", "0.8",
        "--steps", "3", "--cfg", "13", "--sampler", "euler_ancestral", "--scheduler", "karras", "--seed", "42",
        "--size", "1216x832", "-o", "out.png", "--json");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonNode sent = a1111.generationRequests().get(0).json();
    assertThat(sent.get("prompt").asText()).isEqualTo("a lighthouse at dusk <lora:wrong:0.7>");
    assertThat(sent.get("negative_prompt").asText()).isEqualTo("blurry");
    assertThat(sent.get("sampler_name").asText()).isEqualTo("Euler a");
    assertThat(sent.get("seed").asLong()).isEqualTo(42);
    assertThat(sent.get("refiner_switch_at").asDouble()).isEqualTo(0.8);
    assertThat(sent.get("width").asInt()).isEqualTo(1216);
    assertThat(Provenance.read(dir.resolve("out.png")).orElseThrow().get("provider")).hasValue("a1111");
  }

  @Test
  void anUnknownLoraIsAUsageErrorAndNothingIsSent(FakeA1111 a1111, @TempDir Path dir) {
    CliRun run = cli(a1111, dir).run("generate", "x", "-m", "a1111:sd_xl_base_1.0", "--lora", "wrongg");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("LoRA 'wrongg' is not available", "wrong");
    assertThat(a1111.generationRequests()).isEmpty();
  }

  @Test
  void basicAuthFromApiKeyAndModelsListing(FakeA1111 a1111, @TempDir Path dir) {
    a1111.apiAuth("me:s3cret");
    Cli cli = cli(a1111, dir);
    CliRun refused = cli.run("models", "--provider", "a1111");
    assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
    assertThat(refused.out() + refused.err()).doesNotContain("s3cret");

    cli.env.put("DARKROOM_A1111_AUTH", "me:s3cret");
    CliRun models = cli.run("models", "--provider", "a1111");
    assertThat(models.exitCode()).as(models.describe()).isZero();
    assertThat(models.out()).contains("sd_xl_base_1.0", "wrong", "ugly-sonic", "DPM++ 2M").doesNotContain("s3cret");
  }
}
