package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prompt convert} and {@code prompt explain}, in-process; nothing is sent anywhere. */
class PromptCommandTest {
  @TempDir Path dir;

  private CliRun run(String... args) {
    return new Cli(dir).run(args);
  }

  @Test
  void convertPrintsTheRenderingAndNoWarningsWhenNothingIsLost() {
    CliRun run = run("prompt", "convert", "--from", "a1111", "--to", "comfyui", "a ((cat:1.5)), [blurry]");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).as(run.describe()).isEqualTo("a (cat:1.65), (blurry:0.9091)\n");
    assertThat(run.err()).as(run.describe()).isEmpty();
  }

  @Test
  void convertWarnsOnStandardErrorAndPrintsTheNegativePrompt() {
    CliRun run = run("prompt", "convert", "--to", "comfyui", "--negative", "(ugly:1.2)",
        "a cat BREAK a dog <lora:wrong:0.8>");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).as(run.describe()).isEqualTo("a cat a dog\nNegative prompt: (ugly:1.2)\n");
    assertThat(run.err()).as(run.describe())
        .contains("note: LoRA wrong (model 0.8, clip 0.8) is not part of comfyui prompt text")
        .contains("warning: BREAK: dropped; ComfyUI has no BREAK");
  }

  @Test
  void strictRefusalExitsTwoNamingTheConstruct() {
    CliRun run = run("prompt", "convert", "--from", "a1111", "--to", "plain", "--strict", "a (cat:1.5)");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.out()).as(run.describe()).isEmpty();
    assertThat(run.err()).as(run.describe()).contains("darkroom: plain cannot express weight 1.5 on 'cat'");
  }

  @Test
  void strictRefusalUnderJsonIsAJsonError() {
    CliRun run = run("prompt", "convert", "--to", "comfyui", "--strict", "--json", "a BREAK b");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.json().at("/error/kind").asText()).isEqualTo("INVALID_REQUEST");
    assertThat(run.json().at("/error/message").asText()).contains("BREAK");
  }

  @Test
  void convertJsonListsTextNegativeLorasAndWarnings() {
    CliRun run = run("prompt", "convert", "--from", "vqgan", "--to", "comfyui", "--json", "a cat:3 | blurry:-1");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("text").asText()).isEqualTo("a cat");
    assertThat(json.get("negative").asText()).isEqualTo("blurry");
    assertThat(json.get("warnings")).hasSize(2);
    assertThat(json.get("loras")).isEmpty();
  }

  @Test
  void unknownSyntaxIsAUsageErrorListingTheAllowedOnes() {
    CliRun run = run("prompt", "convert", "--to", "midjourney", "a cat");

    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).as(run.describe()).contains("--to: unknown prompt syntax 'midjourney'")
        .contains("a1111, compel, comfyui, swarmui, vqgan, plain");
  }

  @Test
  void explainPrintsATokenWeightTable() {
    CliRun run = run("prompt", "explain", "a (big (red:1.3) hat:1.2)");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).as(run.describe()).isEqualTo(
        "TOKEN  WEIGHT\n"
            + "a      1\n"
            + "big    1.2\n"
            + "red    1.56\n"
            + "hat    1.2\n");
  }

  @Test
  void explainFollowsTheChosenSyntax() {
    CliRun comfy = run("prompt", "explain", "--syntax", "comfyui", "a (big (red:1.3) hat:1.2)");
    CliRun compel = run("prompt", "explain", "--syntax", "compel", "C++ code");

    assertThat(comfy.out()).as(comfy.describe()).contains("red    1.3\n");
    assertThat(compel.out()).as(compel.describe()).isEqualTo("TOKEN  WEIGHT\nC      1.21\ncode   1\n");
  }

  @Test
  void explainShowsPartsBreaksLorasAndTheNegativePrompt() {
    CliRun run = run("prompt", "explain", "--negative", "[blurry]", "a cat BREAK a dog :2 AND hat <lora:wrong:0.8>");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).as(run.describe()).isEqualTo(
        "PART          TOKEN                WEIGHT\n"
            + "1 (weight 2)  a                    1\n"
            + "1 (weight 2)  cat                  1\n"
            + "1 (weight 2)  BREAK (chunk break)  -\n"
            + "1 (weight 2)  a                    1\n"
            + "1 (weight 2)  dog                  1\n"
            + "2             hat                  1\n"
            + "negative      blurry               0.9091\n"
            + "LoRA wrong (model 0.8, clip 0.8)\n");
  }

  @Test
  void explainJson() {
    CliRun run = run("prompt", "explain", "--syntax", "vqgan", "--json", "a cat:3 | blurry:-1");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    JsonNode tokens = run.json().get("tokens");
    assertThat(tokens).hasSize(3);
    assertThat(tokens.get(2).get("token").asText()).isEqualTo("blurry");
    assertThat(tokens.get(2).get("part").asText()).isEqualTo("2");
    assertThat(tokens.get(2).get("partWeight").asDouble()).isEqualTo(-1.0);
    assertThat(tokens.get(0).get("weight").asDouble()).isEqualTo(1.0);
  }

  @Test
  void explainShowsA1111PromptEditingStageByStageForTheGivenSteps() {
    CliRun run = run("prompt", "explain", "--steps", "4", "a [cat:dog:0.5] in a [red|(blue:1.2)] hat");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).as(run.describe()).startsWith("Prompt editing and alternation over 4 steps:\n"
        + "PART  STEPS  TEXT\n"
        + "1     1      a cat in a red hat\n"
        + "1     2      a cat in a (blue:1.2) hat\n"
        + "1     3      a dog in a red hat\n"
        + "1     4      a dog in a (blue:1.2) hat\n"
        + "Weights at the last step:\n")
        .contains("blue   1.2\n");

    CliRun json = run("prompt", "explain", "--json", "--negative", "[ugly::0.5]", "[cat:dog:10] AND x");
    JsonNode schedule = json.json().get("schedule");
    assertThat(schedule).as(json.describe()).hasSize(4);
    assertThat(schedule.get(0).get("lastStep").asInt()).isEqualTo(10);
    assertThat(schedule.get(1).get("text").asText()).isEqualTo("dog");
    assertThat(schedule.get(2).get("part").asText()).isEqualTo("negative");
    assertThat(schedule.get(3).get("firstStep").asInt()).isEqualTo(11);
  }

  @Test
  void convertNamesA1111PromptEditingItCannotCarryAndKeepsItForA1111() {
    CliRun comfy = run("prompt", "convert", "--to", "comfyui", "--steps", "30", "a [cat:dog:20] hat");
    assertThat(comfy.out()).as(comfy.describe()).isEqualTo("a dog hat\n");
    assertThat(comfy.err()).as(comfy.describe()).contains("warning: A1111 prompt editing or alternation [cat:dog:20]: "
        + "used the text A1111 uses at the last of 30 steps: 'a dog hat'");

    CliRun same = run("prompt", "convert", "--to", "forge", "a [cat:dog:20] hat");
    assertThat(same.out()).as(same.describe()).isEqualTo("a [cat:dog:20] hat\n");

    CliRun bad = run("prompt", "convert", "--to", "comfyui", "--steps", "0", "a");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("--steps must be at least 1, got 0");
  }

  @Test
  void promptWithoutSubcommandPrintsUsage() {
    CliRun run = run("prompt");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).as(run.describe()).contains("convert").contains("explain");
  }
}
