package dev.darkroom.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeComfyUIExtension.class)
class ComfyFaultTest {

  @Test
  void outOfMemoryIsAnExecutionErrorOnTheSamplerWithTorchsType(FakeComfyUI comfy) throws Exception {
    comfy.enqueueFault(ComfyFault.outOfMemory());
    ComfyHttp http = new ComfyHttp(comfy);
    String clientId = ComfyHttp.newClientId();
    ComfyHttp.Events events = http.connect(clientId);

    String promptId = http.queue(ComfyGraphs.basic(1, 1024, 1024, 1), clientId);
    List<Object> items = events.untilDone(promptId);

    JsonNode error = ComfyHttp.Events.ofType(items, "execution_error").get(0);
    assertThat(error.get("prompt_id").asText()).isEqualTo(promptId);
    assertThat(error.get("node_id").asText()).isEqualTo("3");
    assertThat(error.get("node_type").asText()).isEqualTo("KSampler");
    assertThat(error.get("exception_type").asText()).isEqualTo("torch.OutOfMemoryError");
    assertThat(error.get("exception_message").asText()).startsWith("CUDA out of memory.")
        .contains("This error means you ran out of memory on your GPU.");
    assertThat(error.get("executed")).extracting(JsonNode::asText).contains("4", "5", "6", "7");
    assertThat(error.at("/current_inputs/steps/0").asInt()).isEqualTo(25);
    assertThat(error.get("traceback").isArray()).isTrue();
    assertThat(ComfyHttp.Events.types(items)).doesNotContain("execution_success", "executed");
    JsonNode history = http.getJson("/history/" + promptId).get(promptId);
    assertThat(history.at("/status/status_str").asText()).isEqualTo("error");
    assertThat(history.at("/status/completed").asBoolean()).isFalse();
    assertThat(history.at("/status/messages/2/0").asText()).isEqualTo("execution_error");
    assertThat(http.getJson("/api/jobs/" + promptId).get("status").asText()).isEqualTo("failed");

    String next = http.queue(ComfyGraphs.basic(1, 1024, 1024, 1), clientId);
    assertThat(ComfyHttp.Events.types(events.untilDone(next))).as("one job per fault").contains("execution_success");
  }

  @Test
  void anExecutionErrorHitsTheNamedNodeClass(FakeComfyUI comfy) throws Exception {
    comfy.enqueueFault(ComfyFault.executionError("VAEDecode", "RuntimeError", "boom"));
    ComfyHttp http = new ComfyHttp(comfy);
    String clientId = ComfyHttp.newClientId();
    ComfyHttp.Events events = http.connect(clientId);

    String promptId = http.queue(ComfyGraphs.basic(1, 512, 512, 1), clientId);
    JsonNode error = ComfyHttp.Events.ofType(events.untilDone(promptId), "execution_error").get(0);

    assertThat(error.get("node_id").asText()).isEqualTo("8");
    assertThat(error.get("exception_type").asText()).isEqualTo("RuntimeError");
    assertThat(error.get("exception_message").asText()).isEqualTo("boom\n");
    assertThat(error.get("executed")).extracting(JsonNode::asText).contains("3");
  }

  @Test
  void aFullQueueRefusesThePromptWith503(FakeComfyUI comfy) throws Exception {
    comfy.enqueueFault(ComfyFault.queueFull());
    ComfyHttp http = new ComfyHttp(comfy);

    HttpResponse<String> refused = http.submit(ComfyGraphs.basic(1, 512, 512, 1), "c");
    HttpResponse<String> accepted = http.submit(ComfyGraphs.basic(1, 512, 512, 1), "c");

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(ComfyHttp.MAPPER.readTree(refused.body()).at("/error/type").asText()).isEqualTo("queue_full");
    assertThat(accepted.statusCode()).isEqualTo(200);
  }

  @Test
  void maxPendingRefusesOnceThatManyWait(FakeComfyUI comfy) throws Exception {
    comfy.stepLatency(Duration.ofMillis(200)).maxPending(1);
    ComfyHttp http = new ComfyHttp(comfy);
    String clientId = ComfyHttp.newClientId();
    ComfyHttp.Events events = http.connect(clientId);
    http.queue(ComfyGraphs.basic(1, 256, 256, 1), clientId);
    events.next("progress");

    assertThat(http.submit(ComfyGraphs.basic(2, 256, 256, 1), clientId).statusCode()).isEqualTo(200);
    assertThat(http.submit(ComfyGraphs.basic(3, 256, 256, 1), clientId).statusCode()).isEqualTo(503);
    http.post("/queue", "{\"clear\": true}");
    http.post("/interrupt", "{}");
  }

  @Test
  void anEngineThatGoesAwayMidJobDropsSocketsAndComesBackEmpty(FakeComfyUI comfy) throws Exception {
    comfy.enqueueFault(ComfyFault.goAwayAtStep(3));
    ComfyHttp http = new ComfyHttp(comfy);
    String clientId = ComfyHttp.newClientId();
    ComfyHttp.Events events = http.connect(clientId);
    String promptId = http.queue(ComfyGraphs.basic(1, 512, 512, 1), clientId);

    Object last;
    int progress = 0;
    do {
      last = events.nextItem();
      if (last instanceof JsonNode json && json.path("type").asText().equals("progress")) {
        progress++;
      }
    } while (last instanceof JsonNode);

    assertThat(progress).as("steps 1 and 2 at most; a reset may drop frames in flight").isBetween(0, 2);
    assertThat(last).isInstanceOfAny(ComfyHttp.Events.Failed.class, ComfyHttp.Events.Closed.class);
    assertThat(comfy.isUp()).isFalse();
    assertThatThrownBy(() -> http.get("/queue")).isInstanceOf(ConnectException.class);

    comfy.restart();
    assertThat(comfy.isUp()).isTrue();
    // A new client: the old one's pooled connections went with the old process, as a real client's would.
    ComfyHttp fresh = new ComfyHttp(comfy);
    assertThat(fresh.get("/history/" + promptId).body()).isEqualTo("{}");
    assertThat(fresh.getJson("/queue").get("queue_running")).isEmpty();
    String again = fresh.queue(ComfyGraphs.basic(1, 512, 512, 1), clientId);
    assertThat(fresh.getJson("/prompt").at("/exec_info/queue_remaining").asInt()).isBetween(0, 1);
    ComfyHttp.Events reconnected = fresh.connect(clientId);
    assertThat(reconnected.sid).isEqualTo(clientId);
    assertThat(again).isNotEqualTo(promptId);
  }

  @Test
  void aRestartLosesHistoryAndPendingJobsButKeepsFiles(FakeComfyUI comfy) throws Exception {
    ComfyHttp http = new ComfyHttp(comfy);
    String clientId = ComfyHttp.newClientId();
    ComfyHttp.Events events = http.connect(clientId);
    String done = http.queue(ComfyGraphs.basic(1, 256, 256, 1), clientId);
    events.untilDone(done);

    comfy.restart();

    assertThat(http.get("/history").body()).isEqualTo("{}");
    assertThat(http.get("/view?filename=ComfyUI_00001_.png&type=output").statusCode()).isEqualTo(200);
    Object end = events.nextItem();
    while (end instanceof JsonNode) {
      end = events.nextItem();
    }
    assertThat(end).as("the old socket ends").isNotInstanceOf(JsonNode.class);
  }

  @Test
  void slowStepsStillCompleteEveryStep(FakeComfyUI comfy) throws Exception {
    comfy.enqueueFault(ComfyFault.slowSteps(Duration.ofMillis(5)));
    ComfyHttp http = new ComfyHttp(comfy);
    String clientId = ComfyHttp.newClientId();
    ComfyHttp.Events events = http.connect(clientId);

    String promptId = http.queue(ComfyGraphs.basic(1, 256, 256, 1), clientId);

    assertThat(ComfyHttp.Events.ofType(events.untilDone(promptId), "progress")).hasSize(25);
  }
}
