package dev.darkroom.comfyui.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.InvalidRequestException;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphBuilderTest {
  private static final String BASE = "sd_xl_base_1.0.safetensors";
  private static final String REFINER = "sd_xl_refiner_1.0.safetensors";
  private static final BigInteger SEED = BigInteger.valueOf(721897303308196L);
  private final GraphBuilder builder = new GraphBuilder();
  private final ObjectInfo info = TestResources.objectInfo();

  @Test
  void txt2imgBaseOnlyIsComfyUisBasicGraph() throws Exception {
    GraphSettings o = GraphSettings.builder().checkpoint(BASE).negative("text, watermark").steps(25).build();
    ObjectNode g = builder.build(o, "evening sunset scenery, (glass bottle:1.2) with a galaxy in it", SEED, null);

    JsonNode expected = TestResources.json("golden/txt2img.json");
    assertThat(g).isEqualTo(expected);
    // Widget values first, then links, as the UI exports them.
    assertThat(fieldNames(g.get("3").get("inputs"))).containsExactly("seed", "steps", "cfg", "sampler_name",
        "scheduler", "denoise", "model", "positive", "negative", "latent_image");
    assertThat(g.get("3").get("inputs").get("cfg").isDouble()).isTrue();
    assertThat(g.get("3").get("inputs").get("steps").isInt()).isTrue();
    assertThat(g.get("3").get("inputs").get("model").toString()).isEqualTo("[\"4\",0]");
    assertThat(info.validate(g)).isEmpty();
  }

  @Test
  void refinerUsesTwoAdvancedSamplersSharingTheStepSchedule() {
    GraphSettings o = GraphSettings.builder().checkpoint(BASE).refiner(REFINER).steps(25).cfg(8.0)
        .negative("text, watermark").build();
    ObjectNode g = builder.build(o, "a cat", SEED, null);

    assertThat(classTypes(g)).containsExactlyInAnyOrder("CheckpointLoaderSimple", "CLIPTextEncode", "CLIPTextEncode",
        "EmptyLatentImage", "KSamplerAdvanced", "CheckpointLoaderSimple", "CLIPTextEncode", "CLIPTextEncode",
        "KSamplerAdvanced", "VAEDecode", "SaveImage");
    JsonNode base = g.get("10").get("inputs");
    assertThat(base.get("add_noise").asText()).isEqualTo("enable");
    assertThat(base.get("noise_seed").asLong()).isEqualTo(SEED.longValue());
    assertThat(base.get("steps").asInt()).isEqualTo(25);
    assertThat(base.get("start_at_step").asInt()).isZero();
    assertThat(base.get("end_at_step").asInt()).isEqualTo(20);
    assertThat(base.get("return_with_leftover_noise").asText()).isEqualTo("enable");
    assertThat(base.get("model").toString()).isEqualTo("[\"4\",0]");
    assertThat(base.get("latent_image").toString()).isEqualTo("[\"5\",0]");

    JsonNode ref = g.get("11").get("inputs");
    assertThat(ref.get("add_noise").asText()).isEqualTo("disable");
    assertThat(ref.get("steps").asInt()).isEqualTo(25);
    assertThat(ref.get("start_at_step").asInt()).isEqualTo(20);
    assertThat(ref.get("end_at_step").asInt()).isEqualTo(10000);
    assertThat(ref.get("return_with_leftover_noise").asText()).isEqualTo("disable");
    assertThat(ref.get("model").toString()).isEqualTo("[\"12\",0]");
    assertThat(ref.get("latent_image").toString()).isEqualTo("[\"10\",0]");
    assertThat(ref.get("positive").toString()).isEqualTo("[\"15\",0]");
    assertThat(ref.get("negative").toString()).isEqualTo("[\"16\",0]");
    // Refiner prompts are encoded with the refiner's CLIP; the image is decoded with the refiner's VAE.
    assertThat(g.get("15").get("inputs").get("clip").toString()).isEqualTo("[\"12\",1]");
    assertThat(g.get("15").get("inputs").get("text").asText()).isEqualTo("a cat");
    assertThat(g.get("16").get("inputs").get("text").asText()).isEqualTo("text, watermark");
    assertThat(g.get("12").get("inputs").get("ckpt_name").asText()).isEqualTo(REFINER);
    assertThat(g.get("17").get("inputs").get("vae").toString()).isEqualTo("[\"12\",2]");
    assertThat(g.get("19").get("inputs").get("images").toString()).isEqualTo("[\"17\",0]");
    assertThat(info.validate(g)).isEmpty();
  }

  @Test
  void switchStepRoundsStepsTimesSwitch() {
    assertThat(GraphBuilder.switchStep(30, 0.8)).isEqualTo(24);
    assertThat(GraphBuilder.switchStep(25, 0.8)).isEqualTo(20);
    assertThat(GraphBuilder.switchStep(40, 0.75)).isEqualTo(30);
    assertThat(GraphBuilder.switchStep(7, 0.5)).isEqualTo(4);
    assertThat(GraphBuilder.switchStep(33, 0.8)).isEqualTo(26);
  }

  @Test
  void lorasChainModelAndClipFromTheCheckpoint() {
    GraphSettings o = GraphSettings.builder().checkpoint(BASE).lora(GraphSettings.Lora.of("wrong.safetensors"))
        .lora(new GraphSettings.Lora("pixel-art-xl.safetensors", 0.7, 0.5)).build();
    ObjectNode g = builder.build(o, "a robot", SEED, null);

    JsonNode first = g.get("100").get("inputs");
    assertThat(g.get("100").get("class_type").asText()).isEqualTo("LoraLoader");
    assertThat(first.get("lora_name").asText()).isEqualTo("wrong.safetensors");
    assertThat(first.get("strength_model").asDouble()).isEqualTo(1.0);
    assertThat(first.get("strength_clip").asDouble()).isEqualTo(1.0);
    assertThat(first.get("model").toString()).isEqualTo("[\"4\",0]");
    assertThat(first.get("clip").toString()).isEqualTo("[\"4\",1]");
    JsonNode second = g.get("101").get("inputs");
    assertThat(second.get("strength_model").asDouble()).isEqualTo(0.7);
    assertThat(second.get("strength_clip").asDouble()).isEqualTo(0.5);
    assertThat(second.get("model").toString()).isEqualTo("[\"100\",0]");
    assertThat(second.get("clip").toString()).isEqualTo("[\"100\",1]");
    // Downstream nodes consume the last LoRA, not the checkpoint.
    assertThat(g.get("3").get("inputs").get("model").toString()).isEqualTo("[\"101\",0]");
    assertThat(g.get("6").get("inputs").get("clip").toString()).isEqualTo("[\"101\",1]");
    assertThat(g.get("7").get("inputs").get("clip").toString()).isEqualTo("[\"101\",1]");
    assertThat(g.get("8").get("inputs").get("vae").toString()).isEqualTo("[\"4\",2]");
    assertThat(info.validate(g)).isEmpty();
  }

  @Test
  void lorasWithRefinerApplyToTheBaseOnly() {
    GraphSettings o = GraphSettings.builder().checkpoint(BASE).refiner(REFINER)
        .lora(GraphSettings.Lora.of("wrong.safetensors")).build();
    ObjectNode g = builder.build(o, "x", SEED, null);
    assertThat(g.get("10").get("inputs").get("model").toString()).isEqualTo("[\"100\",0]");
    assertThat(g.get("11").get("inputs").get("model").toString()).isEqualTo("[\"12\",0]");
    assertThat(g.get("15").get("inputs").get("clip").toString()).isEqualTo("[\"12\",1]");
    assertThat(info.validate(g)).isEmpty();
  }

  @Test
  void img2imgLoadsEncodesAndDenoises() {
    GraphSettings o = GraphSettings.builder().checkpoint(BASE).build();
    ObjectNode g = builder.build(o, "a cat", SEED, "ref.png");
    assertThat(g.has("5")).isFalse();
    assertThat(g.get("21").get("class_type").asText()).isEqualTo("LoadImage");
    assertThat(g.get("21").get("inputs").get("image").asText()).isEqualTo("ref.png");
    assertThat(g.get("22").get("class_type").asText()).isEqualTo("VAEEncode");
    assertThat(g.get("22").get("inputs").get("pixels").toString()).isEqualTo("[\"21\",0]");
    assertThat(g.get("22").get("inputs").get("vae").toString()).isEqualTo("[\"4\",2]");
    assertThat(g.get("3").get("inputs").get("latent_image").toString()).isEqualTo("[\"22\",0]");
    assertThat(g.get("3").get("inputs").get("denoise").asDouble()).isEqualTo(0.75);
    assertThat(info.validate(g)).isEmpty();

    ObjectNode batch = builder.build(GraphSettings.builder().checkpoint(BASE).batchSize(3).denoise(0.4).build(),
        "a cat", SEED, "ref.png");
    assertThat(batch.get("23").get("class_type").asText()).isEqualTo("RepeatLatentBatch");
    assertThat(batch.get("23").get("inputs").get("amount").asInt()).isEqualTo(3);
    assertThat(batch.get("3").get("inputs").get("latent_image").toString()).isEqualTo("[\"23\",0]");
    assertThat(batch.get("3").get("inputs").get("denoise").asDouble()).isEqualTo(0.4);
    assertThat(info.validate(batch)).isEmpty();
  }

  @Test
  void img2imgWithRefinerStartsTheBaseLater() {
    GraphSettings o = GraphSettings.builder().checkpoint(BASE).refiner(REFINER).steps(30).denoise(0.5).build();
    ObjectNode g = builder.build(o, "x", SEED, "ref.png");
    assertThat(g.get("10").get("inputs").get("start_at_step").asInt()).isEqualTo(15);
    assertThat(g.get("10").get("inputs").get("end_at_step").asInt()).isEqualTo(24);
    assertThat(g.get("10").get("inputs").get("latent_image").toString()).isEqualTo("[\"22\",0]");
    assertThat(info.validate(g)).isEmpty();

    GraphSettings tooWeak = GraphSettings.builder().checkpoint(BASE).refiner(REFINER).steps(30).denoise(0.1).build();
    assertThatThrownBy(() -> builder.build(tooWeak, "x", SEED, "ref.png"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("leaves the base model no steps");
  }

  @Test
  void separateVaeIsLoadedAndUsedForDecoding() {
    GraphSettings o = GraphSettings.builder().checkpoint(BASE).refiner(REFINER).vae("sdxl_vae.safetensors").build();
    ObjectNode g = builder.build(o, "x", SEED, null);
    assertThat(g.get("20").get("class_type").asText()).isEqualTo("VAELoader");
    assertThat(g.get("20").get("inputs").get("vae_name").asText()).isEqualTo("sdxl_vae.safetensors");
    assertThat(g.get("17").get("inputs").get("vae").toString()).isEqualTo("[\"20\",0]");
    assertThat(info.validate(g)).isEmpty();
  }

  @Test
  void seedsCoverTheWholeUnsigned64BitRangeAsJsonIntegers() throws Exception {
    GraphSettings o = GraphSettings.builder().checkpoint(BASE).build();
    ObjectNode g = builder.build(o, "x", GraphBuilder.MAX_SEED, null);
    String json = TestResources.JSON.writeValueAsString(g);
    assertThat(json).contains("\"seed\":18446744073709551615");
    assertThat(GraphBuilder.unsignedSeed(-1L)).isEqualTo(GraphBuilder.MAX_SEED);
    assertThat(info.validate(g)).isEmpty();
    assertThatThrownBy(() -> builder.build(o, "x", GraphBuilder.MAX_SEED.add(BigInteger.ONE), null))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("seed 18446744073709551616 is invalid");
    assertThatThrownBy(() -> builder.build(o, "x", BigInteger.valueOf(-1), null))
        .hasMessageContaining("from 0 to 18446744073709551615");
  }

  @Test
  void saveImageUsesTheFilenamePrefix() {
    ObjectNode g = new GraphBuilder("darkroom/run-7").build(GraphSettings.builder().checkpoint(BASE).build(), "x", SEED, null);
    assertThat(g.get("9").get("inputs").get("filename_prefix").asText()).isEqualTo("darkroom/run-7");
    assertThat(g.get("9").get("inputs").get("images").toString()).isEqualTo("[\"8\",0]");
  }

  @Test
  void checkpointIsRequired() {
    assertThatThrownBy(() -> builder.build(GraphSettings.defaults(), "x", SEED, null))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("checkpoint is required");
  }

  static List<String> classTypes(JsonNode g) {
    List<String> out = new ArrayList<>();
    g.forEach(n -> out.add(n.get("class_type").asText()));
    return out;
  }

  static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
