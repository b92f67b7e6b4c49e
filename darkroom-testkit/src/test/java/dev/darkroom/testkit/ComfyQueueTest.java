package dev.darkroom.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Queue, interrupt, cancel and the jobs API. Step latency only keeps a job running while we act. */
@ExtendWith(FakeComfyUIExtension.class)
class ComfyQueueTest {
  private static final Duration SLOW = Duration.ofMillis(200);

  @Test
  void queueShowsRunningAndPendingAndDeleteRemovesOnlyPending(FakeComfyUI comfy) throws Exception {
    comfy.stepLatency(SLOW);
    ComfyHttp http = new ComfyHttp(comfy);
    String clientId = ComfyHttp.newClientId();
    ComfyHttp.Events events = http.connect(clientId);
    String first = http.queue(ComfyGraphs.basic(1, 512, 512, 1), clientId);
    String second = http.queue(ComfyGraphs.basic(2, 512, 512, 1), clientId);
    events.next("progress");

    JsonNode queue = http.getJson("/queue");
    assertThat(queue.at("/queue_running/0/1").asText()).isEqualTo(first);
    assertThat(queue.at("/queue_pending/0/1").asText()).isEqualTo(second);
    assertThat(queue.at("/queue_pending/0/0").asInt()).isEqualTo(1);
    assertThat(http.getJson("/prompt").at("/exec_info/queue_remaining").asInt()).isEqualTo(2);
    assertThat(http.getJson("/api/jobs/" + second).get("status").asText()).isEqualTo("pending");
    assertThat(http.getJson("/api/jobs/" + first).get("status").asText()).isEqualTo("in_progress");

    assertThat(http.post("/queue", "{\"delete\": [\"" + second + "\", \"" + first + "\"]}").statusCode())
        .isEqualTo(200);
    assertThat(http.getJson("/queue").get("queue_pending")).isEmpty();
    assertThat(http.getJson("/queue").at("/queue_running/0/1").asText()).isEqualTo(first);

    http.post("/interrupt", "");
    List<Object> items = events.untilDone(first);
    JsonNode interrupted = ComfyHttp.Events.ofType(items, "execution_interrupted").get(0);
    assertThat(interrupted.get("node_id").asText()).isEqualTo("3");
    assertThat(interrupted.get("node_type").asText()).isEqualTo("KSampler");
    assertThat(interrupted.get("executed")).extracting(JsonNode::asText).contains("4", "5");
    JsonNode history = http.getJson("/history/" + first).get(first);
    assertThat(history.at("/status/status_str").asText()).isEqualTo("error");
    assertThat(history.at("/status/messages/2/0").asText()).isEqualTo("execution_interrupted");
    assertThat(http.getJson("/api/jobs/" + first).get("status").asText()).isEqualTo("cancelled");
    assertThat(http.get("/history/" + second).body()).isEqualTo("{}");
  }

  @Test
  void aTargetedInterruptLeavesOtherPromptsRunning(FakeComfyUI comfy) throws Exception {
    comfy.stepLatency(Duration.ofMillis(50));
    ComfyHttp http = new ComfyHttp(comfy);
    String clientId = ComfyHttp.newClientId();
    ComfyHttp.Events events = http.connect(clientId);
    String running = http.queue(ComfyGraphs.basic(1, 256, 256, 1), clientId);
    events.next("progress");

    http.post("/interrupt", "{\"prompt_id\": \"1b4e28ba-2fa1-11d2-883f-0016d3cca427\"}");
    List<Object> items = events.untilDone(running);

    assertThat(ComfyHttp.Events.types(items)).contains("execution_success").doesNotContain("execution_interrupted");
    assertThat(ComfyHttp.Events.ofType(items, "progress")).hasSize(24);
  }

  @Test
  void cancelInterruptsTheRunningJobAndDequeuesAPendingOneWithoutHistory(FakeComfyUI comfy) throws Exception {
    comfy.stepLatency(SLOW);
    ComfyHttp http = new ComfyHttp(comfy);
    String clientId = ComfyHttp.newClientId();
    ComfyHttp.Events events = http.connect(clientId);
    String running = http.queue(ComfyGraphs.basic(1, 512, 512, 1), clientId);
    String pending = http.queue(ComfyGraphs.basic(2, 512, 512, 1), clientId);
    events.next("progress");

    HttpResponse<String> cancelPending = http.post("/api/jobs/" + pending + "/cancel", "");
    HttpResponse<String> cancelRunning = http.post("/api/jobs/" + running + "/cancel", "");
    events.untilDone(running);
    HttpResponse<String> cancelFinished = http.post("/api/jobs/" + running + "/cancel", "");

    assertThat(cancelPending.body()).isEqualTo("{\"cancelled\":true}");
    assertThat(cancelRunning.body()).isEqualTo("{\"cancelled\":true}");
    assertThat(cancelFinished.body()).isEqualTo("{\"cancelled\":false}");
    assertThat(http.get("/api/jobs/" + pending).statusCode()).isEqualTo(404);
    assertThat(http.get("/api/jobs/" + pending).body()).isEqualTo("{\"error\":\"Job not found\"}");
    assertThat(comfy.historyIds()).containsExactly(running);
  }

  @Test
  void cancelIsMissingBefore0260AndJobsBefore060() throws Exception {
    try (FakeComfyUI older = FakeComfyUI.builder().version("0.25.1").start();
        FakeComfyUI oldest = FakeComfyUI.builder().version("0.5.0").start()) {
      ComfyHttp http = new ComfyHttp(older);
      assertThat(http.post("/api/jobs/1b4e28ba-2fa1-11d2-883f-0016d3cca427/cancel", "").statusCode())
          .isEqualTo(405);
      assertThat(http.get("/api/jobs").statusCode()).isEqualTo(200);
      assertThat(new ComfyHttp(oldest).get("/api/jobs").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void jobsRoutesExistOnlyUnderApi(FakeComfyUI comfy) throws Exception {
    ComfyHttp http = new ComfyHttp(comfy);
    assertThat(http.get("/jobs").statusCode()).isEqualTo(404);
    assertThat(http.post("/jobs/x/cancel", "").statusCode()).isEqualTo(405);
    assertThat(http.post("/nowhere", "{}").statusCode()).isEqualTo(405);
    assertThat(http.get("/nowhere").statusCode()).isEqualTo(404);
  }

  @Test
  void jobsListsFinishedJobsNewestFirstWithPreviewOutput(FakeComfyUI comfy) throws Exception {
    ComfyHttp http = new ComfyHttp(comfy);
    String clientId = ComfyHttp.newClientId();
    ComfyHttp.Events events = http.connect(clientId);
    String a = http.queue(ComfyGraphs.basic(1, 256, 256, 1), clientId);
    events.untilDone(a);
    String b = http.queue(ComfyGraphs.basic(2, 256, 256, 1), clientId);
    events.untilDone(b);

    JsonNode list = http.getJson("/api/jobs?sort_order=asc&limit=5");
    assertThat(list.get("jobs")).extracting(j -> j.get("id").asText()).containsExactly(a, b);
    assertThat(list.at("/pagination/total").asInt()).isEqualTo(2);
    assertThat(list.at("/pagination/has_more").asBoolean()).isFalse();
    JsonNode job = http.getJson("/api/jobs/" + b);
    assertThat(job.get("status").asText()).isEqualTo("completed");
    assertThat(job.get("outputs_count").asInt()).isEqualTo(1);
    assertThat(job.at("/preview_output/filename").asText()).isEqualTo("ComfyUI_00002_.png");
    assertThat(job.at("/preview_output/nodeId").asText()).isEqualTo("9");
    assertThat(job.at("/workflow/prompt/3/inputs/seed").asInt()).isEqualTo(2);
    assertThat(job.get("execution_end_time").asLong()).isGreaterThanOrEqualTo(job.get("execution_start_time").asLong());
    assertThat(http.get("/api/jobs?status=done").statusCode()).isEqualTo(400);
  }
}
