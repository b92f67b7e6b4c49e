package dev.darkroom.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.testkit.internal.PngText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link FakeSwarmUI} over plain HTTP: sessions, cookie, parameter reading, outputs and errors. */
@ExtendWith(FakeSwarmUIExtension.class)
class FakeSwarmUITest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(FakeSwarmUI fake, String route, Object body, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/API/" + route))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String session(FakeSwarmUI fake) throws Exception {
    return JSON.readTree(post(fake, "GetNewSession", Map.of(), null).body()).get("session_id").asText();
  }

  @Test
  void generateReadsFlatParametersIgnoresUnknownIdsAndServesPngsWithSwarmMetadata(FakeSwarmUI fake) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.put("session_id", session(fake));
    body.put("images", 2);
    body.put("prompt", "a cat");
    body.put("model", "OfficialStableDiffusion/sd_xl_base_1.0");
    body.put("width", 640);
    body.put("height", 384);
    body.put("seed", 100);
    body.put("steps", 2);
    body.put("cfg_scale", 9); // not an id: ignored, as SwarmUI does
    JsonNode answer = JSON.readTree(post(fake, "GenerateText2Image", body, null).body());

    assertThat(answer.get("images")).hasSize(2);
    assertThat(fake.ignoredParams()).containsExactly("cfg_scale");
    String path = answer.get("images").get(1).asText();
    assertThat(path).startsWith("View/local/raw/").contains(" ").endsWith("-101.png");
    HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/"
        + path.replace(" ", "%20"))).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(png.statusCode()).isEqualTo(200);
    JsonNode meta = JSON.readTree(PngText.read(png.body()).get("parameters"));
    assertThat(meta.path("sui_image_params").path("seed").asLong()).isEqualTo(101);
    assertThat(meta.path("sui_image_params").path("width").asInt()).isEqualTo(640);
    assertThat(meta.path("sui_image_params").path("model").asText())
        .isEqualTo("OfficialStableDiffusion/sd_xl_base_1.0.safetensors");
  }

  @Test
  void badValuesAreSwarmErrorsAndUnknownSessionsAre401WithTheErrorId(FakeSwarmUI fake) throws Exception {
    String s = session(fake);
    JsonNode bad = JSON.readTree(post(fake, "GenerateText2Image",
        Map.of("session_id", s, "images", 1, "prompt", "x", "model", "nope"), null).body());
    assertThat(bad.path("error").asText()).contains("Invalid model value for param Model");

    fake.expireSessions();
    HttpResponse<String> expired = post(fake, "ListT2IParams", Map.of("session_id", s), null);
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(expired.body()).path("error_id").asText()).isEqualTo("invalid_session_id");
  }

  @Test
  void listT2IParamsGivesIdsValuesAndModelPairs(FakeSwarmUI fake) throws Exception {
    JsonNode list = JSON.readTree(post(fake, "ListT2IParams", Map.of("session_id", session(fake)), null).body());
    assertThat(list.get("list").findValuesAsText("id")).contains("negativeprompt", "cfgscale", "loras",
        "loraweights", "loratencweights", "refinermodel", "refinercontrolpercentage", "initimagecreativity");
    assertThat(list.path("models").path("LoRA").get(0).get(0).asText()).isEqualTo("styles/film-grain.safetensors");
    JsonNode models = JSON.readTree(post(fake, "ListModels", Map.of("session_id", session(fake), "path", "",
        "depth", 3, "subtype", "Stable-Diffusion"), null).body());
    assertThat(models.get("folders").get(0).asText()).isEqualTo("OfficialStableDiffusion");
    assertThat(models.get("files")).hasSize(3);
  }

  @Test
  void theCookieIsRequiredOnGetNewSessionAndView() throws Exception {
    try (FakeSwarmUI fake = FakeSwarmUI.builder().token("tok-1").start()) {
      assertThat(post(fake, "GetNewSession", Map.of(), null).body()).contains("Invalid or unauthorized.");
      JsonNode ok = JSON.readTree(post(fake, "GetNewSession", Map.of(), "swarm_token=tok-1").body());
      String s = ok.get("session_id").asText();
      JsonNode answer = JSON.readTree(post(fake, "GenerateText2Image", Map.of("session_id", s, "images", 1,
          "prompt", "x", "model", "juggernautXL_v9", "steps", 1), null).body());
      String path = answer.get("images").get(0).asText().replace(" ", "%20");
      assertThat(http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/" + path)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
      assertThat(http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/" + path))
          .header("Cookie", "swarm_token=tok-1").build(), HttpResponse.BodyHandlers.discarding()).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void listBackendsGivesOneRunningEntryPerBackendOrBadPermissions() throws Exception {
    try (FakeSwarmUI fake = FakeSwarmUI.builder().backends(3).start()) {
      String s = session(fake);
      HttpResponse<String> listed = post(fake, "ListBackends", Map.of("session_id", s), null);
      JsonNode backends = JSON.readTree(listed.body());
      assertThat(listed.statusCode()).isEqualTo(200);
      assertThat(backends.fieldNames()).toIterable().containsExactly("0", "1", "2");
      assertThat(backends.get("2").path("status").asText()).isEqualTo("running");
      assertThat(backends.get("2").path("enabled").asBoolean()).isTrue();
      assertThat(backends.get("2").path("id").asInt()).isEqualTo(2);

      fake.backendListPermission(false);
      HttpResponse<String> refused = post(fake, "ListBackends", Map.of("session_id", s), null);
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(refused.body()).path("error_id").asText()).isEqualTo("bad_permissions");
      assertThat(JSON.readTree(post(fake, "GetNewSession", Map.of(), null).body()).path("permissions"))
          .extracting(JsonNode::asText).doesNotContain("view_backends_list");
    }
  }
}
