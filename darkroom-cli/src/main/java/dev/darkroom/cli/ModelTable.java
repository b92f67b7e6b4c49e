package dev.darkroom.cli;

import dev.darkroom.ImageSizeOption;
import dev.darkroom.ModelCatalog;
import dev.darkroom.ModelInfo;
import dev.darkroom.ModelStatus;
import dev.darkroom.ThinkingLevel;
import java.io.PrintWriter;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The human tables of {@code darkroom models}: a short one that fits 100 columns (model, name, status, sizes,
 * price range, with the lifecycle details as notes below it) and the long one of {@code --long} with every
 * size, price, limit and feature.
 */
final class ModelTable {
  private static final String[] HEADER = {"MODEL", "NAME", "STATUS", "SIZES", "$/IMAGE", "RATIOS", "INPUTS", "FEATURES"};
  private static final String[] SHORT_HEADER = {"MODEL", "NAME", "STATUS", "SIZES", "$/IMAGE"};

  private ModelTable() {}

  /**
   * The short table.
   *
   * @param width the terminal's width, 0 for none: the name column is cut first to fit it
   */
  static void printShort(PrintWriter out, ModelCatalog catalog, int width) {
    List<String[]> rows = new ArrayList<>();
    rows.add(SHORT_HEADER);
    List<String> notes = new ArrayList<>();
    boolean unconfirmed = false;
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    for (ModelInfo m : catalog.models()) {
      unconfirmed |= !m.pricing().confirmed();
      String[] full = row(m, m.id().equals(catalog.defaultModel()));
      String sizes = m.usesPixelSizes()
          ? m.sizes().size() + (m.sizes().size() == 1 ? " size" : " sizes") + (m.customSizes().isPresent() ? "+WxH" : "")
          : full[3];
      String state = m.statusOn(today) == ModelStatus.SHUTDOWN ? "shut down"
          : m.statusOn(today).name().toLowerCase(Locale.ROOT);
      rows.add(new String[] {full[0], full[1], state, sizes, priceRange(full[4])});
      String detail = status(m);
      if (!detail.equals(state)) {
        notes.add(m.id() + ": " + detail.replace(" → ", "; use "));
      }
    }
    TextTable.print(out, rows, width, 1);
    out.println();
    notes.forEach(out::println);
    if (!notes.isEmpty()) {
      out.println();
    }
    out.println("$/IMAGE: lowest-highest over sizes (Gemini) or qualities at 1024x1024 (OpenAI).");
    out.println("'darkroom models --long' shows every price, ratio, input limit and feature.");
    out.println("default model: " + catalog.defaultModel() + " (without --model; DARKROOM_MODEL changes it)");
    if (unconfirmed) {
      out.println("* price not confirmed by the provider (third-party figure or estimate).");
    }
    out.flush();
  }

  /** Prices joined by slashes as a range, lowest-highest (with the unconfirmed-price star once); one price or none stays. */
  private static String priceRange(String prices) {
    String[] each = prices.split("/");
    if (each.length < 2) {
      return prices;
    }
    boolean star = prices.contains("*");
    java.util.List<java.math.BigDecimal> values = new ArrayList<>();
    for (String p : each) {
      values.add(new java.math.BigDecimal(p.replace("*", "")));
    }
    java.math.BigDecimal low = java.util.Collections.min(values);
    java.math.BigDecimal high = java.util.Collections.max(values);
    String range = low.compareTo(high) == 0 ? low.toPlainString() : low.toPlainString() + "-" + high.toPlainString();
    return range + (star ? "*" : "");
  }

  /** The long table of {@code --long}: one row per model with every column; wider than most terminals. */
  static void print(PrintWriter out, ModelCatalog catalog) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    boolean unconfirmed = false;
    for (ModelInfo m : catalog.models()) {
      unconfirmed |= !m.pricing().confirmed();
      rows.add(row(m, m.id().equals(catalog.defaultModel())));
    }
    TextTable.print(out, rows);
    out.println();
    out.println("default model: " + catalog.defaultModel() + " (used without --model; set DARKROOM_MODEL to change it)");
    if (unconfirmed) {
      out.println("* price not confirmed by the provider (third-party figure or estimate).");
    }
    out.flush();
  }

  private static String[] row(ModelInfo m, boolean isDefault) {
    String star = m.pricing().confirmed() ? "" : "*";
    if (m.usesPixelSizes()) {
      // Pixel-size models: sizes are presets (plus custom WxH); prices are low/medium/high at 1024x1024.
      List<String> qualities = m.qualities().stream().filter(q -> !q.equals("auto")).limit(3).toList();
      return new String[] {
        m.id() + (isDefault ? " (default)" : ""),
        m.name(),
        status(m),
        String.join("/", m.sizes()) + (m.customSizes().isPresent() ? "/WxH" : ""),
        qualities.stream()
            .map(q -> ModelPrices.perImage(m, "1024x1024", q).setScale(3, RoundingMode.HALF_UP).toPlainString() + star)
            .collect(Collectors.joining("/")),
        m.customSizes().isPresent() ? "any" : String.valueOf(m.sizes().size()),
        String.valueOf(m.maxInputImages()),
        features(m),
      };
    }
    return new String[] {
      m.id() + (isDefault ? " (default)" : ""),
      m.name(),
      status(m),
      m.imageSizes().stream().map(ImageSizeOption::name).collect(Collectors.joining("/")),
      m.imageSizes().stream()
          .map(s -> ModelPrices.perImage(m, s).setScale(3, RoundingMode.HALF_UP).toPlainString() + star)
          .collect(Collectors.joining("/")),
      String.valueOf(m.aspectRatios().size()),
      String.valueOf(m.maxInputImages()),
      features(m),
    };
  }

  static String status(ModelInfo m) {
    ModelStatus now = m.statusOn(java.time.LocalDate.now(java.time.ZoneOffset.UTC));
    String s = now.name().toLowerCase(Locale.ROOT);
    if (now == ModelStatus.SHUTDOWN) {
      s = "shut down" + m.shutdown().map(d -> " " + d).orElse("");
    } else if (now == ModelStatus.DEPRECATED) {
      s += m.shutdown().map(d -> ", shutdown date " + d).orElse("");
    }
    s += m.availability().map(a -> ", " + a).orElse("");
    return s + m.replacement().map(r -> " → " + r).orElse("");
  }

  private static String features(ModelInfo m) {
    List<String> f = new ArrayList<>();
    if (m.supportsSystemPrompt()) {
      f.add("system prompt");
    }
    if (m.supportsThinking()) {
      f.add("thinking " + m.thinkingLevels().stream().map(ThinkingLevel::name)
          .map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.joining("/")));
    }
    if (m.supportsSearch()) {
      f.add("search");
    }
    if (!m.qualities().isEmpty()) {
      f.add("quality " + String.join("/", m.qualities()));
    }
    if (m.backgrounds().contains("transparent")) {
      f.add("transparent");
    }
    if (m.supportsMask()) {
      f.add("mask");
    }
    if (m.maxPartialImages() > 0) {
      f.add("partials");
    }
    return f.isEmpty() ? "-" : String.join(", ", f);
  }
}
