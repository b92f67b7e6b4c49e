package dev.darkroom.comfyui.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.InvalidRequestException;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class WorkflowFillerTest {
  private static final BigInteger SEED = new BigInteger("18446744073709551615");
  private final GraphBuilder builder = new GraphBuilder();
  private final ObjectInfo info = TestResources.objectInfo();

  @Test
  void titledNodesReceiveTheirValues() {
    GraphSettings o = GraphSettings.builder().workflow(TestResources.json("workflow_titled_api.json"))
        .negative("blurry").size(768, 1024).build();
    ObjectNode g = builder.build(o, "a lighthouse", SEED, null);
    assertThat(g.get("6").get("inputs").get("text").asText()).isEqualTo("a lighthouse");
    assertThat(g.get("7").get("inputs").get("text").asText()).isEqualTo("blurry");
    assertThat(g.get("3").get("inputs").get("seed").bigIntegerValue()).isEqualTo(SEED);
    assertThat(g.get("5").get("inputs").get("width").asInt()).isEqualTo(768);
    assertThat(g.get("5").get("inputs").get("height").asInt()).isEqualTo(1024);
    // Values the options leave at their defaults stay as the workflow has them.
    assertThat(g.get("3").get("inputs").get("steps").asInt()).isEqualTo(20);
    assertThat(g.get("3").get("inputs").get("cfg").asInt()).isEqualTo(8);
    assertThat(g.get("5").get("inputs").get("batch_size").asInt()).isEqualTo(1);
    assertThat(g.get("6").get("inputs").get("clip").toString()).isEqualTo("[\"4\",1]");
    assertThat(info.validate(g)).isEmpty();
  }

  @Test
  void conventionsFillAnUntitledWorkflow() {
    GraphSettings o = GraphSettings.builder().workflow(TestResources.json("workflow_plain_api.json"))
        .negative("ugly").steps(35).cfg(5.5).sampler("dpmpp_2m").scheduler("karras").batchSize(2)
        .checkpoint("sd_xl_base_1.0.safetensors").build();
    ObjectNode g = builder.build(o, "a fox", BigInteger.TEN, null);
    JsonNode ks = g.get("3").get("inputs");
    assertThat(g.get("6").get("inputs").get("text").asText()).isEqualTo("a fox");
    assertThat(g.get("7").get("inputs").get("text").asText()).isEqualTo("ugly");
    assertThat(ks.get("seed").asLong()).isEqualTo(10);
    assertThat(ks.get("steps").asInt()).isEqualTo(35);
    assertThat(ks.get("cfg").asDouble()).isEqualTo(5.5);
    assertThat(ks.get("sampler_name").asText()).isEqualTo("dpmpp_2m");
    assertThat(ks.get("scheduler").asText()).isEqualTo("karras");
    assertThat(g.get("5").get("inputs").get("batch_size").asInt()).isEqualTo(2);
    assertThat(g.get("5").get("inputs").get("width").asInt()).isEqualTo(512);
    assertThat(g.get("4").get("inputs").get("ckpt_name").asText()).isEqualTo("sd_xl_base_1.0.safetensors");
    assertThat(info.validate(g)).isEmpty();
  }

  @Test
  void theOptionsWorkflowIsNotModified() {
    GraphSettings o = GraphSettings.builder().workflow(TestResources.json("workflow_plain_api.json")).build();
    builder.build(o, "changed", BigInteger.ONE, null);
    assertThat(o.workflow().get("6").get("inputs").get("text").asText()).startsWith("beautiful scenery");
  }

  @Test
  void customNamedInputsNeedATitledNode() {
    ObjectNode wf = (ObjectNode) TestResources.json("workflow_plain_api.json");
    ((ObjectNode) wf.get("9").get("_meta")).put("title", "darkroom:filename_prefix");
    GraphSettings o = GraphSettings.builder().workflow(wf).workflowInput("filename_prefix", "run42").build();
    assertThat(builder.build(o, "x", BigInteger.ONE, null).get("9").get("inputs").get("filename_prefix").asText())
        .isEqualTo("run42");

    GraphSettings missing = GraphSettings.builder().workflow(TestResources.json("workflow_plain_api.json"))
        .workflowInput("style", "ink").build();
    assertThatThrownBy(() -> builder.build(missing, "x", BigInteger.ONE, null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("has no place for style: title the node that should receive it darkroom:style");
  }

  @Test
  void aTitledNodeWithoutTheInputIsAnError() {
    ObjectNode wf = (ObjectNode) TestResources.json("workflow_plain_api.json");
    ((ObjectNode) wf.get("8").get("_meta")).put("title", "darkroom:prompt");
    GraphSettings o = GraphSettings.builder().workflow(wf).build();
    assertThatThrownBy(() -> builder.build(o, "x", BigInteger.ONE, null))
        .hasMessageContaining("workflow node 8 (VAEDecode) is titled darkroom:prompt but has no literal input text")
        .hasMessageContaining("its inputs: [samples, vae]");
  }

  @Test
  void aWorkflowWithNowhereForThePromptIsRefused() {
    ObjectNode wf = (ObjectNode) TestResources.json("workflow_plain_api.json");
    wf.remove("6");
    ((ObjectNode) wf.get("3").get("inputs")).remove("positive");
    GraphSettings o = GraphSettings.builder().workflow(wf).build();
    assertThatThrownBy(() -> builder.build(o, "x", BigInteger.ONE, null))
        .hasMessageContaining("has no place for prompt")
        .hasMessageContaining("CLIPTextEncode linked to a sampler's positive input");
  }

  @Test
  void uiFormatIsRefusedWithHowToExport() {
    JsonNode ui = TestResources.JSON.createObjectNode().put("last_node_id", 9).set("nodes",
        TestResources.JSON.createArrayNode());
    ((ObjectNode) ui).set("links", TestResources.JSON.createArrayNode());
    assertThatThrownBy(() -> GraphSettings.builder().workflow(ui).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("ComfyUI's UI format").hasMessageContaining("File → Export (API)");
  }
}
