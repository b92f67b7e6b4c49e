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

/** The human table of {@code darkroom models}. */
final class ModelTable {
  private static final String[] HEADER = {"MODEL", "NAME", "STATUS", "SIZES", "$/IMAGE", "RATIOS", "INPUTS", "FEATURES"};

  private ModelTable() {}

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
