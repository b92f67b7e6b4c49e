package dev.darkroom.comfyui;

import static dev.darkroom.comfyui.ComfyTestSupport.BASE;
import static dev.darkroom.comfyui.ComfyTestSupport.REFINER;
import static dev.darkroom.comfyui.ComfyTestSupport.onlyGraph;
import static dev.darkroom.comfyui.ComfyTestSupport.prompts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.Darkroom;
import dev.darkroom.GeneratedImage;
import dev.darkroom.Generation;
import dev.darkroom.GenerationListener;
import dev.darkroom.ImageInput;
import dev.darkroom.ImageRequest;
import dev.darkroom.ImageResult;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.Provenance;
import dev.darkroom.SaveOptions;
import dev.darkroom.TestImages;
import dev.darkroom.comfyui.internal.PngPromptChunk;
import dev.darkroom.testkit.FakeComfyUI;
import dev.darkroom.testkit.FakeComfyUIExtension;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The ComfyUI provider through the public {@link Darkroom} client, against {@link FakeComfyUI}. */
@ExtendWith(FakeComfyUIExtension.class)
@org.junit.jupiter.api.Timeout(20)
class ComfyGenerateTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ComfyTestSupport support = ComfyTestSupport.create();
  private Darkroom client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void txt2imgMapsTheAspectRatioToAnSdxlSizeAndRecordsTheSeedItChose(FakeComfyUI fake) {
    List<String> warnings = new CopyOnWriteArrayList<>();
    List<int[]> progress = new CopyOnWriteArrayList<>();
    client = support.builder(new GenerationListener() {
      @Override
      public void onWarning(String message) {
        warnings.add(message);
      }

      @Override
      public void onProgress(int call, int step, int total) {
        progress.add(new int[] {step, total});
      }
    }, fake.baseUrl()).build();

    ImageResult result = client.generate(ImageRequest.builder().model(BASE).prompt("a lighthouse at dusk")
        .aspectRatio("16:9").build());

    GeneratedImage image = result.image();
    assertThat(image.mimeType()).isEqualTo("image/png");
    assertThat(image.width()).isEqualTo(1344);
    assertThat(image.height()).isEqualTo(768);
    assertThat(warnings).anyMatch(w -> w.contains("1344x768"));
    assertThat(result.request().seed()).isPresent();
    JsonNode graph = onlyGraph(fake);
    assertThat(graph.at("/3/inputs/seed").bigIntegerValue().toString())
        .isEqualTo(Long.toUnsignedString(result.request().seed().get()));
    assertThat(graph.at("/4/inputs/ckpt_name").asText()).isEqualTo("sd_xl_base_1.0.safetensors");
    assertThat(graph.at("/5/inputs/width").asInt()).isEqualTo(1344);
    assertThat(graph.at("/6/inputs/text").asText()).isEqualTo("a lighthouse at dusk");
    assertThat(graph.at("/3/inputs/steps").asInt()).isEqualTo(ComfyOptions.DEFAULT_STEPS);
    Generation g = result.generations().get(0);
    assertThat(g.engineTime()).isPresent();
    assertThat(result.costUsd()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(progress).isNotEmpty();
    assertThat(progress.get(progress.size() - 1)).containsExactly(30, 30);
  }

  @Test
  void aGivenSeedIsSentAsAnUnsigned64BitInteger(FakeComfyUI fake) {
    client = support.client(fake.baseUrl());
    ImageResult result = client.generate(ImageRequest.builder().model(BASE).prompt("fox").seed(-1L).build());
    assertThat(onlyGraph(fake).at("/3/inputs/seed").bigIntegerValue().toString()).isEqualTo("18446744073709551615");
    assertThat(result.request().seed()).contains(-1L);
  }

  @Test
  void refinerLoraChainAndNegativePromptBuildComfyUIsGraph(FakeComfyUI fake) {
    client = support.client(fake.baseUrl());
    client.generate(ImageRequest.builder().model(BASE).prompt("a cat, embedding:ugly-sonic").seed(7L).count(2)
        .options(ComfyOptions.read(Map.of("refiner", REFINER, "refinerSwitch", "0.8", "steps", "40", "cfg", "13",
            "lora", List.of("wrong.safetensors:0.7", "sd_xl_offset_example-lora_1.0.safetensors:0.5:0.25"),
            "negative", "blurry, embedding:wrong")))
        .build());

    JsonNode g = onlyGraph(fake);
    assertThat(g.at("/10/class_type").asText()).isEqualTo("KSamplerAdvanced");
    assertThat(g.at("/10/inputs/end_at_step").asInt()).isEqualTo(32);
    assertThat(g.at("/11/inputs/start_at_step").asInt()).isEqualTo(32);
    assertThat(g.at("/10/inputs/cfg").asDouble()).isEqualTo(13.0);
    assertThat(g.at("/12/inputs/ckpt_name").asText()).isEqualTo(REFINER);
    assertThat(g.at("/100/inputs/lora_name").asText()).isEqualTo("wrong.safetensors");
    assertThat(g.at("/100/inputs/strength_model").asDouble()).isEqualTo(0.7);
    assertThat(g.at("/101/inputs/model/0").asText()).isEqualTo("100");
    assertThat(g.at("/101/inputs/strength_clip").asDouble()).isEqualTo(0.25);
    assertThat(g.at("/7/inputs/text").asText()).isEqualTo("blurry, embedding:wrong");
    assertThat(g.at("/16/inputs/text").asText()).isEqualTo("blurry, embedding:wrong");
    assertThat(g.at("/5/inputs/batch_size").asInt()).isEqualTo(2);
  }

  @Test
  void img2imgUploadsTheInputAndUsesDenoise(FakeComfyUI fake, @TempDir Path dir) throws Exception {
    Path ref = TestImages.writePng(dir.resolve("ref.png"), 640, 512);
    client = support.client(fake.baseUrl());
    ImageResult result = client.generate(ImageRequest.builder().model(BASE).prompt("as a watercolour")
        .addImage(ImageInput.of(ref)).options(ComfyOptions.builder().denoise(0.55).build()).build());

    assertThat(fake.requests()).anyMatch(r -> r.method().equals("POST") && r.path().endsWith("/upload/image"));
    JsonNode g = onlyGraph(fake);
    assertThat(g.at("/21/class_type").asText()).isEqualTo("LoadImage");
    assertThat(g.at("/21/inputs/image").asText()).startsWith("darkroom-");
    assertThat(g.at("/3/inputs/denoise").asDouble()).isEqualTo(0.55);
    assertThat(g.at("/3/inputs/latent_image/0").asText()).isEqualTo("22");
    assertThat(result.image().width()).isEqualTo(640);
  }

  @Test
  void aWorkflowFileRunsWithThePromptSeedAndCheckpointFilledIn(FakeComfyUI fake, @TempDir Path dir)
      throws Exception {
    Path wf = dir.resolve("wf.json");
    try (var in = getClass().getResourceAsStream("/comfyui/workflow_plain_api.json")) {
      Files.write(wf, in.readAllBytes());
    }
    client = support.client(fake.baseUrl());
    ImageResult result = client.generate(ImageRequest.builder().model(BASE).prompt("a red barn").seed(99L)
        .options(ComfyOptions.read(Map.of("workflow", wf.toString(), "steps", 12))).build());

    JsonNode g = onlyGraph(fake);
    assertThat(g.at("/6/inputs/text").asText()).isEqualTo("a red barn");
    assertThat(g.at("/3/inputs/seed").asLong()).isEqualTo(99L);
    assertThat(g.at("/3/inputs/steps").asInt()).isEqualTo(12);
    assertThat(g.at("/4/inputs/ckpt_name").asText()).isEqualTo("sd_xl_base_1.0.safetensors");
    assertThat(result.request().providerOptions().orElseThrow().values()).containsEntry("workflow", wf.toString());
  }

  @Test
  void unknownCheckpointLoraSamplerAndEmbeddingAreRefusedBeforeAnythingIsQueued(FakeComfyUI fake) {
    client = support.client(fake.baseUrl());
    assertThatThrownBy(() -> client.generate(ImageRequest.builder().model("comfyui:sd_xl_base.safetensors")
        .prompt("x").build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'sd_xl_base.safetensors'")
        .hasMessageContaining("closest first): sd_xl_base_1.0.safetensors");
    assertThatThrownBy(() -> client.generate(ImageRequest.builder().model(BASE).prompt("x")
        .options(ComfyOptions.builder().lora(ComfyOptions.Lora.parse("wrnog.safetensors")).build()).build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'wrnog.safetensors'")
        .hasMessageContaining("closest first): wrong.safetensors");
    assertThatThrownBy(() -> client.generate(ImageRequest.builder().model(BASE).prompt("x")
        .options(ComfyOptions.builder().sampler("eulr").build()).build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'eulr'");
    assertThatThrownBy(() -> client.generate(ImageRequest.builder().model(BASE).prompt("x")
        .options(ComfyOptions.builder().negativePrompt("embedding:rong").build()).build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'rong'");
    assertThat(prompts(fake)).isEmpty();
  }

  @Test
  void promptStagesReachTheGraphAndSurviveTheRequestCodec(FakeComfyUI fake) {
    ComfyOptions options = ComfyOptions.builder().steps(20)
        .promptStages(List.of(ComfyOptions.Stage.ofSteps(1, 10, 20, "a (cat:1.2) hat"),
            ComfyOptions.Stage.ofSteps(11, 20, 20, "a dog hat")))
        .build();
    ImageRequest request = ImageRequest.builder().model(BASE).prompt("a dog hat").seed(7L).options(options).build();
    ObjectNode canonical = dev.darkroom.RequestCodec.write(request);
    assertThat(canonical.at("/options/promptStages/0/end").asDouble()).isEqualTo(0.5);
    assertThat(dev.darkroom.RequestCodec.readOptions("comfyui", JSON.valueToTree(JSON.convertValue(canonical,
        Map.class)))).contains(options);

    client = support.client(fake.baseUrl());
    client.generate(request);
    JsonNode g = onlyGraph(fake);
    assertThat(g.at("/1000/inputs/text").asText()).isEqualTo("a (cat:1.2) hat");
    assertThat(g.at("/1001/inputs/end").asDouble()).isEqualTo(0.5);
    assertThat(g.at("/6/class_type").asText()).isEqualTo("ConditioningCombine");
  }

  @Test
  void promptStagesMustTileTheRunAndBelongToThePrompt(FakeComfyUI fake) {
    assertThatThrownBy(() -> ComfyOptions.builder().promptStages(List.of(new ComfyOptions.Stage(0, 0.5, "a"),
        new ComfyOptions.Stage(0.6, 1, "b"))).build()).hasMessageContaining("comfyui.promptStages");
    assertThatThrownBy(() -> new ComfyOptions.Stage(0.5, 0.5, "a")).hasMessageContaining("0 <= start < end <= 1");
    assertThatThrownBy(() -> ComfyOptions.read(Map.of("promptStages", List.of("0..1:a"))))
        .hasMessageContaining("comfyui.promptStages");
    ComfyOptions stages = ComfyOptions.builder().promptStages(List.of(new ComfyOptions.Stage(0, 0.5, "a cat"),
        new ComfyOptions.Stage(0.5, 1, "a dog"))).build();
    client = support.client(fake.baseUrl());
    assertThatThrownBy(() -> client.generate(ImageRequest.builder().model(BASE).prompt("a fox").options(stages)
        .build())).isInstanceOf(InvalidRequestException.class).hasMessageContaining("made for another prompt");
    assertThat(prompts(fake)).isEmpty();
  }

  @Test
  void optionsAreValidatedNamingTheirField() {
    assertThatThrownBy(() -> ComfyOptions.read(Map.of("steps", "0")))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.getMessage()).contains("comfyui.steps"));
    assertThatThrownBy(() -> ComfyOptions.read(Map.of("denoise", 1.5)))
        .hasMessageContaining("comfyui.denoise");
    assertThatThrownBy(() -> ComfyOptions.read(Map.of("checkpoint", "x")))
        .hasMessageContaining("not an option of provider comfyui");
    ComfyOptions o = ComfyOptions.read(Map.of("negative", "ugly", "lora", "a.safetensors:0.5,b.safetensors"));
    assertThat(o.values()).containsEntry("negativePrompt", "ugly")
        .containsEntry("loras", List.of("a.safetensors:0.5:0.5", "b.safetensors:1:1"));
    assertThat(ComfyOptions.read(o.values())).isEqualTo(o);
  }

  @Test
  void theSavedPngCarriesComfyUIsPromptChunkAndDarkroomProvenance(FakeComfyUI fake, @TempDir Path dir)
      throws Exception {
    client = support.client(fake.baseUrl());
    ImageResult result = client.generate(ImageRequest.builder().model(BASE).prompt("a fox in snow").build(),
        SaveOptions.toDirectory(dir));

    Path saved = result.image().path().orElseThrow();
    byte[] png = Files.readAllBytes(saved);
    JsonNode chunk = JSON.readTree(PngPromptChunk.read(png).orElseThrow());
    JsonNode sent = onlyGraph(fake);
    assertThat(chunk.at("/6/inputs/text").asText()).isEqualTo("a fox in snow");
    assertThat(chunk.at("/3/inputs/seed")).isEqualTo(sent.at("/3/inputs/seed"));
    Provenance p = Provenance.read(saved).orElseThrow();
    assertThat(p.model()).isEqualTo(BASE);
    assertThat(p.json()).contains(Long.toUnsignedString(result.request().seed().get()));
    assertThat(p.a1111Parameters()).contains("Seed: ");
  }

  @Test
  void inventoryListsWhatTheEngineHas(FakeComfyUI fake) {
    client = support.client(fake.baseUrl());
    Map<String, List<String>> inv = client.inventory("comfyui");
    assertThat(inv.get("checkpoints")).contains("sd_xl_base_1.0.safetensors", REFINER);
    assertThat(inv.get("loras")).contains("wrong.safetensors");
    assertThat(inv.get("embeddings")).isNotEmpty();
    assertThat(inv.get("vaes")).contains("sdxl_vae.safetensors");
    assertThat(inv.get("samplers")).containsAll(FakeComfyUI.samplers());
    assertThat(inv.get("schedulers")).containsAll(FakeComfyUI.schedulers());
  }

  @Test
  void dryRunDescribesTheGraphWithoutContactingTheEngine(FakeComfyUI fake) {
    client = support.client(fake.baseUrl());
    Darkroom.DryRun dry = client.dryRun(ImageRequest.builder().model(BASE).prompt("a boat").seed(3L).build());
    assertThat(dry.endpoint()).isEqualTo(fake.baseUrl() + "/prompt");
    assertThat(dry.body()).contains("\"CheckpointLoaderSimple\"").contains("a boat");
    assertThat(dry.estimatedCostUsd()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(fake.requestCount()).isZero();
  }

  static ObjectNode readJson(String text) throws Exception {
    return (ObjectNode) JSON.readTree(text);
  }
}
