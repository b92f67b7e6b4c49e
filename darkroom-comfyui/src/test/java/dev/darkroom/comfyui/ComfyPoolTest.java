package dev.darkroom.comfyui;

import static dev.darkroom.comfyui.ComfyTestSupport.BASE;
import static dev.darkroom.comfyui.ComfyTestSupport.prompts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.Darkroom;
import dev.darkroom.GenerationListener;
import dev.darkroom.ImageRequest;
import dev.darkroom.ImageResult;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.testkit.ComfyFault;
import dev.darkroom.testkit.FakeComfyUI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A pool of engines: spreading, engines lacking a model, failover and coming back. */
@org.junit.jupiter.api.Timeout(20)
class ComfyPoolTest {
  private final ComfyTestSupport support = ComfyTestSupport.create();
  private FakeComfyUI a;
  private FakeComfyUI b;
  private Darkroom client;

  @BeforeEach
  void start() {
    a = FakeComfyUI.start();
    b = FakeComfyUI.start();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    a.close();
    b.close();
  }

  private ImageRequest request() {
    return ImageRequest.builder().model(BASE).prompt("a harbour").build();
  }

  @Test
  void jobsSpreadOverIdleEngines() {
    client = support.client(a.baseUrl(), b.baseUrl());
    for (int i = 0; i < 4; i++) {
      client.generate(request());
    }
    assertThat(prompts(a)).hasSize(2);
    assertThat(prompts(b)).hasSize(2);
  }

  @Test
  void jobsGoOnlyToEnginesThatHaveTheCheckpoint() {
    try (FakeComfyUI c = FakeComfyUI.builder().checkpoints(List.of("other.safetensors")).start()) {
      client = support.client(c.baseUrl(), a.baseUrl());
      for (int i = 0; i < 3; i++) {
        client.generate(request());
      }
      assertThat(prompts(c)).isEmpty();
      assertThat(prompts(a)).hasSize(3);
      assertThatThrownBy(() -> client.generate(ImageRequest.builder().model("comfyui:missing.safetensors")
          .prompt("x").build()))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("missing.safetensors");
    }
  }

  @Test
  void anUnreachableEngineIsSkippedAtOnceAndTriedAgainAfterTheCooldown() {
    a.goAway();
    client = support.builder(new GenerationListener() {}, a.baseUrl(), b.baseUrl())
        .setting("comfyui.engineCooldownSeconds", "0").build();
    ImageResult first = client.generate(request());
    assertThat(first.generations().get(0).attempts()).isEqualTo(1);
    assertThat(prompts(b)).hasSize(1);

    a.restart();
    client.generate(request());
    client.generate(request());
    assertThat(prompts(a)).isNotEmpty();
  }

  @Test
  void aJobWhoseEngineDiesIsRetriedOnAnotherEngine() {
    client = support.client(a.baseUrl(), b.baseUrl());
    a.enqueueFault(ComfyFault.goAwayAtStep(2));
    ImageResult result = client.generate(request());
    assertThat(result.images()).hasSize(1);
    // A retry by the client (attempt 2), or, when the engine's death is seen before the job is under way,
    // a move to the other engine within the first attempt: timing decides which, the outcome is the same.
    assertThat(result.generations().get(0).attempts()).isBetween(1, 2);
    assertThat(a.isUp()).isFalse();
    assertThat(prompts(b)).hasSize(1);
    assertThat(client.generate(request()).images()).hasSize(1);
    assertThat(prompts(b)).hasSize(2);
  }

  @Test
  void inventoryJoinsTheEnginesAndListsThem() {
    client = support.client(a.baseUrl(), b.baseUrl());
    assertThat(client.inventory("comfyui").get("engines")).containsExactly(a.baseUrl(), b.baseUrl());
  }
}
