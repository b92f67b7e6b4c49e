package dev.darkroom.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.Darkroom;
import dev.darkroom.history.History;
import dev.darkroom.studio.web.StudioServer;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Darkroom Studio in a real headless Chromium against the fake Gemini server: Generate (a hostile
 * prompt, then a second model) → the image arrives → History (search, provenance) → Compare (swap,
 * zoom), with no console errors or CSP violations and the hostile prompt kept as text. Screenshots
 * of each page go to {@code target/studio-screenshots/}. Skipped with a message where Chromium is
 * not installed.
 */
@ExtendWith(FakeGeminiExtension.class)
class StudioBrowserTest {
  private static final Path SHOTS = Path.of("target", "studio-screenshots");

  @TempDir Path dir;

  @Test
  void generateWatchFindAndCompareInTheBrowser(FakeGemini fake) throws Exception {
    Optional<Path> chromium = Chromium.find();
    if (chromium.isEmpty()) {
      Assumptions.abort("chromium not installed: apt-get install chromium to run the studio browser test");
    }
    Files.createDirectories(dir.resolve("profile"));
    try (History history = History.open(dir.resolve("history.db"));
        Darkroom darkroom = Darkroom.builder().setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY)
            .setting("gemini.baseUrl", fake.baseUrl()).build();
        StudioServer studio = StudioServer.builder().darkroom(darkroom).history(history)
            .outputDirectory(dir.resolve("out")).build();
        Chromium browser = Chromium.start(chromium.get(), dir.resolve("profile"))) {
      browser.viewport(1280, 900);
      browser.navigate(studio.uri().toString());
      waitFor(browser, "document.body.dataset.ready === 'true'");
      assertThat(browser.evaluate("location.pathname + location.search").asText()).isEqualTo("/");

      generate(browser, "gemini-2.5-flash-image", GalleryFixture.EVIL, "");
      browser.screenshot(SHOTS.resolve("1-generate.png"));
      generate(browser, "gemini-3-pro-image", "A red fox in fresh snow", "includeThoughts");
      assertThat(browser.evaluate("document.getElementById('thoughts').textContent.length > 0").asBoolean()).isTrue();
      assertThat(browser.evaluate("typeof window.__pwned").asText()).isEqualTo("undefined");

      // An invalid option points at its field before anything is sent.
      int sent = fake.requestCount();
      browser.evaluate("""
          (() => { const o = document.getElementById('opt-temperature'); o.value = 'hot';
            o.dispatchEvent(new Event('input', {bubbles: true}));
            document.getElementById('generate').click(); })()""");
      waitFor(browser, "document.getElementById('opt-temperature').classList.contains('invalid')");
      assertThat(browser.evaluate("document.getElementById('error').textContent").asText()).contains("temperature");
      assertThat(fake.requestCount()).isEqualTo(sent);

      browser.navigate("http://127.0.0.1:" + studio.port() + "/history");
      waitFor(browser, "document.body.dataset.ready === 'true' && document.querySelectorAll('.card').length === 2");
      waitFor(browser, "Array.from(document.querySelectorAll('.card img')).every(i => i.complete && i.naturalWidth > 0)");
      assertThat(browser.evaluate("document.body.innerText.includes(" + js(GalleryFixture.EVIL) + ")").asBoolean()).isTrue();
      assertThat(browser.evaluate("document.querySelectorAll('script').length").asInt()).isEqualTo(1);
      browser.evaluate("document.querySelector('.card').click()");
      waitFor(browser, "!document.getElementById('detail').hidden && document.getElementById('d-fields').textContent.includes('gemini-3-pro-image')");
      assertThat(browser.evaluate("document.getElementById('d-prompt').textContent").asText()).isEqualTo("A red fox in fresh snow");
      browser.screenshot(SHOTS.resolve("2-history.png"));

      browser.evaluate("""
          (() => { const q = document.getElementById('q'); q.value = 'fox';
            document.querySelector('#search button[type=submit]').click(); })()""");
      waitFor(browser, "document.querySelectorAll('.card').length === 1");
      browser.evaluate("""
          (() => { const q = document.getElementById('q'); q.value = '';
            document.querySelector('#search button[type=submit]').click(); })()""");
      waitFor(browser, "document.querySelectorAll('.card').length === 2");
      browser.evaluate("document.querySelectorAll('.card input[type=checkbox]').forEach(b => b.click())");
      assertThat(browser.evaluate("document.getElementById('compare').disabled").asBoolean()).isFalse();
      String ids = browser.evaluate("Array.from(document.querySelectorAll('.card.selected')).map(c => c.dataset.id).join(',')")
          .asText();
      assertThat(ids.split(",")).hasSize(2);
      browser.navigate("http://127.0.0.1:" + studio.port() + "/compare?ids=" + ids);
      waitFor(browser, "document.body.dataset.ready === 'true' && document.querySelectorAll('#grid figure').length === 2");
      waitFor(browser, "Array.from(document.querySelectorAll('#grid img')).every(i => i.complete && i.naturalWidth > 0)");
      JsonNode before = browser.evaluate("Array.from(document.querySelectorAll('#grid figure')).map(f => f.dataset.id)");
      browser.evaluate("document.getElementById('swap').click()");
      JsonNode after = browser.evaluate("Array.from(document.querySelectorAll('#grid figure')).map(f => f.dataset.id)");
      assertThat(after.get(0).asText()).isEqualTo(before.get(1).asText());
      assertThat(after.get(1).asText()).isEqualTo(before.get(0).asText());
      browser.evaluate("""
          (() => { const z = document.getElementById('zoom'); z.value = '480';
            z.dispatchEvent(new Event('input')); })()""");
      assertThat(browser.evaluate("document.querySelector('#grid figure').getBoundingClientRect().width").asDouble())
          .isEqualTo(480.0);
      assertThat(browser.evaluate("document.body.innerText.includes(" + js(GalleryFixture.EVIL) + ")").asBoolean()).isTrue();
      browser.screenshot(SHOTS.resolve("3-compare.png"));

      assertThat(browser.evaluate("typeof window.__pwned").asText()).isEqualTo("undefined");
      // The browser logs the 400 answers the invalid option provoked on purpose; nothing else may appear.
      assertThat(browser.errors().stream().filter(e -> !e.matches(
          "log: Failed to load resource: .* status of 400 .*/api/(generate|dry-run)")))
          .as("console errors, exceptions and CSP violations").isEmpty();
    }
  }

  /** Picks a model, types a prompt, optionally sets a boolean option, presses Generate and waits for the image. */
  private static void generate(Chromium browser, String model, String prompt, String trueOption) throws Exception {
    browser.evaluate("""
        (() => {
          const m = document.getElementById('model'); m.value = %s; m.dispatchEvent(new Event('change'));
          const p = document.getElementById('prompt'); p.value = %s; p.dispatchEvent(new Event('input'));
          const o = document.getElementById('opt-' + %s); if (o) { o.value = 'true'; }
          document.getElementById('generate').click();
        })()""".formatted(js(model), js(prompt), js(trueOption)));
    waitFor(browser, "document.getElementById('status').textContent === 'Done'"
        + " && document.querySelectorAll('#results img').length > 0");
    waitFor(browser, "Array.from(document.querySelectorAll('#results img')).every(i => i.complete && i.naturalWidth > 0)");
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
    assertThat(ok.asBoolean()).as("waited for: " + condition + "; errors: " + browser.errors()).isTrue();
  }

  private static String js(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
  }
}
