package dev.darkroom.studio;

import dev.darkroom.ModelCatalog;
import dev.darkroom.ModelInfo;
import dev.darkroom.OutputException;
import dev.darkroom.Provenance;
import dev.darkroom.history.GenerationRecord;
import dev.darkroom.history.History;
import dev.darkroom.history.HistoryQuery;
import dev.darkroom.history.OutputFile;
import dev.darkroom.history.OutputKind;
import dev.darkroom.history.StoredRequest;
import dev.darkroom.internal.image.Downscaler;
import dev.darkroom.internal.image.ImageCodec;
import dev.darkroom.internal.io.AtomicFiles;
import dev.darkroom.internal.io.OutputNames;
import dev.darkroom.studio.internal.Formats;
import dev.darkroom.studio.internal.HtmlPage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Writes a static HTML gallery of history records: {@code DIR/index.html} and {@code DIR/thumbs/}
 * (JPEG thumbnails made by Darkroom, at most 384 px by default). Each image shows its prompt, model,
 * key parameters, cost, date and status, and opens the full image; failed and blocked generations are
 * shown with their reason. The page filters by model, status and text, and sums the spend. It is self
 * contained (no server, no external resources): open {@code index.html} from a local folder.
 *
 * <pre>{@code
 * Gallery.Result r = Gallery.builder().history(history)
 *     .query(HistoryQuery.builder().since(startOfToday).limit(1000).build())
 *     .directory(Path.of("gallery")).build().write();
 * }</pre>
 *
 * <p>Full images are linked by relative path (the gallery breaks if they move); with
 * {@link Builder#copyImages(boolean)} they are copied into {@code DIR/images/} instead. Every piece of
 * user text is escaped, and a Content-Security-Policy allows only the page's own script and style.
 */
public final class Gallery {
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
  private static final int LONG_PROMPT = 280;

  private final History history;
  private final HistoryQuery query;
  private final Path directory;
  private final boolean copyImages;
  private final int thumbnailSize;
  private final String title;
  private final ZoneId zone;
  private final ModelCatalog catalog;

  private Gallery(Builder b) {
    this.history = Objects.requireNonNull(b.history, "history: call Builder.history(History)");
    this.directory = Objects.requireNonNull(b.directory, "directory: call Builder.directory(Path)").toAbsolutePath().normalize();
    this.query = b.query;
    this.copyImages = b.copyImages;
    this.thumbnailSize = b.thumbnailSize;
    this.title = b.title;
    this.zone = b.zone;
    this.catalog = b.catalog;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * What {@link #write} produced.
   *
   * @param index the page
   * @param generations history records shown
   * @param images image cards (originals and grid cells)
   * @param totalCostUsd spend of the records shown
   * @param warnings images that could not be shown (missing or unreadable files)
   */
  public record Result(Path index, int generations, int images, BigDecimal totalCostUsd, List<String> warnings) {}

  /**
   * Writes (or rewrites) the gallery.
   *
   * @throws OutputException when the directory or a file in it cannot be written
   */
  public Result write() {
    List<GenerationRecord> records = history.list(query);
    List<String> warnings = new ArrayList<>();
    Path thumbs = directory.resolve("thumbs");
    Path images = directory.resolve("images");
    try {
      Files.createDirectories(thumbs);
      if (copyImages) {
        Files.createDirectories(images);
      }
    } catch (IOException e) {
      throw new OutputException("cannot create the gallery directory " + directory + ": " + e.getMessage(), e);
    }
    StringBuilder cards = new StringBuilder();
    int imageCount = 0;
    BigDecimal total = BigDecimal.ZERO;
    TreeSet<String> models = new TreeSet<>();
    TreeSet<String> statuses = new TreeSet<>();
    for (GenerationRecord r : records) {
      total = total.add(r.costUsd());
      models.add(r.model());
      statuses.add(r.status().name());
      List<OutputFile> shown = r.outputs().stream().filter(o -> o.kind() != OutputKind.THOUGHT).toList();
      if (shown.isEmpty()) {
        card(cards, r, null, null, null, true);
        continue;
      }
      boolean first = true;
      for (OutputFile o : shown) {
        Image img = image(o, thumbs, images, warnings);
        card(cards, r, o, img, cellPrompt(o), first);
        first = false;
        imageCount++;
      }
    }
    String page = page(records.size(), imageCount, total, models, statuses, cards);
    Path index = directory.resolve("index.html");
    try {
      AtomicFiles.writeNew(index, page.getBytes(StandardCharsets.UTF_8), true);
    } catch (IOException e) {
      throw new OutputException("cannot write " + index + ": " + e.getMessage(), e);
    }
    return new Result(index, records.size(), imageCount, total, List.copyOf(warnings));
  }

  /** A thumbnail and the link to the full image; null parts when the file is gone. */
  private record Image(@Nullable String thumb, int width, int height, @Nullable String href, @Nullable String problem) {}

  private Image image(OutputFile o, Path thumbs, Path images, List<String> warnings) {
    Path file = o.path().orElse(null);
    if (file == null) {
      return new Image(null, 0, 0, null, "not saved to a file");
    }
    if (!Files.isRegularFile(file)) {
      warnings.add("missing: " + file);
      return new Image(null, 0, 0, null, "file missing: " + file);
    }
    try {
      Path thumbFile = thumbs.resolve(o.id() + ".jpg");
      BufferedImage thumb = Downscaler.fitWithin(ImageCodec.decode(Files.readAllBytes(file)), thumbnailSize);
      AtomicFiles.writeNew(thumbFile, ImageCodec.encodeJpeg(thumb, 0.85f), true);
      String href;
      if (copyImages) {
        Path copy = images.resolve(OutputNames.safeFileName(o.id() + "-" + file.getFileName()));
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        href = "images/" + copy.getFileName();
      } else {
        href = relative(file);
      }
      return new Image("thumbs/" + thumbFile.getFileName(), thumb.getWidth(), thumb.getHeight(), href, null);
    } catch (IOException | RuntimeException e) {
      warnings.add("unreadable: " + file + " (" + e.getMessage() + ")");
      return new Image(null, 0, 0, null, "cannot read " + file.getFileName() + ": " + e.getMessage());
    }
  }

  private String relative(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    try {
      if (abs.getRoot() != null && abs.getRoot().equals(directory.getRoot())) {
        return HtmlPage.url(directory.relativize(abs).toString().replace('\\', '/'));
      }
    } catch (IllegalArgumentException e) {
      // different roots: fall through to an absolute URL
    }
    return abs.toUri().toString();
  }

  private static @Nullable String cellPrompt(OutputFile o) {
    if (o.kind() != OutputKind.CELL || o.path().isEmpty() || !Files.isRegularFile(o.path().get())) {
      return null;
    }
    try {
      return Provenance.read(o.path().get()).map(Provenance::prompt).filter(p -> !p.isBlank()).orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void card(StringBuilder b, GenerationRecord r, @Nullable OutputFile o, @Nullable Image img,
      @Nullable String ownPrompt, boolean countCost) {
    String prompt = ownPrompt != null ? ownPrompt : r.prompt();
    String modelName = catalog.find(r.model()).map(ModelInfo::name).orElse(r.model());
    String status = r.status().name();
    b.append("<figure class=\"card status-").append(status.toLowerCase(Locale.ROOT)).append("\" data-model=\"")
        .append(HtmlPage.attr(r.model())).append("\" data-status=\"").append(status).append("\" data-cost=\"")
        .append(countCost ? r.costUsd().toPlainString() : "0").append("\" data-text=\"")
        .append(HtmlPage.attr((prompt + " " + r.systemPrompt().orElse("") + " " + r.model()).toLowerCase(Locale.ROOT)))
        .append("\">\n");
    if (img != null && img.thumb() != null) {
      b.append("<a href=\"").append(HtmlPage.attr(img.href())).append("\"><img src=\"")
          .append(HtmlPage.attr(img.thumb())).append("\" loading=\"lazy\" width=\"").append(img.width())
          .append("\" height=\"").append(img.height()).append("\" alt=\"")
          .append(HtmlPage.attr(abbreviate(prompt, 200))).append("\"></a>\n");
    } else {
      String reason = img != null && img.problem() != null ? img.problem()
          : r.errorMessage().or(r::reason).orElse(status.toLowerCase(Locale.ROOT));
      b.append("<div class=\"noimg\"><strong>").append(HtmlPage.text(status.replace('_', ' ')))
          .append("</strong><br>").append(HtmlPage.text(abbreviate(reason, 300))).append("</div>\n");
    }
    b.append("<figcaption>\n<div class=\"meta\"><span class=\"model\" title=\"").append(HtmlPage.attr(r.model()))
        .append("\">").append(HtmlPage.text(modelName)).append("</span> <span class=\"badge\">")
        .append(HtmlPage.text(status)).append("</span></div>\n");
    b.append("<div class=\"params\">").append(HtmlPage.text(parameters(r.request(), o))).append("</div>\n");
    b.append("<div class=\"cost\">").append(Formats.usd(r.costUsd()));
    if (!countCost) {
      b.append(" (whole generation)");
    }
    r.latency().ifPresent(l -> b.append(" \u00b7 ").append(Formats.seconds(l)));
    b.append(" \u00b7 <time datetime=\"").append(r.startedAt()).append("\">")
        .append(DATE.format(r.startedAt().atZone(zone))).append("</time></div>\n");
    if (prompt.length() > LONG_PROMPT || prompt.contains("\n")) {
      b.append("<details><summary>").append(HtmlPage.text(abbreviate(prompt, 140))).append("</summary><p class=\"prompt\">")
          .append(HtmlPage.text(prompt)).append("</p></details>\n");
    } else {
      b.append("<p class=\"prompt\">").append(HtmlPage.text(prompt)).append("</p>\n");
    }
    r.systemPrompt().ifPresent(s -> b.append("<details><summary>system prompt</summary><p class=\"prompt\">")
        .append(HtmlPage.text(s)).append("</p></details>\n"));
    if (!r.modelText().isBlank()) {
      b.append("<details><summary>model text</summary><p class=\"prompt\">").append(HtmlPage.text(r.modelText()))
          .append("</p></details>\n");
    }
    b.append("<div class=\"file\">#").append(r.id());
    if (o != null && o.path().isPresent()) {
      b.append(" \u00b7 ").append(HtmlPage.text(o.path().get().getFileName().toString()));
    }
    b.append("</div>\n</figcaption>\n</figure>\n");
  }

  private static String parameters(StoredRequest q, @Nullable OutputFile o) {
    Map<String, String> p = new LinkedHashMap<>();
    q.aspectRatio().ifPresent(a -> p.put("aspect", a));
    p.put("size", q.effectiveImageSize());
    q.seed().ifPresent(s -> p.put("seed", Long.toUnsignedString(s)));
    q.options().forEach((name, value) -> {
      if (!name.equals("systemPrompt") && !(value instanceof java.util.Collection<?>)) {
        p.put(name, value.toString());
      }
    });
    if (!q.inputs().isEmpty()) {
      p.put("refs", Integer.toString(q.inputs().size()));
    }
    q.grid().ifPresent(g -> p.put("grid", g.toString()));
    if (o != null && o.kind() == OutputKind.CELL) {
      p.put("cell", "r" + o.gridRow() + "c" + o.gridCol());
    }
    if (o != null && o.width() > 0) {
      p.put("px", o.width() + "\u00d7" + o.height());
    }
    return Formats.parameters(p);
  }

  private String page(int generations, int images, BigDecimal total, TreeSet<String> models, TreeSet<String> statuses,
      StringBuilder cards) {
    HtmlPage page = new HtmlPage(title);
    page.style(STYLE);
    page.script(SCRIPT);
    StringBuilder b = page.body();
    b.append("<header>\n<h1>").append(HtmlPage.text(title)).append("</h1>\n<p class=\"summary\">")
        .append(generations).append(generations == 1 ? " generation, " : " generations, ").append(images)
        .append(images == 1 ? " image, " : " images, ").append("total spend <strong>").append(Formats.usd(total))
        .append("</strong>").append(" <span id=\"shown\"></span></p>\n<form class=\"filters\" role=\"search\">\n")
        .append("<label>Model <select id=\"f-model\"><option value=\"\">all</option>");
    for (String m : models) {
      String name = catalog.find(m).map(ModelInfo::name).orElse(m);
      b.append("<option value=\"").append(HtmlPage.attr(m)).append("\">").append(HtmlPage.text(name)).append("</option>");
    }
    b.append("</select></label>\n<label>Status <select id=\"f-status\"><option value=\"\">all</option>");
    for (String s : statuses) {
      b.append("<option value=\"").append(s).append("\">").append(s.toLowerCase(Locale.ROOT).replace('_', ' '))
          .append("</option>");
    }
    b.append("</select></label>\n<label>Text <input id=\"f-text\" type=\"search\" placeholder=\"prompt words\"></label>\n")
        .append("</form>\n</header>\n<main class=\"grid\">\n").append(cards).append("</main>\n")
        .append("<footer>Made by Darkroom ").append(HtmlPage.text(dev.darkroom.Darkroom.VERSION)).append("</footer>\n");
    return page.render();
  }

  private static String abbreviate(String s, int max) {
    String t = s.strip().replaceAll("\\s+", " ");
    return t.length() <= max ? t : t.substring(0, max - 1) + "\u2026";
  }

  private static final String STYLE = """
      body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f4f4f4;color:#202020}
      header{padding:16px 24px;background:#fff;border-bottom:1px solid #ddd;position:sticky;top:0;z-index:1}
      h1{font-size:20px;margin:0 0 4px}
      .summary{margin:0 0 8px;color:#444}
      .filters label{margin-right:16px;font-size:14px}
      .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:16px;padding:24px}
      .card{margin:0;background:#fff;border:1px solid #ddd;border-radius:6px;overflow:hidden;display:flex;flex-direction:column}
      .card[hidden]{display:none}
      .card img{display:block;width:100%;height:auto;background:#eee}
      .noimg{aspect-ratio:1/1;display:flex;flex-direction:column;align-items:center;justify-content:center;text-align:center;padding:16px;background:#e0e0e0;color:#333;font-size:13px;overflow:hidden}
      .noimg strong{color:#a02020;margin-bottom:6px}
      figcaption{padding:8px 10px;font-size:13px}
      .meta{display:flex;justify-content:space-between;gap:8px}
      .model{font-weight:600}
      .badge{font-size:11px;padding:1px 6px;border-radius:8px;background:#e8f3e8;color:#205020}
      .status-blocked .badge,.status-failed .badge,.status-no_image .badge,.status-interrupted .badge{background:#f6e0e0;color:#802020}
      .params,.cost,.file{color:#555;margin-top:2px}
      .prompt{white-space:pre-wrap;word-break:break-word;margin:6px 0 0}
      details summary{cursor:pointer;margin-top:6px;color:#333}
      footer{padding:8px 24px 24px;color:#777;font-size:12px}
      """;

  private static final String SCRIPT = """
      (function () {
        var cards = Array.prototype.slice.call(document.querySelectorAll('.card'));
        var model = document.getElementById('f-model');
        var status = document.getElementById('f-status');
        var text = document.getElementById('f-text');
        var shown = document.getElementById('shown');
        function apply() {
          var words = text.value.toLowerCase().split(/\\s+/).filter(Boolean);
          var n = 0, cost = 0;
          cards.forEach(function (c) {
            var ok = (!model.value || c.dataset.model === model.value)
                && (!status.value || c.dataset.status === status.value)
                && words.every(function (w) { return c.dataset.text.indexOf(w) >= 0; });
            c.hidden = !ok;
            if (ok) { n++; cost += parseFloat(c.dataset.cost) || 0; }
          });
          shown.textContent = n === cards.length ? '' : '(' + n + ' shown, $' + cost.toFixed(4) + ')';
        }
        model.addEventListener('change', apply);
        status.addEventListener('change', apply);
        text.addEventListener('input', apply);
        document.querySelector('.filters').addEventListener('submit', function (e) { e.preventDefault(); });
        apply();
      })();
      """;

  /** Configures a {@link Gallery}; {@link #history} and {@link #directory} are required. */
  public static final class Builder {
    private @Nullable History history;
    private HistoryQuery query = HistoryQuery.builder().limit(1000).build();
    private @Nullable Path directory;
    private boolean copyImages;
    private int thumbnailSize = 384;
    private String title = "Darkroom gallery";
    private ZoneId zone = ZoneId.systemDefault();
    private ModelCatalog catalog = ModelCatalog.builtIn();

    private Builder() {}

    public Builder history(History history) {
      this.history = Objects.requireNonNull(history, "history");
      return this;
    }

    /** Which records to show, newest first; default the latest 1000. */
    public Builder query(HistoryQuery query) {
      this.query = Objects.requireNonNull(query, "query");
      return this;
    }

    /** The gallery folder; created if needed. {@code index.html} in it is replaced. */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** Copy full images into {@code DIR/images/} instead of linking to them; default false. */
    public Builder copyImages(boolean copyImages) {
      this.copyImages = copyImages;
      return this;
    }

    /** Longest side of thumbnails in pixels, 64 to 1024; default 384. */
    public Builder thumbnailSize(int pixels) {
      if (pixels < 64 || pixels > 1024) {
        throw new IllegalArgumentException("thumbnail size " + pixels + " is out of range; allowed: 64 to 1024 pixels");
      }
      this.thumbnailSize = pixels;
      return this;
    }

    public Builder title(String title) {
      this.title = Objects.requireNonNull(title, "title");
      return this;
    }

    /** Time zone of the dates shown; default the system's. */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /** For model display names; default the built-in table. */
    public Builder catalog(ModelCatalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    public Gallery build() {
      return new Gallery(this);
    }
  }
}
