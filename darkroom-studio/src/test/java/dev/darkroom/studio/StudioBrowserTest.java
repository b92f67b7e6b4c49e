package dev.darkroom.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.Darkroom;
import dev.darkroom.history.History;
import dev.darkroom.studio.web.StudioServer;
import dev.darkroom.testkit.FakeComfyUI;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeOpenAI;
import dev.darkroom.testkit.FakeReply;
import dev.darkroom.testkit.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Darkroom Studio in a real headless Chromium, clicked through as a person would, against the fake
 * Gemini, OpenAI and ComfyUI servers: Generate on Gemini with thoughts and interim images (a hostile
 * prompt), an invalid option pointed at, a second job cancelled, OpenAI's streamed partial images shown
 * as they arrive, Generate on ComfyUI with a checkpoint and a LoRA picked from the engine's dropdowns and
 * the sampler steps counted → History (search, a cost range, provenance, the ComfyUI graph link, hide
 * from view) → Compare (an engine checkpoint as the base model, a live 2x2 grid of two models by two
 * aspect ratios, swap the axes, zoom a panel). No console errors or CSP violations, and the hostile prompt
 * stays text. Screenshots of each page go to {@code target/studio-screenshots/}. Skipped with a
 * message where Chromium is not installed.
 */
@ExtendWith(FakeGeminiExtension.class)
class StudioBrowserTest {
  private static final Path SHOTS = Path.of("target", "studio-screenshots");
  private static final String HOSTILE = "<img src=x onerror=alert(1)> " + GalleryFixture.EVIL;
  private static final String CHECKPOINT = "sd_xl_base_1.0.safetensors";
  private static final String LORA = "sd_xl_offset_example-lora_1.0.safetensors";

  @TempDir Path dir;

  @Test
  void generateWatchCancelFindHideAndCompareInTheBrowser(FakeGemini fake) throws Exception {
    Optional<Path> chromium = Chromium.find();
    if (chromium.isEmpty()) {
      Assumptions.abort("chromium not installed: apt-get install chromium to run the studio browser test");
    }
    Files.createDirectories(dir.resolve("profile"));
    try (FakeComfyUI comfy = FakeComfyUI.builder().previewMethod("auto").stepLatency(Duration.ofMillis(40)).start();
        FakeOpenAI openai = FakeOpenAI.start();
        History history = History.open(dir.resolve("history.db"));
        Darkroom darkroom = Darkroom.builder().setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY)
            .setting("gemini.baseUrl", fake.baseUrl()).setting("comfyui.baseUrl", comfy.baseUrl())
            .setting("openai.apiKey", FakeOpenAI.DEFAULT_API_KEY).setting("openai.baseUrl", openai.baseUrl()).build();
        StudioServer studio = StudioServer.builder().darkroom(darkroom).history(history)
            .outputDirectory(dir.resolve("out")).build();
        Chromium browser = Chromium.start(chromium.get(), dir.resolve("profile"))) {
      browser.viewport(1280, 900);
      browser.navigate(studio.uri().toString());
      waitFor(browser, "document.body.dataset.ready === 'true'");
      assertThat(browser.evaluate("location.pathname + location.search").asText()).isEqualTo("/");

      // 1. Gemini, with its thoughts and the draft it drew while thinking.
      chooseModel(browser, "gemini-3-pro-image");
      type(browser, "prompt", HOSTILE);
      browser.evaluate("document.getElementById('opt-includeThoughts').value = 'true'");
      waitFor(browser, "document.getElementById('estimate').textContent.includes('$')");
      click(browser, "generate");
      waitForDone(browser, "Done");
      assertThat(browser.evaluate("document.getElementById('thoughts').textContent.length > 0").asBoolean()).isTrue();
      waitFor(browser, "document.querySelectorAll('#interims img').length > 0"
          + " && Array.from(document.querySelectorAll('#interims img')).every(i => i.complete && i.naturalWidth > 0)");
      browser.screenshot(SHOTS.resolve("1-generate-gemini.png"));

      // 2. An invalid option points at its field before anything is sent.
      int sent = fake.requestCount();
      browser.evaluate("""
          (() => { const o = document.getElementById('opt-temperature'); o.value = 'hot';
            o.dispatchEvent(new Event('input', {bubbles: true})); })()""");
      click(browser, "generate");
      waitFor(browser, "document.getElementById('opt-temperature').classList.contains('invalid')");
      assertThat(browser.evaluate("document.getElementById('error').textContent").asText()).contains("temperature");
      assertThat(fake.requestCount()).isEqualTo(sent);
      browser.evaluate("document.getElementById('opt-temperature').value = ''");

      // 3. A second job that hangs at the provider is cancelled from the page.
      fake.enqueue(FakeReply.delay(Duration.ofSeconds(60)));
      chooseModel(browser, "gemini-2.5-flash-image");
      type(browser, "prompt", "a slow fox");
      click(browser, "generate");
      waitFor(browser, "document.getElementById('status').textContent === 'Generating…'"
          + " && !document.getElementById('cancel').disabled");
      click(browser, "cancel");
      waitForDone(browser, "Cancelled");
      assertThat(browser.evaluate("document.getElementById('cancel').disabled").asBoolean()).isTrue();

      // 3b. OpenAI streams partial images: each one replaces the preview as it arrives.
      chooseModel(browser, "gpt-image-2");
      type(browser, "prompt", "a paper boat");
      browser.evaluate("""
          (() => { const p = document.getElementById('opt-partialImages'); p.value = '2'; p.dispatchEvent(new Event('input', {bubbles: true}));
            const note = document.getElementById('preview-note');
            window.__partials = [];
            new MutationObserver(() => window.__partials.push(note.textContent + '|' + document.getElementById('preview').src.substring(0, 11)))
              .observe(note, {childList: true, characterData: true, subtree: true}); })()""");
      click(browser, "generate");
      waitForDone(browser, "Done");
      assertThat(browser.evaluate("window.__partials").toString()).contains("preview 1|data:image/", "preview 2|data:image/");
      assertThat(browser.evaluate("!document.getElementById('preview-box').hidden").asBoolean()).isTrue();
      assertThat(openai.requests().get(openai.requests().size() - 1).json().path("partial_images").asInt()).isEqualTo(2);

      // 4. ComfyUI: checkpoint and LoRA from the engine's dropdowns, the sampler's steps counted live.
      chooseModel(browser, "engine:comfyui");
      waitFor(browser, "!document.getElementById('engine-box').hidden && document.getElementById('opt-sampler')"
          + " && document.querySelectorAll('#checkpoint option').length === 2 && document.getElementById('lora-pick')");
      assertThat(browser.evaluate("Array.from(document.querySelectorAll('#opt-sampler option')).map(o => o.value)").toString())
          .contains("euler");
      browser.evaluate("""
          (() => { const c = document.getElementById('checkpoint'); c.value = %s; c.dispatchEvent(new Event('change')); })()""".formatted(js(CHECKPOINT)));
      waitFor(browser, "document.getElementById('options').dataset.model === " + js("comfyui:" + CHECKPOINT));
      browser.evaluate("""
          (() => { const l = document.getElementById('lora-pick'); l.value = %s;
            document.getElementById('lora-weight').value = '0.7';
            document.getElementById('lora-add').click();
            const s = document.getElementById('opt-sampler'); s.value = 'euler'; s.dispatchEvent(new Event('change', {bubbles: true}));
            const n = document.getElementById('opt-steps'); n.value = '12'; n.dispatchEvent(new Event('input', {bubbles: true}));
            const e = document.getElementById('embedding-pick'); e.value = e.options[1].value; e.dispatchEvent(new Event('change'));
            const status = document.getElementById('status');
            window.__steps = [];
            new MutationObserver(() => { if (/^Step \\d+ of \\d+$/.test(status.textContent)) window.__steps.push(status.textContent); })
              .observe(status, {childList: true, characterData: true, subtree: true});
          })()""".formatted(js(LORA)));
      waitFor(browser, "document.querySelector('#lora-list li') !== null");
      type(browser, "prompt", "a lighthouse on a cliff");
      waitFor(browser, "document.getElementById('estimate').textContent.includes('$')");
      click(browser, "generate");
      waitForDone(browser, "Done");
      JsonNode steps = browser.evaluate("window.__steps");
      assertThat(steps.size()).as("step counter shown").isPositive();
      assertThat(steps.get(steps.size() - 1).asText()).matches("Step (\\d+) of \\1");
      assertThat(browser.evaluate("!document.getElementById('preview-box').hidden"
          + " && document.getElementById('preview').src.startsWith('data:image/')").asBoolean()).as("preview shown").isTrue();
      browser.screenshot(SHOTS.resolve("2-generate-comfyui.png"));
      RecordedRequest prompt = comfy.requests().stream().filter(r -> r.path().equals("/prompt")).reduce((a, b) -> b)
          .orElseThrow();
      assertThat(prompt.json().toString()).contains(CHECKPOINT, LORA, "\"steps\":12", "embedding:");

      // 5. History: search, provenance, the ComfyUI graph, hide one entry from view.
      browser.navigate("http://127.0.0.1:" + studio.port() + "/history");
      waitFor(browser, "document.body.dataset.ready === 'true' && document.querySelectorAll('.card').length === 4");
      waitFor(browser, "Array.from(document.querySelectorAll('.card img')).every(i => i.loading === 'lazy')");
      assertThat(browser.evaluate("document.body.innerText.includes(" + js(HOSTILE) + ")").asBoolean()).isTrue();
      assertThat(browser.evaluate("document.querySelectorAll('script').length").asInt()).isEqualTo(1);
      // A cost range (USD): the free local job drops out, the paid ones stay.
      browser.evaluate("document.getElementById('f-min-cost').value = '0.001'");
      browser.evaluate("document.querySelector('#search button[type=submit]').click()");
      String cards = "Array.from(document.querySelectorAll('.card')).map(c => c.textContent).join('\\n')";
      waitFor(browser, "!" + cards + ".includes('comfyui') && " + cards + ".includes('a paper boat')");
      browser.evaluate("document.getElementById('f-min-cost').value = ''");
      search(browser, "lighthouse", 1);
      browser.evaluate("document.querySelector('.card').click()");
      waitFor(browser, "!document.getElementById('detail').hidden && document.getElementById('d-fields').textContent.includes('comfyui')");
      assertThat(browser.evaluate("document.getElementById('d-prompt').textContent").asText()).isEqualTo("a lighthouse on a cliff");
      assertThat(browser.evaluate("!document.getElementById('graph').hidden && document.getElementById('graph').getAttribute('href')")
          .asText()).endsWith("/graph");
      assertThat(browser.evaluate("!document.getElementById('edit-image').hidden && document.getElementById('edit-image')"
          + ".getAttribute('href')").asText()).as("an entry's image opens in the Edit page").startsWith("/edit?image=%2Ffiles%2F");
      browser.screenshot(SHOTS.resolve("3-history.png"));
      search(browser, "slow", 1);
      browser.evaluate("document.querySelector('.card').click()");
      waitFor(browser, "!document.getElementById('detail').hidden && document.getElementById('d-prompt').textContent === 'a slow fox'");
      click(browser, "hide");
      waitFor(browser, "document.getElementById('notice').textContent.includes('hidden from view')");
      search(browser, "", 3);
      assertThat(browser.evaluate("document.body.innerText.includes('a slow fox')").asBoolean()).isFalse();

      // 6. Compare: an engine's checkpoint as the base model; then a live grid of two models by two aspect
      // ratios, swap and zoom.
      browser.navigate("http://127.0.0.1:" + studio.port() + "/compare");
      waitFor(browser, "document.body.dataset.ready === 'true' && document.querySelectorAll('#l-model option').length > 1");
      browser.evaluate("""
          (() => { document.getElementById('live').open = true; document.getElementById('l-prompt').value = 'a boat';
            const m = document.getElementById('l-model'); m.value = 'engine:comfyui'; m.dispatchEvent(new Event('input'));
            document.getElementById('lx-name').value = 'seed'; document.getElementById('lx-values').value = '1, 2'; })()""");
      waitFor(browser, "!document.getElementById('l-checkpoint-box').hidden && Array.from(document.querySelectorAll("
          + "'#l-checkpoint option')).some(o => o.value === " + js("comfyui:" + CHECKPOINT) + ")");
      browser.evaluate("document.getElementById('l-checkpoint').value = " + js("comfyui:" + CHECKPOINT));
      click(browser, "plan");
      waitFor(browser, "document.getElementById('l-estimate').textContent.startsWith('1 × 2 panels')");
      browser.evaluate("""
          (() => { document.getElementById('live').open = true;
            const set = (id, v) => { const e = document.getElementById(id); e.value = v; e.dispatchEvent(new Event('input')); };
            set('l-prompt', 'A red fox in fresh snow'); set('l-model', 'gemini-2.5-flash-image');
            set('lx-name', 'model'); set('lx-values', 'gemini-2.5-flash-image, gemini-3-pro-image');
            set('ly-name', 'aspectRatio'); set('ly-values', '1:1, 16:9'); })()""");
      assertThat(browser.evaluate("document.getElementById('l-checkpoint-box').hidden").asBoolean()).isTrue();
      click(browser, "plan");
      waitFor(browser, "document.getElementById('l-estimate').textContent.startsWith('2 × 2 panels')");
      click(browser, "run");
      waitFor(browser, "document.getElementById('l-status').textContent === 'Grid succeeded'"
          + " && document.querySelectorAll('#grid figure[data-id] img').length === 4");
      waitFor(browser, "Array.from(document.querySelectorAll('#grid img')).every(i => i.complete && i.naturalWidth > 0)");
      String columns = "Array.from(document.querySelectorAll('#grid tr:first-child th')).slice(1).map(t => t.textContent).join('|')";
      assertThat(browser.evaluate(columns).asText()).isEqualTo("gemini-2.5-flash-image|gemini-3-pro-image");
      click(browser, "swap");
      assertThat(browser.evaluate(columns).asText()).isEqualTo("1:1|16:9");
      assertThat(browser.evaluate("document.getElementById('x-axis').value + '/' + document.getElementById('y-axis').value")
          .asText()).isEqualTo("aspectRatio/model");
      browser.evaluate("document.querySelector('#grid figure img').click()");
      waitFor(browser, "document.getElementById('zoom-view').open && document.getElementById('zoom-img').complete"
          + " && document.getElementById('zoom-img').naturalWidth > 0");
      assertThat(browser.evaluate("document.getElementById('zoom-img').getBoundingClientRect().width"
          + " > document.querySelector('#grid figure img').getBoundingClientRect().width").asBoolean()).isTrue();
      browser.screenshot(SHOTS.resolve("4-compare-zoomed.png"));
      click(browser, "zoom-close");
      assertThat(browser.evaluate("document.getElementById('zoom-view').open").asBoolean()).isFalse();
      browser.screenshot(SHOTS.resolve("5-compare.png"));

      assertThat(browser.evaluate("typeof window.__pwned").asText()).isEqualTo("undefined");
      // The browser logs the 400 answers the invalid option provoked on purpose; nothing else may appear.
      assertThat(browser.errors().stream().filter(e -> !e.matches(
          "log: Failed to load resource: .* status of 400 .*/api/(generate|dry-run)")))
          .as("console errors, exceptions and CSP violations").isEmpty();
    }
  }

  private static void chooseModel(Chromium browser, String value) throws Exception {
    browser.evaluate("(() => { const m = document.getElementById('model'); m.value = %s; m.dispatchEvent(new Event('change')); })()"
        .formatted(js(value)));
  }

  private static void type(Chromium browser, String id, String text) throws Exception {
    browser.evaluate("(() => { const p = document.getElementById(%s); p.value = %s; p.dispatchEvent(new Event('input')); })()"
        .formatted(js(id), js(text)));
  }

  private static void click(Chromium browser, String id) throws Exception {
    browser.evaluate("document.getElementById(" + js(id) + ").click()");
  }

  private static void search(Chromium browser, String words, int cards) throws Exception {
    type(browser, "q", words);
    browser.evaluate("document.querySelector('#search button[type=submit]').click()");
    waitFor(browser, "document.querySelectorAll('.card').length === " + cards);
  }

  /** Waits for the job to end with {@code status}, and for its images (if any) to load. */
  private static void waitForDone(Chromium browser, String status) throws Exception {
    waitFor(browser, "document.getElementById('status').textContent === " + js(status)
        + " && document.getElementById('generate').disabled === false");
    waitFor(browser, "Array.from(document.querySelectorAll('#results img')).every(i => i.complete && i.naturalWidth > 0)");
  }

  /** Waits in the page until the condition holds (polling there; fails after 20 s with the condition). */
  private static void waitFor(Chromium browser, String condition) throws Exception {
    JsonNode ok = browser.evaluate("""
        new Promise(resolve => {
          const start = Date.now();
          const tick = () => {
            let v = false;
            try { v = (%s); } catch (e) { v = false; }
            if (v) return resolve(true);
            if (Date.now() - start > 20000) return resolve(false);
            setTimeout(tick, 50);
          };
          tick();
        })""".formatted(condition));
    if (!ok.asBoolean()) {
      JsonNode shown = browser.evaluate("(document.getElementById('error') ? document.getElementById('error').textContent : '') + ' / status: ' + (document.getElementById('status') ? document.getElementById('status').textContent : '') + ' / log: ' + (document.getElementById('log') ? document.getElementById('log').textContent : '')");
      assertThat(ok.asBoolean()).as("waited for: " + condition + "; page error: " + shown.asText() + "; errors: "
          + browser.errors()).isTrue();
    }
  }

  private static String js(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
  }
}
