package dev.darkroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.ImageSizeOption;
import dev.darkroom.ModelInfo;
import dev.darkroom.Pricing;
import java.time.LocalDate;
import java.util.Locale;

/** One model as {@code models --json} prints it. */
final class ModelJson {
  private ModelJson() {}

  static ObjectNode of(ModelInfo m, boolean isDefault) {
    ObjectNode n = Json.object();
    n.put("id", m.id());
    n.put("name", m.name());
    n.put("provider", m.provider());
    n.put("tier", m.tier());
    n.put("default", isDefault);
    n.put("status", m.status().name().toLowerCase(Locale.ROOT));
    n.put("released", m.released().map(LocalDate::toString).orElse(null));
    n.put("deprecated", m.deprecated().map(LocalDate::toString).orElse(null));
    n.put("shutdown", m.shutdown().map(LocalDate::toString).orElse(null));
    n.put("replacement", m.replacement().orElse(null));
    m.aspectRatios().forEach(n.putArray("aspectRatios")::add);
    ArrayNode sizes = n.putArray("imageSizes");
    for (ImageSizeOption s : m.imageSizes()) {
      sizes.addObject().put("name", s.name()).put("scale", s.scale()).put("imageTokens", s.imageTokens())
          .put("usdPerImage", Json.usd(ModelPrices.perImage(m, s)));
    }
    n.put("defaultImageSize", m.defaultImageSize());
    if (m.usesPixelSizes()) {
      m.sizes().forEach(n.putArray("sizes")::add);
      m.customSizes().ifPresent(r -> n.putObject("customSizes").put("multipleOf", r.multipleOf())
          .put("maxEdge", r.maxEdge()).put("minPixels", r.minPixels()).put("maxPixels", r.maxPixels())
          .put("maxAspectRatio", r.maxAspectRatio()));
      m.qualities().forEach(n.putArray("qualities")::add);
      m.backgrounds().forEach(n.putArray("backgrounds")::add);
      m.outputFormats().forEach(n.putArray("outputFormats")::add);
      n.put("mask", m.supportsMask());
      n.put("partialImages", m.maxPartialImages());
      n.put("maxImagesPerCall", m.maxImagesPerCall());
      ObjectNode prices = n.putObject("usdPerImage1024");
      m.qualities().stream().filter(q -> !q.equals("auto"))
          .forEach(q -> prices.put(q, Json.usd(ModelPrices.perImage(m, "1024x1024", q))));
    }
    n.put("maxInputImages", m.maxInputImages());
    n.put("systemPrompt", m.supportsSystemPrompt());
    m.thinkingLevels().forEach(l -> n.withArray("thinkingLevels").add(l.name().toLowerCase(Locale.ROOT)));
    if (!m.supportsThinking()) {
      n.putArray("thinkingLevels");
    }
    n.put("search", m.supportsSearch());
    n.put("outputMimeType", m.outputMimeType());
    Pricing p = m.pricing();
    n.putObject("pricing")
        .put("inputPerMillion", p.inputPerMillion())
        .put("imageInputPerMillion", p.imageInputPerMillion())
        .put("textOutputPerMillion", p.textOutputPerMillion())
        .put("imageOutputPerMillion", p.imageOutputPerMillion())
        .put("batchDiscount", p.batchDiscount())
        .put("confirmed", p.confirmed());
    return n;
  }
}
