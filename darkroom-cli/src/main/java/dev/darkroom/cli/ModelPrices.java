package dev.darkroom.cli;

import dev.darkroom.ImageSizeOption;
import dev.darkroom.ModelInfo;
import java.math.BigDecimal;
import java.math.MathContext;

/** Price of one output image at a given size: image tokens × the model's image output rate. */
final class ModelPrices {
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private ModelPrices() {}

  static BigDecimal perImage(ModelInfo model, ImageSizeOption size) {
    return model.pricing().imageOutputPerMillion()
        .multiply(BigDecimal.valueOf(size.imageTokens()))
        .divide(MILLION, MathContext.DECIMAL64);
  }
}
