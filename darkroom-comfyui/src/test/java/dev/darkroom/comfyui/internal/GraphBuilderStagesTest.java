package dev.darkroom.comfyui.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.comfyui.ComfyOptions.Stage;
import dev.darkroom.testkit.FakeComfyUI;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Prompt stages (A1111 prompt editing and alternation) in the built graph, checked against FakeComfyUI's nodes. */
class GraphBuilderStagesTest {
  private static final String BASE = "sd_xl_base_1.0.safetensors";
  private static final String REFINER = "sd_xl_refiner_1.0.safetensors";
  private static final BigInteger SEED = BigInteger.valueOf(42);
  private static final List<Stage> CAT_DOG = List.of(Stage.ofSteps(1, 10, 20, "a cat hat"),
      Stage.ofSteps(11, 20, 20, "a dog hat"));

  private static FakeComfyUI fake;
  private static ObjectInfo info;
  private final GraphBuilder builder = new GraphBuilder();

  @BeforeAll
  static void fetchObjectInfo() throws Exception {
    fake = FakeComfyUI.start();
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/object_info")).build(),
        HttpResponse.BodyHandlers.ofString());
    info = ObjectInfo.parse(TestResources.JSON.readTree(r.body()));
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @Test
  void fakeDeclaresTheConditioningNodesAsNodesPyDoes() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/object_info")).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode all = TestResources.JSON.readTree(r.body());
    JsonNode range = all.get("ConditioningSetTimestepRange").get("input").get("required");
    assertThat(range.get("conditioning").get(0).asText()).isEqualTo("CONDITIONING");
    assertThat(range.get("start").get(1).get("default").asDouble()).isEqualTo(0.0);
    assertThat(range.get("start").get(1).get("max").asDouble()).isEqualTo(1.0);
    assertThat(range.get("end").get(1).get("default").asDouble()).isEqualTo(1.0);
    assertThat(range.get("end").get(1).get("step").asDouble()).isEqualTo(0.001);
    JsonNode combine = all.get("ConditioningCombine").get("input").get("required");
    assertThat(GraphBuilderTest.fieldNames(combine)).containsExactly("conditioning_1", "conditioning_2");
    assertThat(all.get("ConditioningCombine").get("output").get(0).asText()).isEqualTo("CONDITIONING");
  }

  @Test
  void twoStagesAreTwoEncodersWithRangesCombinedIntoThePositiveInput() {
    GraphSettings o = GraphSettings.builder().checkpoint(BASE).steps(20).promptStages(CAT_DOG).build();
    ObjectNode g = builder.build(o, "a dog hat", SEED, null);

    assertThat(GraphBuilderTest.classTypes(g)).filteredOn("CLIPTextEncode"::equals).hasSize(3);
    assertThat(g.get("1000").get("inputs").get("text").asText()).isEqualTo("a cat hat");
    assertThat(g.get("1002").get("inputs").get("text").asText()).isEqualTo("a dog hat");
    assertThat(g.get("1000").get("inputs").get("clip").toString()).isEqualTo("[\"4\",1]");
    assertRange(g, "1001", "1000", 0.0, 0.5);
    assertRange(g, "1003", "1002", 0.5, 1.0);
    JsonNode combine = g.get("6");
    assertThat(combine.get("class_type").asText()).isEqualTo("ConditioningCombine");
    assertThat(combine.get("inputs").get("conditioning_1").toString()).isEqualTo("[\"1001\",0]");
    assertThat(combine.get("inputs").get("conditioning_2").toString()).isEqualTo("[\"1003\",0]");
    assertThat(g.get("3").get("inputs").get("positive").toString()).isEqualTo("[\"6\",0]");
    assertThat(g.get("7").get("class_type").asText()).isEqualTo("CLIPTextEncode");
    assertThat(GraphBuilderTest.fieldNames(g.get("1001").get("inputs"))).containsExactly("start", "end",
        "conditioning");
    assertThat(info.validate(g)).isEmpty();
  }

  @Test
  void fourStagesFoldIntoAChainOfThreeCombines() {
    List<Stage> stages = List.of(Stage.ofSteps(1, 1, 4, "a"), Stage.ofSteps(2, 2, 4, "b"),
        Stage.ofSteps(3, 3, 4, "a"), Stage.ofSteps(4, 4, 4, "b"));
    ObjectNode g = builder.build(GraphSettings.builder().checkpoint(BASE).steps(4).promptStages(stages).build(),
        "b", SEED, null);

    assertThat(GraphBuilderTest.classTypes(g)).filteredOn("ConditioningSetTimestepRange"::equals).hasSize(4);
    assertThat(GraphBuilderTest.classTypes(g)).filteredOn("ConditioningCombine"::equals).hasSize(3);
    assertRange(g, "1001", "1000", 0.0, 0.25);
    assertRange(g, "1003", "1002", 0.25, 0.5);
    assertRange(g, "1006", "1005", 0.5, 0.75);
    assertRange(g, "1009", "1008", 0.75, 1.0);
    // ((s1 + s2) + s3) + s4, the last combine under the positive encoder's id.
    assertCombine(g, "1004", "1001", "1003");
    assertCombine(g, "1007", "1004", "1006");
    assertCombine(g, "6", "1007", "1009");
    assertThat(info.validate(g)).isEmpty();
  }

  @Test
  void negativeStagesAndTheRefinerGetTheSameRanges() {
    List<Stage> negative = List.of(Stage.ofSteps(1, 5, 10, "blurry"), Stage.ofSteps(6, 10, 10, "text"));
    GraphSettings o = GraphSettings.builder().checkpoint(BASE).refiner(REFINER).steps(20).negative("text")
        .promptStages(CAT_DOG).negativeStages(negative).build();
    ObjectNode g = builder.build(o, "a dog hat", SEED, null);

    assertCombine(g, "6", "1001", "1003");
    assertCombine(g, "7", "1005", "1007");
    assertRange(g, "1005", "1004", 0.0, 0.5);
    assertThat(g.get("1004").get("inputs").get("text").asText()).isEqualTo("blurry");
    // The refiner encodes the same stages with its own CLIP.
    assertCombine(g, "15", "1009", "1011");
    assertCombine(g, "16", "1013", "1015");
    assertThat(g.get("1008").get("inputs").get("clip").toString()).isEqualTo("[\"12\",1]");
    assertThat(g.get("1008").get("inputs").get("text").asText()).isEqualTo("a cat hat");
    assertRange(g, "1011", "1010", 0.5, 1.0);
    assertThat(g.get("10").get("inputs").get("positive").toString()).isEqualTo("[\"6\",0]");
    assertThat(g.get("11").get("inputs").get("negative").toString()).isEqualTo("[\"16\",0]");
    assertThat(info.validate(g)).isEmpty();
  }

  @Test
  void stagesSurviveTheCanonicalMapAndRefuseAWorkflow() {
    GraphSettings o = GraphSettings.builder().checkpoint(BASE).promptStages(CAT_DOG).build();
    Map<String, Object> m = o.toMap();
    assertThat(m.get("prompt_stages")).isEqualTo(List.of(Map.of("start", 0.0, "end", 0.5, "text", "a cat hat"),
        Map.of("start", 0.5, "end", 1.0, "text", "a dog hat")));
    assertThat(GraphSettings.fromMap(m).promptStages()).isEqualTo(CAT_DOG);
    assertThat(GraphSettings.fromMap(m).toMap()).isEqualTo(m);
    assertThatThrownBy(() -> GraphSettings.builder().workflow(TestResources.json("workflow_plain_api.json"))
        .promptStages(CAT_DOG).build()).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("prompt stages cannot be combined with a workflow");
  }

  @Test
  void anEmbeddingOnlyAnEarlierStageUsesIsCheckedToo() {
    ObjectInfo withEmbeddings = TestResources.objectInfo();
    GraphSettings o = GraphSettings.builder().checkpoint(BASE).promptStages(List.of(
        new Stage(0, 0.5, "a embedding:no-such-embedding hat"), new Stage(0.5, 1, "a dog hat"))).build();
    assertThatThrownBy(() -> withEmbeddings.check(o, "a dog hat")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("no-such-embedding");
  }

  private static void assertRange(JsonNode g, String id, String encoder, double start, double end) {
    JsonNode n = g.get(id);
    assertThat(n.get("class_type").asText()).isEqualTo("ConditioningSetTimestepRange");
    assertThat(n.get("inputs").get("start").asDouble()).isEqualTo(start);
    assertThat(n.get("inputs").get("end").asDouble()).isEqualTo(end);
    assertThat(n.get("inputs").get("start").isDouble()).isTrue();
    assertThat(n.get("inputs").get("conditioning").toString()).isEqualTo("[\"" + encoder + "\",0]");
  }

  private static void assertCombine(JsonNode g, String id, String first, String second) {
    JsonNode n = g.get(id);
    assertThat(n.get("class_type").asText()).isEqualTo("ConditioningCombine");
    assertThat(n.get("inputs").get("conditioning_1").toString()).isEqualTo("[\"" + first + "\",0]");
    assertThat(n.get("inputs").get("conditioning_2").toString()).isEqualTo("[\"" + second + "\",0]");
  }
}
