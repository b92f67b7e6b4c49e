package dev.darkroom.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.Darkroom;
import dev.darkroom.EditTurn;
import dev.darkroom.history.History;
import dev.darkroom.history.StoredSession;
import dev.darkroom.studio.web.StudioServer;
import dev.darkroom.testkit.FakeComfyUI;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Edit page in a real headless Chromium: an edit session on the fake Gemini (two turns, a branch
 * from turn 1, undo, a hostile instruction kept as text), then stop-edit-continue on the fake ComfyUI
 * (stopped part-way, a stroke painted on the preview, continued), checked against the history, with no
 * console errors or CSP violations. Screenshots go to {@code target/studio-screenshots/}. Skipped with
 * a message where Chromium is not installed.
 */
@ExtendWith(FakeGeminiExtension.class)
class StudioEditBrowserTest {
  private static final Path SHOTS = Path.of("target", "studio-screenshots");
  private static final String HOSTILE = "<img src=x onerror=\"window.__pwned=1\"> make it </p><script>window.__pwned=2</script>";

  @TempDir Path dir;

  @Test
  void editBranchUndoThenStopPaintAndContinueInTheBrowser(FakeGemini fake) throws Exception {
    Optional<Path> chromium = Chromium.find();
    if (chromium.isEmpty()) {
      Assumptions.abort("chromium not installed: apt-get install chromium to run the studio browser test");
    }
    Files.createDirectories(dir.resolve("profile"));
    try (FakeComfyUI comfy = FakeComfyUI.builder().previewMethod("auto").stepLatency(Duration.ofMillis(250)).start();
        History history = History.open(dir.resolve("history.db"));
        Darkroom darkroom = Darkroom.builder().env(Map.of()).setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY)
            .setting("gemini.baseUrl", fake.baseUrl()).setting("comfyui.baseUrl", comfy.baseUrl()).build();
        StudioServer studio = StudioServer.builder().darkroom(darkroom).history(history)
            .outputDirectory(dir.resolve("out")).build();
        Chromium browser = Chromium.start(chromium.get(), dir.resolve("profile"))) {
      browser.viewport(1280, 1000);
      browser.navigate(studio.uri().toString());
      browser.navigate("http://127.0.0.1:" + studio.port() + "/edit");
      waitFor(browser, "document.body.dataset.ready === 'true'");

      // A conversation on Gemini: start, a second turn, branch from turn 1, a third turn, undo.
      start(browser, "gemini-2.5-flash-image", "A fox in a red jacket", "");
      waitFor(browser, "document.querySelectorAll('#tree .turn').length === 1 && !document.getElementById('send').disabled");
      send(browser, HOSTILE);
      waitFor(browser, "document.querySelectorAll('#tree .turn').length === 2");
      assertThat(browser.evaluate("document.querySelector('#tree .turn.head').dataset.turn").asText()).isEqualTo("2");
      browser.evaluate("document.querySelector('#tree .turn[data-turn=\"1\"]').click()");
      waitFor(browser, "document.querySelector('#tree .turn.head').dataset.turn === '1'");
      send(browser, "now at night");
      waitFor(browser, "document.querySelectorAll('#tree .turn').length === 3");
      // Turn 3 is a second child of turn 1: a branch in the tree.
      assertThat(browser.evaluate("document.querySelectorAll('#tree > li > ul > li').length").asInt()).isEqualTo(2);
      browser.evaluate("document.getElementById('undo').click()");
      waitFor(browser, "document.querySelector('#tree .turn.head').dataset.turn === '1'");
      waitFor(browser, "Array.from(document.querySelectorAll('#tree img')).every(i => i.complete && i.naturalWidth > 0)");
      assertThat(browser.evaluate("document.getElementById('tree').textContent.includes(" + js(HOSTILE) + ")").asBoolean())
          .isTrue();
      assertThat(browser.evaluate("typeof window.__pwned").asText()).isEqualTo("undefined");
      browser.screenshot(SHOTS.resolve("4-edit-tree.png"));
      String geminiSession = browser.evaluate("document.getElementById('s-id').textContent").asText();
      assertThat(history.session(geminiSession).orElseThrow().turns()).extracting(t -> t.parentId().orElse(0))
          .containsExactly(0, 1, 1);

      // Stop-edit-continue on ComfyUI: stopped once previews arrive, a stroke painted, continued.
      start(browser, "comfyui:sd_xl_base_1.0.safetensors", "a red fox", "steps=30");
      waitFor(browser, "document.querySelector('#partials img') !== null"
          + " && Number(document.getElementById('status').dataset.step || 0) >= 2");
      browser.screenshot(SHOTS.resolve("5-edit-running.png"));
      browser.evaluate("document.getElementById('stop').click()");
      waitFor(browser, "document.getElementById('status').textContent === 'Stopped'"
          + " && document.querySelectorAll('#tree .turn').length === 1");
      assertThat(browser.evaluate("document.getElementById('note').textContent").asText())
          .contains("Stopped at step", "denoise");
      waitFor(browser, "document.getElementById('base').complete && document.getElementById('base').naturalWidth > 0"
          + " && document.getElementById('paint').width === document.getElementById('base').naturalWidth");
      assertThat(browser.evaluate("document.getElementById('tool').value").asText()).isEqualTo("paint");
      browser.evaluate("""
          (() => { const c = document.getElementById('paint'); const r = c.getBoundingClientRect();
            const y = r.top + r.height / 2;
            const at = (type, x) => c.dispatchEvent(new PointerEvent(type, { pointerId: 1, bubbles: true,
                clientX: x, clientY: y, isPrimary: true, buttons: 1 }));
            at('pointerdown', r.left + r.width * 0.2); at('pointermove', r.left + r.width * 0.5);
            at('pointermove', r.left + r.width * 0.8); at('pointerup', r.left + r.width * 0.8); })()""");
      browser.screenshot(SHOTS.resolve("6-edit-painted.png"));
      browser.evaluate("document.getElementById('continue').click()");
      waitFor(browser, "document.getElementById('status').textContent === 'Done'"
          + " && document.querySelectorAll('#tree .turn').length === 3");
      waitFor(browser, "Array.from(document.querySelectorAll('#tree img')).every(i => i.complete && i.naturalWidth > 0)");
      browser.screenshot(SHOTS.resolve("7-edit-continued.png"));

      String comfySession = browser.evaluate("document.getElementById('s-id').textContent").asText();
      StoredSession stored = history.session(comfySession).orElseThrow();
      List<EditTurn> turns = stored.turns();
      assertThat(turns).extracting(t -> t.parentId().orElse(0)).containsExactly(0, 1, 2);
      assertThat(turns.get(0).text()).matches("stopped at step \\d+ of 30");
      assertThat(turns.get(1).instruction()).startsWith("painted over turn 1");
      assertThat(turns.get(2).instruction()).isEqualTo("a red fox");
      BufferedImage paintedImage = ImageIO.read(turns.get(1).image().toFile());
      int centre = paintedImage.getRGB(paintedImage.getWidth() / 2, paintedImage.getHeight() / 2) & 0xffffff;
      assertThat(Integer.toHexString(centre)).as("the stroke's colour at the centre").isEqualTo("ff3300");

      assertThat(browser.evaluate("typeof window.__pwned").asText()).isEqualTo("undefined");
      assertThat(browser.errors()).as("console errors, exceptions and CSP violations").isEmpty();
    }
  }

  private static void start(Chromium browser, String model, String prompt, String options) throws Exception {
    browser.evaluate("""
        (() => {
          document.getElementById('model').value = %s;
          document.getElementById('prompt').value = %s;
          document.getElementById('options').value = %s;
          document.getElementById('start').click();
        })()""".formatted(js(model), js(prompt), js(options)));
  }

  private static void send(Chromium browser, String instruction) throws Exception {
    browser.evaluate("""
        (() => {
          document.getElementById('instruction').value = %s;
          document.getElementById('send').click();
        })()""".formatted(js(instruction)));
  }

  /** Waits in the page until the condition holds (polling there; fails after 30 s with the condition). */
  private static void waitFor(Chromium browser, String condition) throws Exception {
    JsonNode ok = browser.evaluate("""
        new Promise(resolve => {
          const start = Date.now();
          const tick = () => {
            let v = false;
            try { v = (%s); } catch (e) { v = false; }
            if (v) return resolve(true);
            if (Date.now() - start > 30000) return resolve(false);
            setTimeout(tick, 50);
          };
          tick();
        })""".formatted(condition));
    assertThat(ok.asBoolean()).as("waited for: " + condition + "; errors: " + browser.errors()
        + "; page error: " + browser.evaluate("document.getElementById('error').textContent").asText()).isTrue();
  }

  private static String js(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
  }
}
