package dev.darkroom.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.history.History;
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
 * Opens a generated gallery in a real headless Chromium from the local folder (no server): no console
 * errors or CSP violations, every image renders, the filters work, and a hostile prompt stays text.
 * Skipped with a message where Chromium is not installed ({@code .ci/run} installs it when it can).
 */
@ExtendWith(FakeGeminiExtension.class)
class GalleryBrowserTest {
  @TempDir Path dir;

  @Test
  void galleryOpensFromDiskWithoutErrorsAndHostilePromptsStayText(FakeGemini fake) throws Exception {
    Optional<Path> chromium = Chromium.find();
    if (chromium.isEmpty()) {
      Assumptions.abort("chromium not installed: apt-get install chromium to run the gallery browser test");
    }
    Path index;
    try (History history = History.open(dir.resolve("history.db"))) {
      GalleryFixture.populate(fake, history, dir.resolve("out"));
      index = Gallery.builder().history(history).directory(dir.resolve("site")).build().write().index();
    }
    Files.createDirectories(dir.resolve("profile"));
    try (Chromium browser = Chromium.start(chromium.get(), dir.resolve("profile"))) {
      browser.navigate(index.toUri().toString());

      JsonNode images = browser.evaluate("""
          (async () => {
            const imgs = Array.from(document.images);
            imgs.forEach(i => { i.loading = 'eager'; i.scrollIntoView(); });
            await Promise.all(imgs.map(i => i.complete ? null
                : new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })));
            return imgs.map(i => ({ src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0 }));
          })()""");
      assertThat(images).hasSize(7);
      assertThat(images).allSatisfy(i -> assertThat(i.path("ok").asBoolean()).as(i.toString()).isTrue());

      assertThat(browser.evaluate("typeof window.__pwned").asText()).isEqualTo("undefined");
      assertThat(browser.evaluate("document.body.innerText.includes(" + jsString(GalleryFixture.EVIL) + ")")
          .asBoolean()).isTrue();
      assertThat(browser.evaluate("document.querySelectorAll('script').length").asInt()).isEqualTo(1);

      JsonNode filtered = browser.evaluate("""
          (() => {
            const s = document.getElementById('f-status');
            s.value = 'BLOCKED';
            s.dispatchEvent(new Event('change'));
            return [document.querySelectorAll('.card:not([hidden])').length, document.getElementById('shown').textContent];
          })()""");
      assertThat(filtered.get(0).asInt()).isEqualTo(1);
      assertThat(filtered.get(1).asText()).startsWith("(1 shown, $");

      JsonNode link = browser.evaluate("""
          (async () => {
            const a = document.querySelector('.card a');
            const img = new Image();
            img.src = a.href;
            await img.decode();
            return img.naturalWidth;
          })()""");
      assertThat(link.asInt()).isPositive();

      assertThat(browser.errors()).as("console errors, exceptions and CSP violations").isEmpty();
    }
  }

  private static String jsString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
