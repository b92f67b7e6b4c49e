package dev.darkroom.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.Darkroom;
import dev.darkroom.ImageRequest;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a comparison's HTML page in a real headless Chromium from the local folder (no server): no
 * console errors or CSP violations, the sheet and every panel image render, and a hostile prompt and
 * label stay text. Skipped with a message where Chromium is not installed ({@code .ci/run} installs
 * it when it can).
 */
@ExtendWith(FakeGeminiExtension.class)
class ComparisonBrowserTest {
  static final String EVIL = GalleryFixture.EVIL;

  @TempDir Path dir;

  @Test
  void comparisonPageOpensFromDiskWithoutErrorsAndHostileTextStaysText(FakeGemini fake) throws Exception {
    Optional<Path> chromium = Chromium.find();
    if (chromium.isEmpty()) {
      Assumptions.abort("chromium not installed: apt-get install chromium to run the comparison browser test");
    }
    fake.enqueue(FakeReply.imageSafety());
    Comparison comparison;
    try (Darkroom darkroom = Darkroom.builder().setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY).setting("gemini.baseUrl", fake.baseUrl()).build()) {
      ComparisonRunner runner = ComparisonRunner.builder().client(darkroom).outputDirectory(dir.resolve("out"))
          .parallelism(1).build();
      comparison = runner.run(ImageRequest.builder().model("gemini-2.5-flash-image").prompt(EVIL).build(),
          List.of(Variant.of("filtered", b -> {}), Variant.of(EVIL, b -> {}), Variant.model("gemini-3-pro-image")), 1);
    }
    assertThat(comparison.failures()).isEqualTo(1);
    ComparisonSheet.Written page = ComparisonSheet.defaults()
        .write(comparison, dir.resolve("sheets/compare & contrast #1.png"), false);

    Files.createDirectories(dir.resolve("profile"));
    try (Chromium browser = Chromium.start(chromium.get(), dir.resolve("profile"))) {
      browser.navigate(page.html().toUri().toString());

      JsonNode images = browser.evaluate("""
          (async () => {
            const imgs = Array.from(document.images);
            await Promise.all(imgs.map(i => i.complete ? null
                : new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })));
            return imgs.map(i => ({ cls: i.className, src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0 }));
          })()""");
      assertThat(images).as(images.toString()).hasSize(3);
      assertThat(images).allSatisfy(i -> assertThat(i.path("ok").asBoolean()).as(i.toString()).isTrue());
      assertThat(images.get(0).path("cls").asText()).isEqualTo("sheet");
      assertThat(images.get(1).path("src").asText()).startsWith("../out/");

      assertThat(browser.evaluate("typeof window.__pwned").asText()).isEqualTo("undefined");
      assertThat(browser.evaluate("document.querySelectorAll('script, [onerror]').length").asInt()).isZero();
      assertThat(browser.evaluate("document.querySelector('pre').textContent").asText()).isEqualTo(EVIL);
      assertThat(browser.evaluate("Array.from(document.querySelectorAll('td')).some(td => td.textContent === "
          + jsString(EVIL) + ")").asBoolean()).as("the hostile label shown as text in its cell").isTrue();
      assertThat(browser.evaluate("document.body.innerText.includes('CONTENT_BLOCKED')").asBoolean()).isTrue();

      assertThat(browser.errors()).as("console errors, exceptions and CSP violations").isEmpty();
    }
  }

  private static String jsString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
