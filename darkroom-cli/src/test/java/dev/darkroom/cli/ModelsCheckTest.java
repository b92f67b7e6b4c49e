package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.testkit.FakeComfyUI;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeOpenAI;
import dev.darkroom.testkit.RecordedRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code darkroom models --check} against the fakes' model lists. */
class ModelsCheckTest {
  @TempDir Path dir;

  private static final List<String> GEMINI_LIST = List.of("gemini-nano-banana-2.1", "gemini-3-pro-image",
      "gemini-3.1-flash-image", "gemini-4-flash-image", "gemini-2.5-flash", "gemini-embedding-001");
  private static final List<String> OPENAI_LIST = List.of("gpt-image-2.6-flare", "gpt-image-2.6-sunburst",
      "gpt-image-2.5-flare", "gpt-image-2.5-sunburst", "gpt-image-2", "gpt-image-3", "gpt-5",
      "text-embedding-3-small");

  @Test
  void reportsUnknownAndDisappearedIdsAndUnconfirmedPricesPerProvider() throws Exception {
    try (FakeGemini gemini = FakeGemini.start().listedModels(GEMINI_LIST).modelsPageLimit(2);
        FakeOpenAI openai = FakeOpenAI.start().listedModels(OPENAI_LIST)) {
      Cli cli = Cli.against(gemini, openai, dir);
      closedLocalEngines(cli);
      CliRun run = cli.run("models", "--check");

      assertThat(run.exitCode()).as(run.describe()).isZero();
      String out = run.out();
      assertThat(out).as(run.describe())
          .contains("gemini (Google Gemini API): 4 image models listed")
          .containsPattern("gemini-4-flash-image +listed, not in our table")
          .containsPattern("gemini-3.1-flash-lite-image +in our table, no longer listed")
          .containsPattern("gpt-image-3 +listed, not in our table")
          .contains("price not confirmed")
          .doesNotContain("gemini-2.5-flash ")
          .doesNotContain("gemini-embedding-001")
          .doesNotContain("gpt-5")
          .doesNotContain("text-embedding");
      // Models the table already calls shut down are expected to be gone.
      assertThat(out).as(run.describe()).doesNotContainPattern("dall-e-2 +in our table, no longer listed");
      // Local engines that cannot be reached are reported, not fatal.
      assertThat(out).as(run.describe()).contains("comfyui (").contains("failed");

      // Six ids in pages of two: three requests, the later ones carrying the previous page's token.
      List<RecordedRequest> lists = new ArrayList<>();
      gemini.requests().stream().filter(r -> r.method().equals("GET")).forEach(lists::add);
      assertThat(lists).hasSize(3);
      assertThat(lists.get(0).path()).startsWith("/v1beta/models?pageSize=");
      assertThat(lists.get(1).path()).contains("pageToken=");
      assertThat(lists.get(0).header("x-goog-api-key")).contains(FakeGemini.DEFAULT_API_KEY);
      assertThat(openai.requests()).singleElement().satisfies(r -> {
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path()).isEqualTo("/v1/models");
        assertThat(r.header("Authorization")).contains("Bearer " + FakeOpenAI.DEFAULT_API_KEY);
      });
    }
  }

  @Test
  void jsonHasOneEntryPerProviderWithEveryFinding() throws Exception {
    try (FakeGemini gemini = FakeGemini.start().listedModels(GEMINI_LIST)) {
      CliRun run = Cli.against(gemini, dir).run("models", "--check", "--provider", "gemini", "--json");

      assertThat(run.exitCode()).as(run.describe()).isZero();
      JsonNode json = run.json();
      assertThat(json.get("providers")).hasSize(1);
      JsonNode g = json.at("/providers/0");
      assertThat(g.get("provider").asText()).isEqualTo("gemini");
      assertThat(g.get("outcome").asText()).isEqualTo("checked");
      assertThat(texts(g.get("listed"))).containsExactly("gemini-3-pro-image", "gemini-3.1-flash-image",
          "gemini-4-flash-image", "gemini-nano-banana-2.1");
      assertThat(texts(g.get("unknown"))).containsExactly("gemini-4-flash-image");
      assertThat(texts(g.get("disappeared"))).contains("gemini-3.1-flash-lite-image")
          .doesNotContain("gemini-3-pro-image", "gemini-3-pro-image-preview");
      assertThat(texts(g.get("unconfirmedPrices"))).isNotEmpty().doesNotContain("gemini-3-pro-image");
      assertThat(json.get("checkedOn").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
    }
  }

  @Test
  void userOverlayEntryMakesANewIdKnown() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("models.json"), """
        {"models": [{"id": "gemini-4-flash-image", "like": "gemini-nano-banana-2.1", "name": "Nano Banana 4"}]}
        """);
    try (FakeGemini gemini = FakeGemini.start().listedModels(GEMINI_LIST)) {
      Cli cli = Cli.against(gemini, dir);
      cli.env.put("DARKROOM_MODELS", dir.resolve("models.json").toString());
      CliRun run = cli.run("models", "--check", "--provider", "gemini", "--json");

      assertThat(run.exitCode()).as(run.describe()).isZero();
      assertThat(texts(run.json().at("/providers/0/unknown"))).as(run.describe()).isEmpty();

      CliRun models = cli.run("models", "--json");
      JsonNode added = null;
      for (JsonNode m : models.json()) {
        if (m.get("id").asText().equals("gemini-4-flash-image")) {
          added = m;
        }
      }
      assertThat(added).as(models.describe()).isNotNull();
      assertThat(added.get("name").asText()).isEqualTo("Nano Banana 4");
      assertThat(added.get("aspectRatios")).hasSize(14);
    }
  }

  @Test
  void providersWithoutCredentialsAreSkippedWithANote() {
    CliRun run = new Cli(dir).run("models", "--check", "--provider", "openai");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).as(run.describe()).contains("openai (").contains("skipped").contains("OPENAI_API_KEY")
        .containsPattern("dall-e-3 +price not confirmed|price not confirmed|openai \\(");
  }

  @Test
  void localEngineListsItsCheckpoints() {
    try (FakeComfyUI comfy = FakeComfyUI.start()) {
      Cli cli = new Cli(dir);
      cli.env.put("DARKROOM_COMFYUI_URL", comfy.baseUrl());
      CliRun run = cli.run("models", "--check", "--provider", "comfyui", "--json");

      assertThat(run.exitCode()).as(run.describe()).isZero();
      JsonNode c = run.json().at("/providers/0");
      assertThat(c.get("outcome").asText()).as(run.describe()).isEqualTo("checked");
      assertThat(texts(c.get("listed"))).as(run.describe()).contains("comfyui:sd_xl_base_1.0.safetensors");
      // Checkpoints are models Darkroom resolves at run time: none is unknown.
      assertThat(texts(c.get("unknown"))).as(run.describe()).isEmpty();
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** Points every local engine at a port nobody listens on, so the test never reaches a real engine. */
  private static void closedLocalEngines(Cli cli) throws IOException {
    String url;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      url = "http://127.0.0.1:" + s.getLocalPort();
    }
    cli.env.put("DARKROOM_COMFYUI_URL", url);
    cli.env.put("DARKROOM_A1111_URL", url);
    cli.env.put("DARKROOM_SWARMUI_URL", url);
  }
}
