package dev.darkroom.a1111.internal;

import dev.darkroom.spi.Closest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.AuthenticationException;
import dev.darkroom.DarkroomException;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ServerException;
import dev.darkroom.spi.Redactor;
import java.util.List;
import org.junit.jupiter.api.Test;

class A1111ErrorsTest {
  private static final String ENGINE = "http://127.0.0.1:7860";

  @Test
  void fastApiValidationListsNameTheFieldAsAnOption() {
    DarkroomException e = A1111Errors.map(422, "{\"detail\":[{\"loc\":[\"body\",\"cfg_scale\"],"
        + "\"msg\":\"value is not a valid float\",\"type\":\"type_error.float\"}]}", ENGINE, Redactor.none());

    assertThat(e).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("cfg_scale: value is not a valid float");
    assertThat(((InvalidRequestException) e).field()).hasValue("a1111.cfg");
  }

  @Test
  void statusesAndBodiesAreClassified() {
    assertThat(A1111Errors.map(401, "{\"error\":\"HTTPException\",\"detail\":\"Incorrect username or password\"}",
        ENGINE, Redactor.none())).isInstanceOf(AuthenticationException.class);
    DarkroomException refiner = A1111Errors.map(500, "{\"error\":\"Exception\",\"detail\":\"\",\"body\":\"\","
        + "\"errors\":\"Could not find checkpoint with name x\"}", ENGINE, Redactor.none());
    assertThat(((InvalidRequestException) refiner).field()).hasValue("a1111.refiner");
    DarkroomException route = A1111Errors.map(404, "{\"detail\":\"Not Found\"}", ENGINE, Redactor.none());
    assertThat(route).isInstanceOf(ServerException.class).hasMessageContaining("--api");
    assertThat(A1111Errors.map(503, "Service Unavailable", ENGINE, Redactor.none()).isRetryable()).isTrue();
  }

  @Test
  void checkpointsMatchByTitleNameFileAndHash() {
    Inventory inv = new Inventory(List.of(new Inventory.Checkpoint("sd_xl_base_1.0.safetensors [31e35c80fc]",
        "sd_xl_base_1.0", "sd_xl_base_1.0.safetensors", "31e35c80fc")), List.of(new Inventory.Lora("wrong", "wrong")),
        List.of(), List.of("Euler a"), List.of(new Inventory.Scheduler("karras", "Karras")), List.of());

    for (String name : List.of("sd_xl_base_1.0.safetensors [31e35c80fc]", "sd_xl_base_1.0",
        "sd_xl_base_1.0.safetensors", "31e35c80fc")) {
      assertThat(inv.checkpoint(name)).as(name).isPresent();
    }
    assertThat(inv.lora("loras/sdxl/wrong.safetensors")).hasValue("wrong");
    assertThat(inv.sampler("euler_ancestral")).hasValue("Euler a");
    assertThat(inv.scheduler("KARRAS")).hasValue("Karras");
    assertThat(Closest.ranked("sd_xl_bse", List.of("v1-5", "sd_xl_base_1.0", "sd_xl_refiner_1.0")).get(0))
        .isEqualTo("sd_xl_base_1.0");
  }
}
