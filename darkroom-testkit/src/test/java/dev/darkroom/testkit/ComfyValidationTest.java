package dev.darkroom.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeComfyUIExtension.class)
class ComfyValidationTest {

  private static JsonNode rejected(ComfyHttp http, ObjectNode graph) throws Exception {
    HttpResponse<String> response = http.submit(graph, "c");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    return ComfyHttp.MAPPER.readTree(response.body());
  }

  private static ObjectNode inputs(ObjectNode graph, String node) {
    return (ObjectNode) graph.get(node).get("inputs");
  }

  @Test
  void unknownClassTypeIsMissingNodeTypeWithoutNodeErrors(FakeComfyUI comfy) throws Exception {
    ObjectNode graph = ComfyGraphs.basic(1, 512, 512, 1);
    ((ObjectNode) graph.get("8")).put("class_type", "VAEDecodeTiledPlus");

    JsonNode body = rejected(new ComfyHttp(comfy), graph);

    assertThat(body.at("/error/type").asText()).isEqualTo("missing_node_type");
    assertThat(body.at("/error/message").asText())
        .isEqualTo("Node 'VAEDecodeTiledPlus' not found. The custom node may not be installed.");
    assertThat(body.at("/error/details").asText()).isEqualTo("Node ID '#8'");
    assertThat(body.at("/error/extra_info/class_type").asText()).isEqualTo("VAEDecodeTiledPlus");
    assertThat(body.get("node_errors").size()).isZero();
  }

  @Test
  void aGraphWithoutSaveOrPreviewHasNoOutputs(FakeComfyUI comfy) throws Exception {
    ObjectNode graph = ComfyGraphs.basic(1, 512, 512, 1);
    graph.remove("9");

    JsonNode body = rejected(new ComfyHttp(comfy), graph);

    assertThat(body.get("error").toString())
        .isEqualTo("{\"type\":\"prompt_no_outputs\",\"message\":\"Prompt has no outputs\",\"details\":\"\",\"extra_info\":{}}");
  }

  @Test
  void missingRequiredInputIsReportedOnItsNodeWithTheOutputItBlocks(FakeComfyUI comfy) throws Exception {
    ObjectNode graph = ComfyGraphs.basic(1, 512, 512, 1);
    inputs(graph, "3").remove("steps");

    JsonNode body = rejected(new ComfyHttp(comfy), graph);

    assertThat(body.at("/error/type").asText()).isEqualTo("prompt_outputs_failed_validation");
    assertThat(body.at("/error/message").asText()).isEqualTo("Prompt outputs failed validation");
    assertThat(body.get("node_errors").fieldNames()).toIterable().containsExactly("3");
    JsonNode error = body.at("/node_errors/3/errors/0");
    assertThat(error.get("type").asText()).isEqualTo("required_input_missing");
    assertThat(error.get("message").asText()).isEqualTo("Required input is missing");
    assertThat(error.get("details").asText()).isEqualTo("steps");
    assertThat(error.at("/extra_info/input_name").asText()).isEqualTo("steps");
    assertThat(body.at("/node_errors/3/dependent_outputs/0").asText()).isEqualTo("9");
    assertThat(body.at("/node_errors/3/class_type").asText()).isEqualTo("KSampler");
  }

  @Test
  void unknownCheckpointIsValueNotInListNamingTheAllowedFiles(FakeComfyUI comfy) throws Exception {
    ObjectNode graph = ComfyGraphs.basic(1, 512, 512, 1);
    inputs(graph, "4").put("ckpt_name", "sd_xl_turbo.safetensors");

    JsonNode body = rejected(new ComfyHttp(comfy), graph);

    JsonNode error = body.at("/node_errors/4/errors/0");
    assertThat(error.get("type").asText()).isEqualTo("value_not_in_list");
    assertThat(error.get("message").asText()).isEqualTo("Value not in list");
    assertThat(error.get("details").asText()).isEqualTo("ckpt_name: 'sd_xl_turbo.safetensors' not in "
        + "['sd_xl_base_1.0.safetensors', 'sd_xl_refiner_1.0.safetensors']");
    assertThat(error.at("/extra_info/received_value").asText()).isEqualTo("sd_xl_turbo.safetensors");
    assertThat(error.at("/extra_info/input_config/0/1").asText()).isEqualTo("sd_xl_refiner_1.0.safetensors");
    assertThat(body.at("/error/details").asText())
        .as("ComfyUI lists only the output node's own errors here").isEmpty();
  }

  @Test
  void longListsAreSummarisedAndTheirConfigLeftOut(FakeComfyUI comfy) throws Exception {
    ObjectNode graph = ComfyGraphs.basic(1, 512, 512, 1);
    inputs(graph, "3").put("sampler_name", "euler_a");

    JsonNode error = rejected(new ComfyHttp(comfy), graph).at("/node_errors/3/errors/0");

    assertThat(error.get("details").asText())
        .isEqualTo("sampler_name: 'euler_a' not in (list of length " + FakeComfyUI.samplers().size() + ")");
    assertThat(error.at("/extra_info/input_config").isNull()).isTrue();
  }

  @Test
  void numbersOutsideTheirRangeNameMinOrMax(FakeComfyUI comfy) throws Exception {
    ObjectNode graph = ComfyGraphs.basic(1, 512, 512, 1);
    inputs(graph, "3").put("cfg", 150);
    inputs(graph, "3").put("steps", 0);
    inputs(graph, "5").put("width", 8);

    JsonNode body = rejected(new ComfyHttp(comfy), graph);

    assertThat(body.at("/node_errors/3/errors")).extracting(e -> e.get("type").asText() + " | "
        + e.get("message").asText() + " | " + e.get("details").asText())
        .containsExactly("value_smaller_than_min | Value 0 smaller than min of 1 | steps",
            "value_bigger_than_max | Value 150.0 bigger than max of 100.0 | cfg");
    assertThat(body.at("/node_errors/5/errors/0/message").asText()).isEqualTo("Value 8 smaller than min of 16");
    assertThat(body.at("/node_errors/5/errors/0/extra_info/received_value").asInt()).isEqualTo(8);
  }

  @Test
  void aSeedAboveTwoToTheSixtyFourIsTooBig(FakeComfyUI comfy) throws Exception {
    ObjectNode graph = ComfyGraphs.basic(1, 512, 512, 1);
    inputs(graph, "3").put("seed", new java.math.BigInteger("18446744073709551616"));

    JsonNode error = rejected(new ComfyHttp(comfy), graph).at("/node_errors/3/errors/0");

    assertThat(error.get("message").asText())
        .isEqualTo("Value 18446744073709551616 bigger than max of 18446744073709551615");
  }

  @Test
  void aValueThatDoesNotConvertIsInvalidInputType(FakeComfyUI comfy) throws Exception {
    ObjectNode graph = ComfyGraphs.basic(1, 512, 512, 1);
    inputs(graph, "3").put("steps", "many");

    JsonNode error = rejected(new ComfyHttp(comfy), graph).at("/node_errors/3/errors/0");

    assertThat(error.get("type").asText()).isEqualTo("invalid_input_type");
    assertThat(error.get("message").asText()).isEqualTo("Failed to convert an input value to a INT value");
    assertThat(error.get("details").asText())
        .isEqualTo("steps, many, invalid literal for int() with base 10: 'many'");
  }

  @Test
  void numericStringsAreConvertedAndStoredConverted(FakeComfyUI comfy) throws Exception {
    ComfyHttp http = new ComfyHttp(comfy);
    String clientId = ComfyHttp.newClientId();
    ComfyHttp.Events events = http.connect(clientId);
    ObjectNode graph = ComfyGraphs.basic(1, 512, 512, 1);
    inputs(graph, "3").put("steps", "3").put("cfg", 7);

    String promptId = http.queue(graph, clientId);
    events.untilDone(promptId);

    JsonNode stored = http.getJson("/history/" + promptId).at("/" + promptId + "/prompt/2/3/inputs");
    assertThat(stored.get("steps").isInt()).isTrue();
    assertThat(stored.get("cfg").isDouble()).isTrue();
  }

  @Test
  void linkingAClipWhereAModelBelongsIsReturnTypeMismatch(FakeComfyUI comfy) throws Exception {
    ObjectNode graph = ComfyGraphs.basic(1, 512, 512, 1);
    ((ArrayNode) inputs(graph, "3").get("model")).set(1, 1);

    JsonNode error = rejected(new ComfyHttp(comfy), graph).at("/node_errors/3/errors/0");

    assertThat(error.get("type").asText()).isEqualTo("return_type_mismatch");
    assertThat(error.get("message").asText()).isEqualTo("Return type mismatch between linked nodes");
    assertThat(error.get("details").asText()).isEqualTo("model, received_type(CLIP) mismatch input_type(MODEL)");
    assertThat(error.at("/extra_info/received_type").asText()).isEqualTo("CLIP");
    assertThat(error.at("/extra_info/linked_node").toString()).isEqualTo("[\"4\",1]");
  }

  @Test
  void aLinkOfThreeElementsIsBadLinkedInput(FakeComfyUI comfy) throws Exception {
    ObjectNode graph = ComfyGraphs.basic(1, 512, 512, 1);
    ((ArrayNode) inputs(graph, "8").get("vae")).add(0);

    JsonNode error = rejected(new ComfyHttp(comfy), graph).at("/node_errors/8/errors/0");

    assertThat(error.get("type").asText()).isEqualTo("bad_linked_input");
    assertThat(error.get("details").asText()).isEqualTo("vae");
  }

  @Test
  void aLinkToAMissingNodeFailsAsComfyUisKeyError(FakeComfyUI comfy) throws Exception {
    ObjectNode graph = ComfyGraphs.basic(1, 512, 512, 1);
    ((ArrayNode) inputs(graph, "3").get("positive")).set(0, "99");
    ObjectNode direct = ComfyGraphs.basic(1, 512, 512, 1);
    ((ArrayNode) inputs(direct, "9").get("images")).set(1, 3);
    ComfyHttp http = new ComfyHttp(comfy);

    JsonNode inner = rejected(http, graph).at("/node_errors/3/errors/0");
    JsonNode top = rejected(http, direct).at("/node_errors/9/errors/0");

    assertThat(inner.get("type").asText()).isEqualTo("exception_during_inner_validation");
    assertThat(inner.get("details").asText()).isEqualTo("'99'");
    assertThat(inner.at("/extra_info/exception_type").asText()).isEqualTo("KeyError");
    assertThat(inner.at("/extra_info/input_name").asText()).as("the input that led to node 3").isEqualTo("samples");
    assertThat(top.get("type").asText()).isEqualTo("exception_during_validation");
    assertThat(top.get("details").asText()).isEqualTo("tuple index out of range");
    assertThat(top.at("/extra_info/exception_type").asText()).isEqualTo("IndexError");
  }

  @Test
  void aCycleIsReportedOnEveryNodeInIt(FakeComfyUI comfy) throws Exception {
    ObjectNode graph = ComfyGraphs.basic(1, 512, 512, 1);
    graph.putObject("20").put("class_type", "LatentUpscale").putObject("inputs")
        .put("upscale_method", "bislerp").put("width", 512).put("height", 512).put("crop", "disabled")
        .putArray("samples").add("3").add(0);
    ((ArrayNode) inputs(graph, "3").get("latent_image")).set(0, "20");

    JsonNode body = rejected(new ComfyHttp(comfy), graph);

    assertThat(body.at("/node_errors/3/errors/0/type").asText()).isEqualTo("dependency_cycle");
    assertThat(body.at("/node_errors/20/errors/0/type").asText()).isEqualTo("dependency_cycle");
    assertThat(body.at("/node_errors/3/errors/0/details").asText())
        .isEqualTo("3 (KSampler) -> 20 (LatentUpscale) -> 3 (KSampler)");
  }

  @Test
  void aClientChosenPromptIdMustBeACanonicalUuid(FakeComfyUI comfy) throws Exception {
    ComfyHttp http = new ComfyHttp(comfy);
    ObjectNode body = ComfyHttp.MAPPER.createObjectNode();
    body.set("prompt", ComfyGraphs.basic(1, 512, 512, 1));
    body.put("prompt_id", "1B4E28BA-2FA1-11D2-883F-0016D3CCA427");

    HttpResponse<String> upper = http.post("/prompt", body.toString());
    body.put("prompt_id", "1b4e28ba-2fa1-11d2-883f-0016d3cca427");
    HttpResponse<String> canonical = http.post("/prompt", body.toString());

    assertThat(upper.statusCode()).isEqualTo(400);
    JsonNode error = ComfyHttp.MAPPER.readTree(upper.body());
    assertThat(error.at("/error/type").asText()).isEqualTo("invalid_prompt_id");
    assertThat(error.at("/error/message").asText()).isEqualTo("prompt_id must be a valid UUID");
    assertThat(error.get("node_errors").size()).isZero();
    assertThat(canonical.statusCode()).isEqualTo(200);
    JsonNode ok = ComfyHttp.MAPPER.readTree(canonical.body());
    assertThat(ok.get("prompt_id").asText()).isEqualTo("1b4e28ba-2fa1-11d2-883f-0016d3cca427");
    assertThat(ok.get("number").asInt()).isEqualTo(1);
    assertThat(ok.get("node_errors").size()).isZero();
  }

  @Test
  void olderVersionsTakeAnyPromptIdOrIgnoreIt() throws Exception {
    ObjectNode body = ComfyHttp.MAPPER.createObjectNode();
    body.set("prompt", ComfyGraphs.basic(1, 512, 512, 1));
    body.put("prompt_id", "my-job-1");
    try (FakeComfyUI unchecked = FakeComfyUI.builder().version("0.3.60").start();
        FakeComfyUI ignoring = FakeComfyUI.builder().version("0.3.40").start()) {
      JsonNode taken = ComfyHttp.MAPPER.readTree(new ComfyHttp(unchecked).post("/prompt", body.toString()).body());
      JsonNode minted = ComfyHttp.MAPPER.readTree(new ComfyHttp(ignoring).post("/prompt", body.toString()).body());

      assertThat(taken.get("prompt_id").asText()).isEqualTo("my-job-1");
      assertThat(minted.get("prompt_id").asText()).isNotEqualTo("my-job-1").hasSize(36);
    }
  }

  @Test
  void aBodyWithoutPromptIsNoPromptAndBrokenJsonIsAServerError(FakeComfyUI comfy) throws Exception {
    ComfyHttp http = new ComfyHttp(comfy);

    HttpResponse<String> noPrompt = http.post("/prompt", "{\"client_id\": \"x\"}");
    HttpResponse<String> broken = http.post("/prompt", "{not json");

    assertThat(noPrompt.statusCode()).isEqualTo(400);
    assertThat(ComfyHttp.MAPPER.readTree(noPrompt.body()).at("/error/type").asText()).isEqualTo("no_prompt");
    assertThat(broken.statusCode()).isEqualTo(500);
  }

  @Test
  void anErrorOnTheOutputNodeItselfIsSpelledOutInTheTopLevelDetails(FakeComfyUI comfy) throws Exception {
    ObjectNode graph = ComfyGraphs.basic(1, 512, 512, 1);
    inputs(graph, "9").remove("filename_prefix");

    JsonNode body = rejected(new ComfyHttp(comfy), graph);

    assertThat(body.at("/error/details").asText()).isEqualTo("Required input is missing: filename_prefix");
    assertThat(body.at("/node_errors/9/dependent_outputs/0").asText()).isEqualTo("9");
  }

  @Test
  void oneInvalidOutputAmongValidOnesIsQueuedWithNodeErrors(FakeComfyUI comfy) throws Exception {
    ComfyHttp http = new ComfyHttp(comfy);
    String clientId = ComfyHttp.newClientId();
    ComfyHttp.Events events = http.connect(clientId);
    ObjectNode graph = ComfyGraphs.basic(1, 512, 512, 1);
    graph.putObject("30").put("class_type", "ImageScale").putObject("inputs")
        .put("upscale_method", "super-resolution").put("width", 1024).put("height", 1024).put("crop", "disabled")
        .putArray("image").add("8").add(0);
    graph.putObject("31").put("class_type", "SaveImage").putObject("inputs")
        .put("filename_prefix", "big").putArray("images").add("30").add(0);

    HttpResponse<String> response = http.submit(graph, clientId);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = ComfyHttp.MAPPER.readTree(response.body());
    assertThat(body.at("/node_errors/30/errors/0/type").asText()).isEqualTo("value_not_in_list");
    assertThat(body.at("/node_errors/30/dependent_outputs/0").asText()).isEqualTo("31");
    String promptId = body.get("prompt_id").asText();
    events.untilDone(promptId);
    JsonNode history = http.getJson("/history/" + promptId).get(promptId);
    assertThat(history.get("outputs").fieldNames()).toIterable().containsExactly("9");
    assertThat(history.at("/prompt/4")).extracting(JsonNode::asText).containsExactly("9");
  }
}
