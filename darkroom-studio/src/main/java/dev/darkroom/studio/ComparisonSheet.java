package dev.darkroom.studio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.Darkroom;
import dev.darkroom.OutputException;
import dev.darkroom.internal.image.Downscaler;
import dev.darkroom.internal.image.ImageCodec;
import dev.darkroom.internal.image.PngText;
import dev.darkroom.internal.io.AtomicFiles;
import dev.darkroom.internal.io.OutputNames;
import dev.darkroom.studio.internal.Formats;
import dev.darkroom.studio.internal.HtmlPage;
import dev.darkroom.studio.internal.SheetLayout;
import dev.darkroom.studio.internal.TextWrap;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Renders a {@link Comparison} as one labelled sheet: a title, the panels in rows (variants) and
 * columns (repeats), each image scaled to the panel width over a caption (label, model, key
 * parameters, time, cost), a grey box stating the failure where a panel has no image, and the shared
 * prompt with the total cost under it. {@link #write} saves the sheet as PNG, with every panel's
 * provenance as one JSON array in its {@code darkroom} text chunk, and an HTML page with the same
 * content as text.
 *
 * <p>Rendering is headless and deterministic on one machine: the JDK's logical {@code SansSerif}
 * font, greyscale antialiasing, no fractional metrics. Defaults: panels 320 px wide, prompt cut
 * after 8 lines.
 */
public final class ComparisonSheet {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Color BACKGROUND = Color.WHITE;
  private static final Color TEXT = new Color(0x20, 0x20, 0x20);
  private static final Color MUTED = new Color(0x60, 0x60, 0x60);
  private static final Color FAILED_FILL = new Color(0xE0, 0xE0, 0xE0);
  private static final Color FAILED_BORDER = new Color(0xA0, 0xA0, 0xA0);
  private static final Color ERROR = new Color(0xA0, 0x20, 0x20);

  private final int panelWidth;
  private final int maxPromptLines;
  private final String version;
  private final Font regular = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private final Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 12);
  private final Font title = new Font(Font.SANS_SERIF, Font.BOLD, 16);
  private final Font promptFont = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

  private ComparisonSheet(Builder b) {
    this.panelWidth = b.panelWidth;
    this.maxPromptLines = b.maxPromptLines;
    this.version = b.version;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A sheet renderer with the defaults. */
  public static ComparisonSheet defaults() {
    return builder().build();
  }

  /** The sheet image. Panels whose image cannot be decoded are drawn as failures. */
  public BufferedImage render(Comparison comparison) {
    List<@Nullable BufferedImage> decoded = decodeAll(comparison);
    SheetLayout layout = layout(comparison, decoded);
    BufferedImage sheet = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    try {
      hints(g);
      g.setColor(BACKGROUND);
      g.fillRect(0, 0, layout.width(), layout.height());
      drawHeader(g, comparison, layout.header());
      List<Panel> panels = comparison.panels();
      for (int i = 0; i < panels.size(); i++) {
        Panel p = panels.get(i);
        BufferedImage image = decoded.get(i);
        Rectangle box = layout.images().get(i);
        if (image != null) {
          drawImage(g, image, box);
        } else {
          drawFailure(g, p.failure().orElse(new Panel.Failure("UNREADABLE", "the image could not be decoded")), box);
        }
        drawCaption(g, comparison, p, layout.captions().get(i));
      }
      drawFooter(g, comparison, layout);
    } finally {
      g.dispose();
    }
    return sheet;
  }

  /** The geometry {@link #render} uses. */
  SheetLayout layout(Comparison comparison) {
    return layout(comparison, decodeAll(comparison));
  }

  private SheetLayout layout(Comparison comparison, List<@Nullable BufferedImage> decoded) {
    List<SheetLayout.Slot> slots = new ArrayList<>();
    List<Panel> panels = comparison.panels();
    for (int i = 0; i < panels.size(); i++) {
      BufferedImage image = decoded.get(i);
      slots.add(new SheetLayout.Slot(panels.get(i).row(), panels.get(i).column(),
          image == null ? null : new Dimension(image.getWidth(), image.getHeight())));
    }
    FontMetrics fm = metrics(promptFont);
    return SheetLayout.compute(slots, comparison.rows(), comparison.columns(), panelWidth, comparison.prompt(),
        maxPromptLines, fm::stringWidth);
  }

  /** The sheet as PNG bytes with every panel's provenance embedded (iTXt {@code darkroom}, a JSON array). */
  public byte[] png(Comparison comparison) {
    byte[] png = ImageCodec.encodePng(render(comparison));
    List<PngText.Entry> entries = new ArrayList<>();
    entries.add(new PngText.Entry("darkroom", provenanceJson(comparison), true));
    entries.add(new PngText.Entry("Description", comparison.prompt(), true));
    entries.add(PngText.Entry.of("Software", "Darkroom " + version));
    return PngText.withText(png, entries);
  }

  /** Every panel's caption fields and embedded provenance, as one JSON array. */
  public String provenanceJson(Comparison comparison) {
    ArrayNode array = JSON.createArrayNode();
    for (Panel p : comparison.panels()) {
      ObjectNode n = array.addObject();
      n.put("label", p.label());
      n.put("row", p.row() + 1);
      n.put("column", p.column() + 1);
      n.put("model", p.model());
      n.put("modelName", p.modelName());
      n.put("prompt", p.prompt());
      p.systemPrompt().ifPresent(s -> n.put("systemPrompt", s));
      ObjectNode params = n.putObject("parameters");
      p.parameters().forEach(params::put);
      n.put("costUsd", p.costUsd().toPlainString());
      p.latency().ifPresent(l -> n.put("latencyMs", l.toMillis()));
      p.path().ifPresent(path -> n.put("path", path.toString()));
      p.historyId().ifPresent(id -> n.put("historyId", id));
      p.failure().ifPresent(f -> n.putObject("failure").put("kind", f.kind()).put("reason", f.reason()));
      p.provenanceJson().ifPresent(json -> {
        try {
          JsonNode parsed = JSON.readTree(json);
          n.set("provenance", parsed);
        } catch (IOException e) {
          n.put("provenance", json);
        }
      });
    }
    return array.toString();
  }

  /**
   * Writes {@code png} (the sheet) and an HTML page with the same name and {@code .html}, never
   * replacing existing files unless {@code overwrite}: the next free name is used instead. Missing
   * parent directories are created. The page shows the saved panel images, linked relatively.
   *
   * @throws OutputException when a file cannot be written
   */
  public Written write(Comparison comparison, Path png, boolean overwrite) {
    Path target = png.toAbsolutePath();
    try {
      java.nio.file.Files.createDirectories(target.getParent());
      Path writtenPng = AtomicFiles.writeNew(target, png(comparison), overwrite);
      Path html = OutputNames.withExtension(writtenPng, "html");
      String page = html(comparison, writtenPng.getFileName().toString(), html.getParent());
      Path writtenHtml = AtomicFiles.writeNew(html, page.getBytes(StandardCharsets.UTF_8), overwrite);
      return new Written(writtenPng, writtenHtml);
    } catch (IOException e) {
      throw new OutputException("cannot write the comparison sheet " + target + ": " + e.getMessage(), e);
    }
  }

  /** Where {@link #write} put the sheet and its page. */
  public record Written(Path png, Path html) {}

  /** {@link #html(Comparison, String, Path)} without the panels' images: their file names only. */
  public String html(Comparison comparison, String sheetFileName) {
    return html(comparison, sheetFileName, null);
  }

  /**
   * A self-contained HTML page showing {@code sheetFileName} and every panel's details as escaped
   * text. When {@code pageDirectory} (where the page will be written) is given, each saved panel image
   * is also shown, linked relatively so the page works when opened from the folder.
   */
  public String html(Comparison comparison, String sheetFileName, @Nullable Path pageDirectory) {
    HtmlPage page = new HtmlPage("Darkroom comparison");
    page.style("""
        body{font-family:system-ui,sans-serif;margin:24px;color:#202020}
        img.sheet{max-width:100%;height:auto;border:1px solid #ddd}
        img.panel{display:block;max-width:160px;max-height:160px;margin-bottom:4px}
        table{border-collapse:collapse;margin-top:16px}
        td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
        pre{white-space:pre-wrap;background:#f6f6f6;padding:8px}
        .failed{color:#a02020}""");
    StringBuilder b = page.body();
    b.append("<h1>Darkroom comparison</h1>\n");
    b.append("<p><img class=\"sheet\" src=\"").append(HtmlPage.attr(HtmlPage.url(sheetFileName)))
        .append("\" alt=\"comparison sheet\"></p>\n");
    b.append("<h2>Prompt</h2>\n<pre>").append(HtmlPage.text(comparison.prompt())).append("</pre>\n");
    b.append("<table>\n<tr><th>row</th><th>col</th><th>label</th><th>model</th><th>parameters</th><th>time</th>"
        + "<th>cost</th><th>result</th></tr>\n");
    for (Panel p : comparison.panels()) {
      b.append("<tr><td>").append(p.row() + 1).append("</td><td>").append(p.column() + 1).append("</td><td>")
          .append(HtmlPage.text(p.label())).append("</td><td>").append(HtmlPage.text(p.modelName()))
          .append("<br><code>").append(HtmlPage.text(p.model())).append("</code></td><td>")
          .append(HtmlPage.text(Formats.parameters(p.parameters())));
      p.systemPrompt().ifPresent(s -> b.append("<br>system: ").append(HtmlPage.text(s)));
      if (!p.prompt().equals(comparison.prompt())) {
        b.append("<br>prompt: ").append(HtmlPage.text(p.prompt()));
      }
      b.append("</td><td>").append(p.latency().map(Formats::seconds).orElse("")).append("</td><td>")
          .append(Formats.usd(p.costUsd())).append("</td><td>");
      if (p.failure().isPresent()) {
        b.append("<span class=\"failed\">").append(HtmlPage.text(p.failure().get().kind())).append(": ")
            .append(HtmlPage.text(p.failure().get().reason())).append("</span>");
      } else if (p.path().isPresent()) {
        String link = pageDirectory == null ? null : relativeUrl(pageDirectory, p.path().get());
        if (link != null) {
          b.append("<a href=\"").append(HtmlPage.attr(link)).append("\"><img class=\"panel\" src=\"")
              .append(HtmlPage.attr(link)).append("\" alt=\"").append(HtmlPage.attr(p.label() + " #" + (p.column() + 1)))
              .append("\"></a>");
        }
        b.append(HtmlPage.text(p.path().get().getFileName().toString()));
      } else {
        b.append("ok");
      }
      b.append("</td></tr>\n");
    }
    b.append("</table>\n<p>").append(HtmlPage.text(footerLine(comparison))).append("</p>\n");
    return page.render();
  }

  /** {@code file} relative to {@code directory}, percent-encoded with {@code /} separators; null when there is no relative path. */
  private static @Nullable String relativeUrl(Path directory, Path file) {
    try {
      Path rel = directory.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
      List<String> parts = new ArrayList<>();
      rel.forEach(part -> parts.add(part.toString()));
      return HtmlPage.url(String.join("/", parts));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private String footerLine(Comparison c) {
    String shape = c.rows() + " \u00d7 " + c.columns() + " panels";
    String failed = c.failures() == 0 ? "" : " \u00b7 " + c.failures() + " failed";
    return "Darkroom " + version + " \u00b7 " + shape + failed + " \u00b7 total " + Formats.usd(c.totalCostUsd());
  }

  private void drawHeader(Graphics2D g, Comparison c, Rectangle header) {
    g.setFont(title);
    g.setColor(TEXT);
    FontMetrics fm = g.getFontMetrics();
    String text = TextWrap.ellipsize("Darkroom comparison", header.width, fm::stringWidth);
    g.drawString(text, header.x, header.y + fm.getAscent() + 4);
    g.setColor(FAILED_BORDER);
    g.drawLine(header.x, header.y + header.height - 1, header.x + header.width - 1, header.y + header.height - 1);
  }

  private static void drawImage(Graphics2D g, BufferedImage image, Rectangle box) {
    double scale = Math.min((double) box.width / image.getWidth(), (double) box.height / image.getHeight());
    int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
    BufferedImage small = Downscaler.fitWithin(image, Math.max(w, h));
    g.drawImage(small, box.x + (box.width - w) / 2, box.y + (box.height - h) / 2, w, h, null);
  }

  private void drawFailure(Graphics2D g, Panel.Failure failure, Rectangle box) {
    g.setColor(FAILED_FILL);
    g.fillRect(box.x, box.y, box.width, box.height);
    g.setColor(FAILED_BORDER);
    g.drawRect(box.x, box.y, box.width - 1, box.height - 1);
    g.setFont(bold);
    g.setColor(ERROR);
    FontMetrics fmb = g.getFontMetrics();
    int inner = box.width - 24;
    String kind = failure.kind().replace('_', ' ');
    int maxLines = Math.max(1, (box.height - 48) / SheetLayout.LINE_HEIGHT);
    g.setFont(regular);
    FontMetrics fm = g.getFontMetrics();
    List<String> lines = TextWrap.wrap(failure.reason(), inner, maxLines, fm::stringWidth);
    int total = (1 + lines.size()) * SheetLayout.LINE_HEIGHT + 4;
    int y = box.y + Math.max(12, (box.height - total) / 2) + fm.getAscent();
    g.setFont(bold);
    g.setColor(ERROR);
    String k = TextWrap.ellipsize(kind, inner, fmb::stringWidth);
    g.drawString(k, box.x + (box.width - fmb.stringWidth(k)) / 2, y);
    y += SheetLayout.LINE_HEIGHT + 4;
    g.setFont(regular);
    g.setColor(TEXT);
    for (String line : lines) {
      g.drawString(line, box.x + (box.width - fm.stringWidth(line)) / 2, y);
      y += SheetLayout.LINE_HEIGHT;
    }
  }

  private void drawCaption(Graphics2D g, Comparison c, Panel p, Rectangle box) {
    int x = box.x + 2;
    int width = box.width - 4;
    int y = box.y + SheetLayout.CAPTION_PADDING;
    g.setFont(bold);
    g.setColor(TEXT);
    FontMetrics fmb = g.getFontMetrics();
    g.drawString(TextWrap.ellipsize(p.label(), width, fmb::stringWidth), x, y + fmb.getAscent());
    g.setFont(regular);
    g.setColor(MUTED);
    FontMetrics fm = g.getFontMetrics();
    for (String line : captionLines(c, p, width, fm::stringWidth)) {
      y += SheetLayout.LINE_HEIGHT;
      g.drawString(line, x, y + fm.getAscent());
    }
  }

  /**
   * The caption lines under a panel's label, each fitted to {@code width}: the model, the key
   * parameters (when there are any), status, time and cost, and the panel's own prompt or system prompt when it has one.
   *
   * <p>The model id is always shown in full. The display name goes before it on the same line when
   * both fit ({@code Nano Banana Pro · gemini-3-pro-image}); otherwise on a line of its own when the
   * caption has a spare line, else it is shortened to make room for the id. The name is left out when
   * it repeats the label. An id wider than the panel is broken after its dashes onto further lines, and
   * then the prompt or system prompt line gives way.
   */
  static List<String> captionLines(Comparison c, Panel p, int width, ToIntFunction<String> measure) {
    String extra = null;
    if (!p.prompt().equals(c.prompt())) {
      extra = "prompt: " + p.prompt().strip().replaceAll("\\s+", " ");
    } else if (p.systemPrompt().isPresent()) {
      extra = "system: " + p.systemPrompt().get().strip().replaceAll("\\s+", " ");
    }
    String parameters = Formats.parameters(p.parameters());
    int budget = SheetLayout.CAPTION_LINES - 1 - (parameters.isEmpty() ? 1 : 2); // lines for the model and extra
    List<String> id = TextWrap.breakIdentifier(p.model(), width, measure);
    if (id.size() > budget - (extra == null ? 0 : 1)) {
      extra = null;
    }
    if (id.size() > budget) {
      id = new ArrayList<>(id.subList(0, budget));
      int last = id.size() - 1;
      id.set(last, TextWrap.ellipsize(id.get(last) + TextWrap.ELLIPSIS, width, measure));
    }
    int room = budget - (extra == null ? 0 : 1);
    List<String> lines = new ArrayList<>();
    String name = p.modelName().strip();
    boolean showName = !name.isEmpty() && !name.equals(p.model()) && !name.equalsIgnoreCase(p.label().strip());
    String separator = " \u00b7 ";
    if (!showName) {
      lines.addAll(id);
    } else if (id.size() == 1 && measure.applyAsInt(name + separator + id.get(0)) <= width) {
      lines.add(name + separator + id.get(0));
    } else if (room > id.size()) {
      lines.add(TextWrap.ellipsize(name, width, measure));
      lines.addAll(id);
    } else if (id.size() == 1) {
      String shortName = TextWrap.ellipsize(name, width - measure.applyAsInt(separator + id.get(0)), measure);
      boolean useful = shortName.length() > 3 && measure.applyAsInt(shortName) > 0;
      lines.add(useful ? shortName + separator + id.get(0) : id.get(0));
    } else {
      lines.addAll(id);
    }
    if (!parameters.isEmpty()) {
      lines.add(TextWrap.ellipsize(parameters, width, measure));
    }
    String time = p.latency().map(Formats::seconds).orElse(null);
    String status = p.failure().map(f -> f.kind().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).orElse(null);
    StringBuilder cost = new StringBuilder();
    if (status != null) {
      cost.append(status).append(separator);
    }
    if (time != null) {
      cost.append(time).append(separator);
    }
    cost.append(Formats.usd(p.costUsd()));
    lines.add(TextWrap.ellipsize(cost.toString(), width, measure));
    if (extra != null) {
      lines.add(TextWrap.ellipsize(extra, width, measure));
    }
    return lines;
  }

  private void drawFooter(Graphics2D g, Comparison c, SheetLayout layout) {
    Rectangle f = layout.footer();
    g.setColor(FAILED_BORDER);
    g.drawLine(f.x, f.y, f.x + f.width - 1, f.y);
    g.setFont(promptFont);
    g.setColor(TEXT);
    FontMetrics fm = g.getFontMetrics();
    int y = f.y + SheetLayout.FOOTER_PADDING;
    for (String line : layout.promptLines()) {
      g.drawString(line, f.x, y + fm.getAscent());
      y += SheetLayout.PROMPT_LINE_HEIGHT;
    }
    if (layout.promptLines().isEmpty()) {
      y += SheetLayout.PROMPT_LINE_HEIGHT;
    }
    y += SheetLayout.FOOTER_PADDING;
    g.setFont(regular);
    g.setColor(MUTED);
    FontMetrics small = g.getFontMetrics();
    g.drawString(TextWrap.ellipsize(footerLine(c), f.width, small::stringWidth), f.x, y + small.getAscent());
  }

  private static List<@Nullable BufferedImage> decodeAll(Comparison comparison) {
    List<@Nullable BufferedImage> out = new ArrayList<>();
    for (Panel p : comparison.panels()) {
      byte[] bytes = p.rawImage();
      BufferedImage image = null;
      if (bytes != null && p.failure().isEmpty()) {
        try {
          image = ImageCodec.decode(bytes);
        } catch (RuntimeException e) {
          image = null;
        }
      }
      out.add(image);
    }
    return out;
  }

  private static void hints(Graphics2D g) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
  }

  private static FontMetrics metrics(Font font) {
    BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scratch.createGraphics();
    try {
      hints(g);
      g.setFont(font);
      return g.getFontMetrics();
    } finally {
      g.dispose();
    }
  }

  /** Configures a {@link ComparisonSheet}. */
  public static final class Builder {
    private int panelWidth = 320;
    private int maxPromptLines = 8;
    private String version = Darkroom.VERSION;

    private Builder() {}

    /** Width of each panel in pixels, 96 to 2048; default 320. */
    public Builder panelWidth(int pixels) {
      if (pixels < 96 || pixels > 2048) {
        throw new IllegalArgumentException("panel width " + pixels + " is out of range; allowed: 96 to 2048 pixels");
      }
      this.panelWidth = pixels;
      return this;
    }

    /** Lines of prompt printed under the sheet before it is cut with an ellipsis, 1 to 100; default 8. */
    public Builder maxPromptLines(int lines) {
      if (lines < 1 || lines > 100) {
        throw new IllegalArgumentException("max prompt lines " + lines + " is out of range; allowed: 1 to 100");
      }
      this.maxPromptLines = lines;
      return this;
    }

    /** The version printed in the footer; default {@link Darkroom#VERSION}. */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    public ComparisonSheet build() {
      return new ComparisonSheet(this);
    }
  }
}
