package dev.darkroom.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.OutputFormat;
import dev.darkroom.batch.internal.JobKeys;
import dev.darkroom.internal.image.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobFileTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private BatchPlan plan(Path file) {
    return JobFile.plan(file, ModelCatalog.builtIn());
  }

  private static final String POKEMON = """
      model: gemini-2.5-flash-image
      aspect_ratio: "1:1"
      output_dir: out
      jobs:
        - name: pokemon
          prompt: "Create an image of Pokémon #{number} {name} in a {style} style."
          data: pokemon.csv
          matrix:
            style: [watercolor, pixel art, ukiyo-e]
          output: "{number}-{name}-{style}.png"
      """;

  @Test
  void expandsDataRowsTimesTheMatrixWithNamesKeysAndCosts() throws IOException {
    write("pokemon.csv", "number,name\n025,Pikachu\n\"007\",\"Squirtle\"\r\n");
    BatchPlan plan = plan(write("jobs.yaml", POKEMON));

    assertThat(plan.jobs()).hasSize(6);
    BatchJob first = plan.jobs().get(0);
    assertThat(first.request().prompt()).isEqualTo("Create an image of Pokémon #025 Pikachu in a watercolor style.");
    assertThat(first.request().aspectRatio()).contains("1:1");
    assertThat(first.output()).isEqualTo(dir.resolve("out/025-Pikachu-watercolor.png"));
    assertThat(first.format()).isEqualTo(OutputFormat.PNG);
    assertThat(first.origin()).isEqualTo("job 1 (\"pokemon\") (row 1 of pokemon.csv, style=watercolor)");
    assertThat(plan.jobs().get(5).output().getFileName().toString()).isEqualTo("007-Squirtle-ukiyo-e.png");
    assertThat(plan.jobs()).extracting(BatchJob::key).doesNotHaveDuplicates().allMatch(k -> k.length() == 64);
    assertThat(BatchPlan.estimateBatchCost(plan.jobs()))
        .isEqualByComparingTo(BatchPlan.estimateCost(plan.jobs()).divide(java.math.BigDecimal.valueOf(2)));
    assertThat(plan(dir.resolve("jobs.yaml")).jobs()).extracting(BatchJob::key)
        .containsExactlyElementsOf(plan.jobs().stream().map(BatchJob::key).toList());
  }

  @Test
  void editingOneRowChangesOnlyItsJobsKeys() throws IOException {
    write("pokemon.csv", "number,name\n025,Pikachu\n007,Squirtle\n");
    List<String> before = plan(write("jobs.yaml", POKEMON)).jobs().stream().map(BatchJob::key).toList();
    write("pokemon.csv", "number,name\n025,Pikachu\n007,Wartortle\n");
    List<String> after = plan(dir.resolve("jobs.yaml")).jobs().stream().map(BatchJob::key).toList();
    assertThat(after.subList(0, 3)).isEqualTo(before.subList(0, 3));
    assertThat(after.subList(3, 6)).doesNotContainAnyElementsOf(before);
  }

  @Test
  void readsJsonAndJsonlWithVarsCountAndDefaults() throws IOException {
    BatchPlan json = plan(write("jobs.json", """
        {"model": "gemini-2.5-flash-image", "vars": {"animal": "fox"},
         "jobs": [{"prompt": "A {animal} in {season}", "vars": {"season": "winter"}, "count": 2,
                   "output": "{animal}-{season}.jpg"}]}"""));
    assertThat(json.jobs()).extracting(j -> j.output().getFileName().toString())
        .containsExactly("fox-winter-1.jpg", "fox-winter-2.jpg");
    assertThat(json.jobs().get(0).format()).isEqualTo(OutputFormat.JPEG);

    BatchPlan jsonl = plan(write("jobs.jsonl", """
        {"prompt": "A red kite", "model": "gemini-3-pro-image", "size": "2K", "output": "kite"}
        {"prompt": "A blue kite", "model": "gemini-2.5-flash-image", "format": "webp"}
        """));
    assertThat(jsonl.jobs()).hasSize(2);
    assertThat(jsonl.jobs().get(0).output().getFileName().toString()).isEqualTo("kite.png");
    assertThat(jsonl.jobs().get(0).request().effectiveImageSize()).isEqualTo("2K");
    assertThat(jsonl.jobs().get(1).output().getFileName().toString()).isEqualTo("job-2.webp");
    assertThat(jsonl.models()).containsExactly("gemini-2.5-flash-image", "gemini-3-pro-image");
  }

  @Test
  void placeholderValuesCannotLeaveTheOutputDirectory() throws IOException {
    BatchPlan plan = plan(write("jobs.yaml", """
        model: gemini-2.5-flash-image
        prompt: "A {thing}"
        vars: {thing: "../../etc/passwd"}
        output: "{thing}.png"
        """));
    Path out = plan.jobs().get(0).output();
    assertThat(out.getParent()).isEqualTo(dir);
    assertThat(out.getFileName().toString()).doesNotContain("/").doesNotStartWith(".");
  }

  @Test
  void inputImagesAreResolvedHashedAndPartOfTheKey() throws IOException {
    Files.write(dir.resolve("ref.png"), TestPng.bytes(4, 4, 0xff0000));
    Path file = write("jobs.yaml", """
        model: gemini-2.5-flash-image
        prompt: "Make it blue"
        images: [ref.png]
        """);
    String before = plan(file).jobs().get(0).key();
    Files.write(dir.resolve("ref.png"), TestPng.bytes(4, 4, 0x00ff00));
    assertThat(plan(file).jobs().get(0).key()).isNotEqualTo(before);
  }

  private void assertBad(String yaml, String... fragments) throws IOException {
    Path file = write("bad.yaml", yaml);
    assertThatThrownBy(() -> plan(file)).isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(e.getMessage()).startsWith("bad.yaml").contains(fragments));
  }

  @Test
  void badJobFilesNameTheJobAndTheField() throws IOException {
    write("pokemon.csv", "number,name,type\n025,Pikachu,electric\n");
    assertBad("""
        jobs:
          - prompt: "A fox"
            aspect: "1:1"
        """, "job 1", "unknown field 'aspect'", "aspect_ratio");
    assertBad("""
        jobs:
          - {prompt: "A fox"}
          - {name: second, prompt: "A {animal} at night"}
        """, "job 2 (\"second\")", "field 'prompt'", "uses {animal}", "{{animal}}");
    assertBad("""
        prompt: "A fox"
        vars: {mood: calm}
        """, "job 1", "field 'vars'", "variable 'mood'", "not used");
    assertBad("""
        prompt: "Pokémon {name}"
        data: pokemon.csv
        output: "{number}"
        """, "row 1 of pokemon.csv", "field 'data'", "variable 'type'");
    assertBad("""
        prompt: "A {style} fox"
        matrix: {style: [oil, watercolour]}
        output: fox.png
        """, "job 1 (style=watercolour)", "field 'output'", "job 1 (style=oil) writes too");
    assertBad("""
        prompt: "A fox"
        images: [missing.png]
        """, "field 'images'", "missing.png does not exist");
    assertBad("""
        model: gemini-2.5-flash-image
        prompt: "A fox"
        aspect_ratio: "7:3"
        """, "job 1", "aspect ratio '7:3' is not supported");
    assertBad("""
        prompt: "A fox"
        count: 100
        """, "field 'count'", "1 to 64");
    assertBad("""
        prompt: "A fox"
        search: "maybe"
        """, "field 'search'", "true or false");
    assertBad("""
        prompt: "A {index}"
        vars: {index: 3}
        """, "field 'vars'", "built in");
    assertBad("jobs: [", "not valid YAML");
    assertBad("""
        prompt: "A fox"
        data: nowhere.csv
        """, "field 'data'", "cannot read nowhere.csv");
  }

  @Test
  void csvErrorsNameTheLine() throws IOException {
    write("broken.csv", "number,name\n025,Pikachu,extra\n");
    assertBad("""
        prompt: "{number} {name}"
        data: broken.csv
        output: "{number}"
        """, "field 'data'", "line 2 has 3 fields but the header has 2");
  }

  /**
   * A Gemini job's key, pinned: changing what goes into it would make every finished Gemini job run
   * (and be paid for) again. The directory and the input image's digest vary by machine, so they are
   * substituted; the key is then the digest of exactly this JSON.
   */
  @Test
  void aGeminiJobsKeyIsPinned() throws IOException {
    byte[] ref = TestPng.bytes(4, 4, 0xff0000);
    Files.write(dir.resolve("ref.png"), ref);
    BatchJob job = plan(write("jobs.yaml", """
        model: gemini-2.5-flash-image
        aspect_ratio: "16:9"
        output_dir: out
        temperature: 0.5
        seed: 7
        jobs:
          - name: fox
            prompt: "A {animal} in the snow"
            images: [ref.png]
            vars: {animal: fox}
            output: "{animal}.png"
        """)).jobs().get(0);
    String canonical = JobKeys.canonicalJson(job.request(), List.of(Digests.sha256Hex(ref)), job.output(), job.format());

    assertThat(canonical.replace(Digests.sha256Hex(ref), "<ref>")
        .replace(dir.resolve("out").toString().replace("\\", "\\\\"), "<dir>"))
        .isEqualTo("{\"format\":\"PNG\",\"inputs\":[\"<ref>\"],\"output\":\"<dir>/fox.png\",\"provider\":\"gemini\","
            + "\"request\":{\"aspectRatio\":\"16:9\",\"count\":1,\"effectiveImageSize\":\"1K\",\"grid\":null,"
            + "\"imageSize\":null,\"model\":\"gemini-2.5-flash-image\",\"options\":{\"temperature\":0.5},"
            + "\"prompt\":\"A fox in the snow\",\"seed\":7},\"v\":2}");
    assertThat(job.key()).isEqualTo(Digests.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void openAiOptionsAndTheMaskArePartOfTheKeyOnlyWhenSet() throws IOException {
    Files.write(dir.resolve("room.png"), TestPng.bytes(16, 16, 0x808080));
    Files.write(dir.resolve("mask.png"), TestPng.mask(16, 16));
    String plain = """
        model: gpt-image-2
        prompt: "Put a lamp on the table"
        images: [room.png]
        """;
    String base = plan(write("jobs.yaml", plain)).jobs().get(0).key();
    String quality = plan(write("jobs.yaml", plain + "quality: high\n")).jobs().get(0).key();
    String masked = plan(write("jobs.yaml", plain + "mask: mask.png\n")).jobs().get(0).key();
    Files.write(dir.resolve("mask.png"), TestPng.mask(16, 16, 2));
    String otherMask = plan(dir.resolve("jobs.yaml")).jobs().get(0).key();

    assertThat(List.of(base, quality, masked, otherMask)).doesNotHaveDuplicates();
    assertThat(plan(write("jobs.yaml", plain)).jobs().get(0).key()).isEqualTo(base);
  }

  @Test
  void openAiOptionsAreCheckedAsGenerateChecksThemNamingTheJobAndTheField() throws IOException {
    Files.write(dir.resolve("room.png"), TestPng.bytes(16, 16, 0x808080));
    Files.write(dir.resolve("small-mask.png"), TestPng.mask(8, 8));
    assertBad("""
        jobs:
          - name: owl
            model: gemini-2.5-flash-image
            prompt: "An owl"
            background: transparent
        """, "job 1 (\"owl\")", "field 'background'", "'background' is not an option of "
        + "gemini-2.5-flash-image", "provider gemini");
    assertBad("""
        model: gpt-image-2
        prompt: "A fox"
        quality: ultra
        """, "job 1", "field 'quality'", "'ultra'", "allowed: low, medium, high, auto");
    assertBad("""
        model: gpt-image-2
        prompt: "A fox"
        output_compression: 80
        """, "field 'output_compression'", "jpeg and webp output only");
    assertBad("""
        model: gpt-image-2
        prompt: "A fox"
        output_compression: high
        """, "field 'output_compression'", "expected a whole number");
    assertBad("""
        model: gpt-image-2
        prompt: "A fox"
        mask: nowhere.png
        """, "field 'mask'", "mask nowhere.png does not exist");
    assertBad("""
        model: gpt-image-2
        prompt: "A fox"
        images: [room.png]
        mask: small-mask.png
        """, "field 'mask'", "8x8");
    assertBad("""
        model: gemini-2.5-flash-image
        prompt: "A fox"
        safety_identifier: user-1
        """, "field 'safety_identifier'", "provider gemini");
  }

  @Test
  void aPromptInAnotherWeightSyntaxIsConvertedForTheEngineWithAWarning() throws IOException {
    BatchJob job = plan(write("jobs.yaml", """
        model: gemini-3-pro-image
        prompt_syntax: a1111
        prompt: "a (red:1.3) fox in ((snow))"
        """)).jobs().get(0);

    assertThat(job.request().prompt()).isEqualTo("a red fox in snow");
    assertThat(job.request().warnings()).anySatisfy(w -> assertThat(w).startsWith("prompt_syntax a1111 to plain:"));

    assertBad("""
        model: gemini-3-pro-image
        prompt_syntax: a1111
        prompt_syntax_strict: true
        prompt: "a (red:1.3) fox"
        """, "field 'prompt_syntax'", "write the prompt for plain");
    assertBad("""
        prompt_syntax: midjourney
        prompt: "a fox"
        """, "field 'prompt_syntax'", "midjourney");
  }

  @Test
  void promptEditingOnAnEngineWithoutStagesKeepsTheLastStepWithAWarning() throws IOException {
    BatchJob job = plan(write("jobs.yaml", """
        model: gemini-3-pro-image
        prompt_syntax: a1111
        prompt: "a [cat:dog:0.5] hat"
        """)).jobs().get(0);

    assertThat(job.request().prompt()).isEqualTo("a dog hat");
    assertThat(job.request().warnings()).anySatisfy(w -> assertThat(w).startsWith("prompt_syntax a1111 to plain:")
        .contains("[cat:dog:0.5]"));
    assertThat(job.request().providerOptions()).isEmpty();
  }

  @Test
  void aConvertedPromptWithoutSchedulingKeepsTheKeyOfTheSameRequestWrittenDirectly() throws IOException {
    String converted = plan(write("a.yaml", """
        model: gemini-3-pro-image
        prompt_syntax: a1111
        prompt: "a (red:1.3) fox"
        output: fox.png
        """)).jobs().get(0).key();
    String direct = plan(write("b.yaml", """
        model: gemini-3-pro-image
        prompt: "a red fox"
        output: fox.png
        """)).jobs().get(0).key();

    assertThat(converted).isEqualTo(direct);
  }
}
