package dev.darkroom.comfyui.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkroom.InvalidRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphSettingsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void defaultsAreDocumentedValues() {
    GraphSettings o = GraphSettings.defaults();
    assertThat(o.steps()).isEqualTo(30);
    assertThat(o.cfg()).isEqualTo(7.0);
    assertThat(o.sampler()).isEqualTo("euler");
    assertThat(o.scheduler()).isEqualTo("normal");
    assertThat(o.refinerSwitch()).isEqualTo(0.8);
    assertThat(o.denoise(true)).isEqualTo(0.75);
    assertThat(o.denoise(false)).isEqualTo(1.0);
    assertThat(o.width()).isEqualTo(1024);
    assertThat(o.height()).isEqualTo(1024);
    assertThat(o.batchSize()).isEqualTo(1);
    assertThat(o.negative()).isEmpty();
    assertThat(o.isExplicit("steps")).isFalse();
  }

  @Test
  void loraSpecsParseWithClipWeightDefaultingToModelWeight() {
    assertThat(GraphSettings.Lora.parse("wrong.safetensors")).isEqualTo(new GraphSettings.Lora("wrong.safetensors", 1, 1));
    assertThat(GraphSettings.Lora.parse("wrong.safetensors:0.7")).isEqualTo(new GraphSettings.Lora("wrong.safetensors", 0.7, 0.7));
    assertThat(GraphSettings.Lora.parse("wrong:0.7:0.3")).isEqualTo(new GraphSettings.Lora("wrong", 0.7, 0.3));
    assertThat(GraphSettings.Lora.parse("C:style:0.5")).isEqualTo(new GraphSettings.Lora("C:style", 0.5, 0.5));
    assertThat(new GraphSettings.Lora("a.safetensors", 1.0, 0.25).toSpec()).isEqualTo("a.safetensors:1:0.25");
    assertThatThrownBy(() -> GraphSettings.Lora.parse(":0.5")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("loras");
  }

  @Test
  void validationNamesFieldValueAndRange() {
    assertThatThrownBy(() -> GraphSettings.builder().steps(0).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("steps 0 is invalid: expected an integer from 1 to 10000");
    assertThatThrownBy(() -> GraphSettings.builder().refinerSwitch(1.5).build())
        .hasMessage("refiner_switch 1.5 is invalid: expected a number from 0.0 to 1.0");
    assertThatThrownBy(() -> GraphSettings.builder().cfg(-1.0).build()).hasMessageContaining("cfg -1.0");
    assertThatThrownBy(() -> GraphSettings.builder().denoise(1.2).build()).hasMessageContaining("denoise 1.2");
    assertThatThrownBy(() -> GraphSettings.builder().width(1001).build())
        .hasMessageContaining("width 1001 is invalid: expected a multiple of 8 from 16 to 16384");
    assertThatThrownBy(() -> GraphSettings.builder().batchSize(5000).build()).hasMessageContaining("batch_size 5000");
    assertThatThrownBy(() -> GraphSettings.builder().lora(new GraphSettings.Lora("x", 101, 1)).build())
        .hasMessageContaining("loras 'x:101:1' is invalid: expected a model weight from -100 to 100");
    assertThatThrownBy(() -> GraphSettings.builder().checkpoint(" ").build()).hasMessageContaining("checkpoint ' '");
  }

  @Test
  void mapRoundTripKeepsEverything() {
    GraphSettings o = GraphSettings.builder().checkpoint("sd_xl_base_1.0.safetensors")
        .refiner("sd_xl_refiner_1.0.safetensors").refinerSwitch(0.75)
        .lora(GraphSettings.Lora.of("wrong.safetensors", 0.7)).lora(new GraphSettings.Lora("b.safetensors", 1, 0.5))
        .negative("blurry").steps(25).cfg(13.0).sampler("dpmpp_2m").scheduler("karras").denoise(0.6)
        .size(896, 1152).batchSize(2).vae("sdxl_vae.safetensors").build();
    Map<String, Object> m = o.toMap();
    assertThat(m).containsEntry("loras", List.of("wrong.safetensors:0.7:0.7", "b.safetensors:1:0.5"))
        .containsEntry("refiner_switch", 0.75).containsEntry("steps", 25).containsEntry("cfg", 13.0)
        .containsEntry("batch_size", 2);
    assertThat(GraphSettings.fromMap(m)).isEqualTo(o);
  }

  @Test
  void mapRoundTripThroughJsonAndDefaultsWrittenOutsideWorkflowMode() throws Exception {
    GraphSettings o = GraphSettings.builder().checkpoint("a.safetensors").build();
    Map<String, Object> m = o.toMap();
    assertThat(m).containsKeys("steps", "cfg", "sampler", "scheduler", "width", "height", "batch_size", "negative")
        .doesNotContainKeys("denoise", "refiner", "refiner_switch", "vae");
    @SuppressWarnings("unchecked")
    Map<String, Object> back = JSON.readValue(JSON.writeValueAsString(m), Map.class);
    GraphSettings again = GraphSettings.fromMap(back);
    assertThat(again.toMap()).isEqualTo(m);
    assertThat(again.steps()).isEqualTo(30);
  }

  @Test
  void fromMapRefusesUnknownKeysAndWrongTypes() {
    assertThatThrownBy(() -> GraphSettings.fromMap(Map.of("stpes", 3)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("unknown ComfyUI option 'stpes'").hasMessageContaining("steps");
    assertThatThrownBy(() -> GraphSettings.fromMap(Map.of("steps", "many")))
        .hasMessage("steps 'many' is invalid: expected a number");
    assertThatThrownBy(() -> GraphSettings.fromMap(Map.of("steps", 2.5))).hasMessageContaining("an integer");
    assertThat(GraphSettings.fromMap(Map.of("loras", "a:0.5, b")).loras())
        .containsExactly(GraphSettings.Lora.of("a", 0.5), GraphSettings.Lora.of("b"));
  }

  @Test
  void workflowModeRefusesUiFormatAndConflictingOptions(@TempDir Path dir) throws Exception {
    Path ui = dir.resolve("ui.json");
    Files.writeString(ui, "{\"last_node_id\": 9, \"nodes\": [], \"links\": [], \"version\": 0.4}");
    assertThatThrownBy(() -> GraphSettings.builder().workflowFile(ui).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("UI format").hasMessageContaining("Export (API)");

    Path api = dir.resolve("api.json");
    Files.writeString(api, "{\"9\": {\"inputs\": {\"filename_prefix\": \"x\", \"images\": [\"8\", 0]},"
        + " \"class_type\": \"SaveImage\"}}");
    assertThatThrownBy(() -> GraphSettings.builder().workflowFile(api).lora(GraphSettings.Lora.of("a")).build())
        .hasMessageContaining("loras cannot be combined with a workflow");
    GraphSettings o = GraphSettings.builder().workflowFile(api).workflowInput("style", "ink").steps(12).build();
    Map<String, Object> m = o.toMap();
    assertThat(m).containsKeys("workflow", "workflow_file", "workflow_inputs", "steps").doesNotContainKey("cfg");
    assertThat(GraphSettings.fromMap(new LinkedHashMap<>(m))).isEqualTo(o);
    assertThatThrownBy(() -> GraphSettings.builder().workflowInput("x", 1).build())
        .hasMessageContaining("without a workflow");
  }
}
