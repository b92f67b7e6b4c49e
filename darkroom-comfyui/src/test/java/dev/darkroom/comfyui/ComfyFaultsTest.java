package dev.darkroom.comfyui;

import static dev.darkroom.comfyui.ComfyTestSupport.BASE;
import static dev.darkroom.comfyui.ComfyTestSupport.awaitEmptyQueue;
import static dev.darkroom.comfyui.ComfyTestSupport.prompts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.AuthenticationException;
import dev.darkroom.Darkroom;
import dev.darkroom.DarkroomException;
import dev.darkroom.GenerationListener;
import dev.darkroom.ImageRequest;
import dev.darkroom.ImageResult;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.RetryPolicy;
import dev.darkroom.ServerException;
import dev.darkroom.TransportException;
import dev.darkroom.comfyui.internal.ComfyErrors;
import dev.darkroom.testkit.ComfyFault;
import dev.darkroom.testkit.FakeComfyUI;
import dev.darkroom.testkit.FakeComfyUIExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every engine fault, cancellation and secrets, through {@link Darkroom} against {@link FakeComfyUI}. */
@ExtendWith(FakeComfyUIExtension.class)
@org.junit.jupiter.api.Timeout(20)
class ComfyFaultsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ComfyTestSupport support = ComfyTestSupport.create();
  private Darkroom client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  private ImageRequest request() {
    return ImageRequest.builder().model(BASE).prompt("a cat").build();
  }

  @Test
  void outOfMemoryIsTypedAndNotRetried(FakeComfyUI fake) {
    client = support.client(fake.baseUrl());
    fake.enqueueFault(ComfyFault.outOfMemory());
    assertThatThrownBy(() -> client.generate(request()))
        .isInstanceOfSatisfying(ServerException.class, e -> {
          assertThat(e.vendorStatus()).contains(ComfyErrors.OUT_OF_MEMORY);
          assertThat(e.isRetryable()).isFalse();
          assertThat(e.attempts()).isEqualTo(1);
          assertThat(e.getMessage()).contains("ran out of GPU memory");
        });
  }

  @Test
  void anExecutionErrorNamesTheNode(FakeComfyUI fake) {
    client = support.client(fake.baseUrl());
    fake.enqueueFault(ComfyFault.executionError("VAEDecode", "RuntimeError", "bad tensor"));
    assertThatThrownBy(() -> client.generate(request()))
        .isInstanceOfSatisfying(ServerException.class, e -> {
          assertThat(e.vendorStatus()).contains(ComfyErrors.EXECUTION_ERROR);
          assertThat(e.getMessage()).contains("VAEDecode").contains("RuntimeError: bad tensor");
        });
  }

  @Test
  void aFullQueueIsRetriedAndThenSucceeds(FakeComfyUI fake) {
    client = support.client(fake.baseUrl());
    fake.enqueueFault(ComfyFault.queueFull());
    ImageResult result = client.generate(request());
    assertThat(result.generations().get(0).attempts()).isEqualTo(2);
    assertThat(prompts(fake)).hasSize(2);
  }

  @Test
  void aFullQueueWithoutRetriesIsAQuotaError(FakeComfyUI fake) {
    client = support.builder(new GenerationListener() {}, fake.baseUrl()).retryPolicy(RetryPolicy.none()).build();
    fake.enqueueFault(ComfyFault.queueFull());
    assertThatThrownBy(() -> client.generate(request()))
        .isInstanceOfSatisfying(dev.darkroom.QuotaExceededException.class, e -> assertThat(e.isRetryable()).isTrue());
  }

  @Test
  void aGraphTheEngineRejectsIsAnInvalidRequestAndNothingStaysQueued(FakeComfyUI fake) throws Exception {
    ObjectNode wf;
    try (var in = getClass().getResourceAsStream("/comfyui/workflow_plain_api.json")) {
      wf = (ObjectNode) JSON.readTree(in);
    }
    ObjectNode load = wf.putObject("50");
    load.put("class_type", "LoadImage");
    load.putObject("inputs").put("image", "not-uploaded.png");
    ObjectNode preview = wf.putObject("51");
    preview.put("class_type", "PreviewImage");
    preview.putObject("inputs").putArray("images").add("50").add(0);
    client = support.client(fake.baseUrl());
    assertThatThrownBy(() -> client.generate(ImageRequest.builder().model(BASE).prompt("x")
        .options(ComfyOptions.builder().workflow(wf).build()).build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("rejected the graph")
        .hasMessageContaining("not-uploaded.png");
    assertThat(awaitEmptyQueue(fake)).isZero();
  }

  @Test
  void anEngineThatGoesAwayMidJobIsATransportError(FakeComfyUI fake) {
    client = support.builder(new GenerationListener() {}, fake.baseUrl()).retryPolicy(RetryPolicy.none()).build();
    fake.enqueueFault(ComfyFault.goAwayAtStep(3));
    assertThatThrownBy(() -> client.generate(request()))
        .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.isRetryable()).isTrue());
  }

  @Test
  void anEngineThatRestartsMidJobIsRetriedOnceItIsBack(FakeComfyUI fake) {
    client = support.builder(new GenerationListener() {
      @Override
      public void onRetry(int call, int attempt, Duration delay, DarkroomException cause) {
        fake.restart();
      }
    }, fake.baseUrl()).build();
    fake.enqueueFault(ComfyFault.goAwayAtStep(2));
    ImageResult result = client.generate(request());
    assertThat(result.images()).hasSize(1);
    assertThat(result.generations().get(0).attempts()).isEqualTo(2);
  }

  @Test
  void anUnreachableEngineIsATransportErrorNamingIt() {
    client = support.builder(new GenerationListener() {}, "http://127.0.0.1:9").retryPolicy(RetryPolicy.none())
        .build();
    assertThatThrownBy(() -> client.generate(request()))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("127.0.0.1:9");
  }

  @Test
  void interruptingTheCallingThreadCancelsOnlyOurJob(FakeComfyUI fake) throws Exception {
    fake.stepLatency(Duration.ofMillis(20));
    CountDownLatch stepping = new CountDownLatch(1);
    client = support.builder(new GenerationListener() {
      @Override
      public void onProgress(int call, int step, int total) {
        stepping.countDown();
      }
    }, fake.baseUrl()).build();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        client.generate(ImageRequest.builder().model(BASE).prompt("slow")
            .options(ComfyOptions.builder().steps(5000).build()).build());
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    t.start();
    assertThat(stepping.await(10, TimeUnit.SECONDS)).isTrue();
    t.interrupt();
    t.join(10_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(DarkroomException.class).hasMessageContaining("cancelled");
    assertThat(fake.requests()).anyMatch(r -> r.path().contains("/cancel") || r.path().endsWith("/interrupt"));
    assertThat(awaitEmptyQueue(fake)).isZero();
  }

  @Test
  void closingTheClientCancelsJobsInFlight(FakeComfyUI fake) throws Exception {
    fake.stepLatency(Duration.ofMillis(20));
    CountDownLatch stepping = new CountDownLatch(1);
    client = support.builder(new GenerationListener() {
      @Override
      public void onProgress(int call, int step, int total) {
        stepping.countDown();
      }
    }, fake.baseUrl()).build();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        client.generate(ImageRequest.builder().model(BASE).prompt("slow")
            .options(ComfyOptions.builder().steps(5000).build()).build());
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    t.start();
    assertThat(stepping.await(10, TimeUnit.SECONDS)).isTrue();
    client.close();
    t.join(10_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(DarkroomException.class);
    assertThat(awaitEmptyQueue(fake)).isZero();
  }

  @Test
  void bearerTokenIsSentButNeverInAMessage() throws Exception {
    String token = "tok-3b1f9c2d8e7a6f5b";
    try (FakeComfyUI fake = FakeComfyUI.builder().bearerToken(token).start()) {
      client = support.builder(new GenerationListener() {}, fake.baseUrl()).setting("comfyui.apiKey", token).build();
      assertThat(client.generate(request()).images()).hasSize(1);
      assertThat(fake.requests()).allMatch(r -> r.header("authorization").orElse("").equals("Bearer " + token));
      fake.enqueueFault(ComfyFault.executionError("KSampler", "RuntimeError", "token was " + token));
      assertThatThrownBy(() -> client.generate(request()))
          .isInstanceOf(ServerException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token).contains("token was"));
      client.close();
      client = support.builder(new GenerationListener() {}, fake.baseUrl())
          .setting("comfyui.apiKey", "wrong-" + token).build();
      assertThatThrownBy(() -> client.generate(request()))
          .isInstanceOf(AuthenticationException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
    }
  }

  @Test
  void basicAuthComesFromTheEnvironmentAndIsNeverInAMessage() throws Exception {
    String password = "pw-9d8c7b6a5f4e";
    try (FakeComfyUI fake = FakeComfyUI.builder().basicAuth("ada", password).start()) {
      client = Darkroom.builder().env(Map.of("DARKROOM_COMFYUI_URL", fake.baseUrl(), "DARKROOM_COMFYUI_USER", "ada",
          "DARKROOM_COMFYUI_PASSWORD", password)).sleeper(d -> {}).build();
      assertThat(client.generate(request()).images()).hasSize(1);
      fake.enqueueFault(ComfyFault.executionError("KSampler", "RuntimeError", "password " + password));
      assertThatThrownBy(() -> client.generate(request()))
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(password));
    }
  }
}
