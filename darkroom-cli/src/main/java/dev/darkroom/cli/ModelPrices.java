package dev.darkroom.cli;

import dev.darkroom.ImageSizeOption;
import dev.darkroom.ModelInfo;
import java.math.BigDecimal;
import java.math.MathContext;

/** Price of one output image at a given size: image tokens × the model's image output rate. */
final class ModelPrices {
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private ModelPrices() {}

  /** For pixel-size models: the estimated price of one image of this size and quality. */
  static BigDecimal perImage(ModelInfo model, String size, String quality) {
    return model.pricing().imageOutputPerMillion()
        .multiply(BigDecimal.valueOf(model.estimatedImageTokens(size, quality)))
        .divide(MILLION, MathContext.DECIMAL64);
  }

  static BigDecimal perImage(ModelInfo model, ImageSizeOption size) {
    return model.pricing().imageOutputPerMillion()
        .multiply(BigDecimal.valueOf(size.imageTokens()))
        .divide(MILLION, MathContext.DECIMAL64);
  }
}
