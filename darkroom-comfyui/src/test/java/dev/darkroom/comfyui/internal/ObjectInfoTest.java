package dev.darkroom.comfyui.internal;

import dev.darkroom.spi.Closest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.InvalidRequestException;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectInfoTest {
  private static final String BASE = "sd_xl_base_1.0.safetensors";
  private final ObjectInfo info = TestResources.objectInfo();

  @Test
  void discoversModelsSamplersAndSchedulers() {
    assertThat(info.checkpoints()).containsExactly(BASE, "sd_xl_refiner_1.0.safetensors",
        "v1-5-pruned-emaonly.safetensors");
    assertThat(info.loras()).containsExactly("wrong.safetensors", "pixel-art-xl.safetensors",
        "styles/watercolor_v2.safetensors");
    assertThat(info.vaes()).containsExactly("sdxl_vae.safetensors", "taesdxl", "pixel_space");
    assertThat(info.embeddings()).containsExactly("wrong", "ugly-sonic", "negatives/easynegative");
    assertThat(info.samplers()).startsWith("euler", "euler_cfg_pp").contains("dpmpp_2m", "uni_pc_bh2").hasSize(44);
    assertThat(info.schedulers()).containsExactly("simple", "sgm_uniform", "karras", "exponential", "ddim_uniform",
        "beta", "normal", "linear_quadratic", "kl_optimal");
  }

  @Test
  void readsClassicAndV3InputShapes() {
    ObjectInfo.InputDef seed = info.node("KSampler").orElseThrow().inputs().get("seed");
    assertThat(seed.type()).isEqualTo("INT");
    assertThat(seed.max().toBigInteger()).isEqualTo(GraphBuilder.MAX_SEED);
    assertThat(info.node("ExampleV3Combo").orElseThrow().inputs().get("mode").options()).containsExactly("fast", "slow");
    assertThat(info.node("CLIPTextEncodeSDXLRefiner").orElseThrow().inputs().keySet())
        .containsExactly("ascore", "width", "height", "text", "clip");
    assertThat(info.node("SaveImage").orElseThrow().outputNode()).isTrue();
    assertThat(info.node("SaveImage").orElseThrow().inputs()).doesNotContainKey("prompt");
    assertThat(info.node("LoadImage").orElseThrow().inputs().get("image").customValidated()).isTrue();
  }

  @Test
  void modelsFolderListsAddToWhatNodesReport() {
    ObjectInfo more = info.withModels("checkpoints", List.of("new_model.safetensors"));
    assertThat(more.checkpoints()).endsWith("new_model.safetensors").contains(BASE);
  }

  @Test
  void refusesAMissingCheckpointNamingClosestMatchesFirst() {
    GraphSettings o = GraphSettings.builder().checkpoint("sd_xl_base_1.0.safetensor").build();
    assertThatThrownBy(() -> info.check(o, "a cat"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("checkpoint 'sd_xl_base_1.0.safetensor' is not available on this ComfyUI engine; available"
            + " (closest first): sd_xl_base_1.0.safetensors, sd_xl_refiner_1.0.safetensors,"
            + " v1-5-pruned-emaonly.safetensors");
  }

  @Test
  void refusesMissingLoraSamplerSchedulerVaeAndEmbedding() {
    assertThatThrownBy(() -> info.check(base().lora(GraphSettings.Lora.of("wrong")).build(), "x"))
        .hasMessageStartingWith("LoRA 'wrong' is not available on this ComfyUI engine; available (closest first):"
            + " wrong.safetensors,");
    // euler_a is A1111's name for euler_ancestral: a prefix counts as one edit, so it comes first
    assertThatThrownBy(() -> info.check(base().sampler("euler_a").build(), "x"))
        .hasMessageContaining("sampler 'euler_a' is not available").hasMessageContaining("closest first): euler_ancestral,")
        .hasMessageContaining("… and 24 more");
    assertThatThrownBy(() -> info.check(base().scheduler("Karras").build(), "x"))
        .hasMessageContaining("scheduler 'Karras' is not available on this ComfyUI engine; available (closest first): karras,");
    assertThatThrownBy(() -> info.check(base().vae("sdxl-vae.safetensors").build(), "x"))
        .hasMessageContaining("VAE 'sdxl-vae.safetensors'").hasMessageContaining("sdxl_vae.safetensors");
    assertThatThrownBy(() -> info.check(base().build(), "a photo, (embedding:ugly-sonik:1.2)"))
        .hasMessageContaining("embedding 'ugly-sonik' is not available on this ComfyUI engine; available (closest"
            + " first): ugly-sonic,");
    assertThatThrownBy(() -> info.check(base().negative("embedding:easynegative").build(), "x"))
        .hasMessageContaining("embedding 'easynegative'");
  }

  @Test
  void acceptsWhatTheEngineHas() {
    GraphSettings o = base().refiner("sd_xl_refiner_1.0.safetensors").lora(GraphSettings.Lora.of("wrong.safetensors"))
        .sampler("dpmpp_2m").scheduler("karras").vae("sdxl_vae.safetensors").negative("embedding:wrong").build();
    info.check(o, "a (embedding:ugly-sonic.pt:1.1) cat, embedding:negatives/easynegative");
    assertThat(ObjectInfo.embeddingRefs("(embedding:ugly-sonic:1.2), embedding:wrong.safetensors"))
        .containsExactly("ugly-sonic", "wrong.safetensors");
  }

  @Test
  void validateReportsProblemsInComfyUisTerms() {
    ObjectNode g = new GraphBuilder().build(base().build(), "x", BigInteger.ONE, null);
    ((ObjectNode) g.get("3").get("inputs")).put("sampler_name", "eulr");
    ((ObjectNode) g.get("3").get("inputs")).put("steps", 0);
    ((ObjectNode) g.get("5").get("inputs")).remove("batch_size");
    ((ObjectNode) g.get("5").get("inputs")).put("width", "wide");
    ((ObjectNode) g.get("8").get("inputs")).set("vae", ApiGraphs.link("4", 1));
    List<ObjectInfo.Problem> problems = info.validate(g);
    assertThat(problems).extracting(ObjectInfo.Problem::type).containsExactlyInAnyOrder("value_smaller_than_min",
        "value_not_in_list", "required_input_missing", "invalid_input_type", "return_type_mismatch");
    assertThat(problems).extracting(Object::toString).contains(
        "node 3 (KSampler): Value 0 smaller than min of 1: steps",
        "node 8 (VAEDecode): Return type mismatch between linked nodes: vae, received_type(CLIP) mismatch input_type(VAE)",
        "node 5 (EmptyLatentImage): Required input is missing: batch_size");
    assertThat(problems).filteredOn(p -> p.type().equals("value_not_in_list")).first().extracting(Object::toString)
        .asString().startsWith("node 3 (KSampler): Value not in list: sampler_name: 'eulr' not in (list of length 44);"
            + " closest: euler");
    assertThatThrownBy(() -> info.requireValid(g)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("the graph would be rejected by ComfyUI");
  }

  @Test
  void validateFindsUnknownNodesMissingOutputsAndDanglingLinks() {
    ObjectNode g = new GraphBuilder().build(base().build(), "x", BigInteger.ONE, null);
    ObjectNode unknown = g.deepCopy();
    unknown.putObject("50").put("class_type", "FancyUpscaler").putObject("inputs");
    assertThat(info.validate(unknown)).singleElement().extracting(ObjectInfo.Problem::type).isEqualTo("missing_node_type");

    ObjectNode noOutput = g.deepCopy();
    noOutput.remove("9");
    assertThat(info.validate(noOutput)).singleElement().extracting(ObjectInfo.Problem::type).isEqualTo("prompt_no_outputs");

    ObjectNode dangling = g.deepCopy();
    ((ObjectNode) dangling.get("8").get("inputs")).set("samples", ApiGraphs.link("77", 0));
    assertThat(info.validate(dangling)).singleElement().extracting(ObjectInfo.Problem::type).isEqualTo("bad_linked_input");

    ObjectNode badLink = g.deepCopy();
    ArrayNode three = ((ObjectNode) badLink.get("8").get("inputs")).putArray("samples");
    three.add("3").add(0).add(1);
    assertThat(info.validate(badLink)).singleElement().extracting(ObjectInfo.Problem::type).isEqualTo("bad_linked_input");
  }

  @Test
  void validateSkipsTheUploadedImageListAndAcceptsIntegralFloatsAsComfyUiDoes() {
    ObjectNode g = new GraphBuilder().build(base().build(), "x", BigInteger.ONE, "uploaded-after-object-info.png");
    ((ObjectNode) g.get("3").get("inputs")).put("cfg", 8);
    ((ObjectNode) g.get("3").get("inputs")).put("steps", "20");
    assertThat(info.validate(g)).isEmpty();
  }

  @Test
  void closestOrdersByEditDistance() {
    assertThat(Closest.ranked("eulr", List.of("heun", "euler_ancestral", "euler", "lms"))).startsWith("euler", "heun");
    assertThat(Closest.distance("kitten", "sitting")).isEqualTo(3);
  }

  private static GraphSettings.Builder base() {
    return GraphSettings.builder().checkpoint(BASE);
  }
}
