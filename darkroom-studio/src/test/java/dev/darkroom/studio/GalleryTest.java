package dev.darkroom.studio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.history.GenerationRecord;
import dev.darkroom.history.History;
import dev.darkroom.history.HistoryQuery;
import dev.darkroom.internal.image.ImageCodec;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(FakeGeminiExtension.class)
class GalleryTest {
  @TempDir Path dir;

  @Test
  void writesSelfContainedEscapedPageWithThumbnailsAndTotals(FakeGemini fake) throws Exception {
    try (History history = History.open(dir.resolve("history.db"))) {
      GalleryFixture.populate(fake, history, dir.resolve("out"));
      Path site = dir.resolve("site");
      Gallery.Result r = Gallery.builder().history(history).directory(site).zone(ZoneOffset.UTC).build().write();

      List<GenerationRecord> all = history.list(HistoryQuery.builder().limit(100).build());
      BigDecimal spend = all.stream().map(GenerationRecord::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
      assertThat(r.generations()).isEqualTo(4);
      assertThat(r.images()).isEqualTo(2 + 1 + 4);
      assertThat(r.totalCostUsd()).isEqualByComparingTo(spend);
      assertThat(r.warnings()).isEmpty();

      String html = Files.readString(r.index());
      assertThat(html).doesNotContain("<script>window").doesNotContain("<img src=x")
          .contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;");
      assertThat(html).doesNotContain("onerror=\"");
      assertThat(html).doesNotContain("http://").doesNotContain("https://");
      assertThat(html).contains("Content-Security-Policy").contains("script-src &#39;sha256-");
      assertThat(html).contains("loading=\"lazy\"").contains("<strong>BLOCKED</strong>").contains("IMAGE_SAFETY");
      assertThat(html).contains("Nano Banana Pro").contains(dev.darkroom.studio.internal.Formats.usd(spend));
      assertThat(html).contains("href=\"../out/fox%20%26%20hound%20%231%2050%25.");
      assertThat(Pattern.compile("<script>").matcher(html).results().count()).isEqualTo(1);

      Matcher thumbs = Pattern.compile("src=\"(thumbs/[0-9]+\\.jpg)\"").matcher(html);
      int n = 0;
      while (thumbs.find()) {
        BufferedImage t = ImageCodec.decode(Files.readAllBytes(site.resolve(thumbs.group(1))));
        assertThat(Math.max(t.getWidth(), t.getHeight())).isLessThanOrEqualTo(384);
        n++;
      }
      assertThat(n).isEqualTo(7);
      Matcher links = Pattern.compile("<a href=\"([^\"]+)\"").matcher(html);
      while (links.find()) {
        String decoded = java.net.URLDecoder.decode(links.group(1).replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(site.resolve(decoded).normalize()).exists();
      }
    }
  }

  @Test
  void copiesImagesAndFiltersByQuery(FakeGemini fake) throws Exception {
    try (History history = History.open(dir.resolve("history.db"))) {
      GalleryFixture.populate(fake, history, dir.resolve("out"));
      Path site = dir.resolve("copy");
      Gallery.Result r = Gallery.builder().history(history).directory(site).copyImages(true)
          .query(HistoryQuery.builder().search("fox").build()).build().write();
      assertThat(r.generations()).isEqualTo(1);
      try (Stream<Path> files = Files.list(site.resolve("images"))) {
        assertThat(files.count()).isEqualTo(1);
      }
      assertThat(Files.readString(r.index())).contains("href=\"images/").doesNotContain("../out/");
    }
  }

  @Test
  void aMissingFileIsReportedNotFatal(FakeGemini fake) throws Exception {
    try (History history = History.open(dir.resolve("history.db"))) {
      GalleryFixture.populate(fake, history, dir.resolve("out"));
      try (Stream<Path> files = Files.list(dir.resolve("out"))) {
        for (Path p : files.filter(p -> p.getFileName().toString().startsWith("fox")).toList()) {
          Files.delete(p);
        }
      }
      Gallery.Result r = Gallery.builder().history(history).directory(dir.resolve("site")).build().write();
      assertThat(r.warnings()).singleElement().asString().startsWith("missing: ");
      assertThat(Files.readString(r.index())).contains("file missing");
    }
  }
}
