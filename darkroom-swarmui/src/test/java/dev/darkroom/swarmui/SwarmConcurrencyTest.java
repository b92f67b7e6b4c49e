package dev.darkroom.swarmui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.Darkroom;
import dev.darkroom.testkit.FakeSwarmUI;
import dev.darkroom.testkit.RecordedRequest;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** How many calls to send SwarmUI at once: its usable backends, from {@code ListBackends}, where readable. */
class SwarmConcurrencyTest {
  private static Darkroom client(FakeSwarmUI swarm) {
    return Darkroom.builder().env(java.util.Map.of()).setting("swarmui.baseUrl", swarm.baseUrl()).build();
  }

  @Test
  void suggestsTheInstancesBackendCount() {
    try (FakeSwarmUI swarm = FakeSwarmUI.builder().backends(4).start(); Darkroom client = client(swarm)) {
      assertThat(client.suggestedConcurrency("swarmui")).hasValue(4);
      assertThat(swarm.requests()).extracting(RecordedRequest::path).contains("/API/ListBackends");
      assertThat(swarm.generations()).isEmpty();
    }
  }

  @Test
  void suggestsNothingWhenTheAccountMayNotListBackends() {
    try (FakeSwarmUI swarm = FakeSwarmUI.builder().backends(4).backendListPermission(false).start();
        Darkroom client = client(swarm)) {
      assertThat(client.suggestedConcurrency("swarmui")).isEmpty();
    }
  }

  @Test
  void suggestsNothingWhenTheInstanceIsGone() {
    FakeSwarmUI swarm = FakeSwarmUI.builder().backends(4).start();
    swarm.close();
    try (Darkroom client = client(swarm)) {
      assertThat(client.suggestedConcurrency("swarmui")).isEmpty();
    }
  }

  @Test
  void suggestsNothingForAProviderThatIsNotInstalled() {
    try (FakeSwarmUI swarm = FakeSwarmUI.start(); Darkroom client = client(swarm)) {
      assertThat(client.suggestedConcurrency("no-such-provider")).isEmpty();
    }
  }

  @Test
  void countsEnabledBackendsThatAreNeitherErroredNorDisabled() throws Exception {
    JsonNode answer = SwarmApi.JSON.readTree("""
        {"0": {"id": 0, "status": "running", "enabled": true},
         "1": {"id": 1, "status": "loading", "enabled": true},
         "2": {"id": 2, "status": "errored", "enabled": true},
         "3": {"id": 3, "status": "disabled", "enabled": false},
         "4": {"id": 4, "status": "idle", "enabled": false},
         "5": {"id": 5, "status": "waiting", "enabled": true}}
        """);

    assertThat(SwarmBackends.usable(answer)).hasValue(3);
  }

  @Test
  void anErrorAnswerOrNoUsableBackendSuggestsNothing() throws Exception {
    assertThat(SwarmBackends.usable(SwarmApi.JSON.readTree(
        "{\"error_id\": \"bad_permissions\", \"error\": \"You lack permissions for this route.\"}"))).isEmpty();
    assertThat(SwarmBackends.usable(SwarmApi.JSON.readTree("{}"))).isEqualTo(OptionalInt.empty());
    assertThat(SwarmBackends.usable(SwarmApi.JSON.readTree(
        "{\"0\": {\"status\": \"errored\", \"enabled\": true}}"))).isEmpty();
  }
}
