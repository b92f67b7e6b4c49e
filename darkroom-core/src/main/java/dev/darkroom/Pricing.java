package dev.darkroom;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A model's list prices in US dollars per million tokens, and how to turn {@link Usage} into dollars.
 *
 * <p>Cost = text input tokens × input rate + image input tokens × image input rate + image output
 * tokens × image rate + (other output tokens + thought tokens) × text rate. Interim thought images and
 * partial images are not billed separately (providers report them inside the counts they bill).
 *
 * @param inputPerMillion text input (and image input where the provider does not itemise it), USD per 1M tokens
 * @param imageInputPerMillion itemised image input ({@link Usage#imageInputTokens()}), USD per 1M tokens;
 *     the model table defaults it to {@code inputPerMillion}
 * @param textOutputPerMillion text and thinking output, USD per 1M tokens
 * @param imageOutputPerMillion image output, USD per 1M tokens
 * @param batchDiscount fraction taken off by the provider's batch API (0.5 = half price)
 * @param confirmed false when the figures are third-party or estimated rather than the provider's own
 */
public record Pricing(
    BigDecimal inputPerMillion,
    BigDecimal imageInputPerMillion,
    BigDecimal textOutputPerMillion,
    BigDecimal imageOutputPerMillion,
    BigDecimal batchDiscount,
    boolean confirmed) {

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  /** Prices where image input costs the same as text input. */
  public Pricing(BigDecimal inputPerMillion, BigDecimal textOutputPerMillion, BigDecimal imageOutputPerMillion,
      BigDecimal batchDiscount, boolean confirmed) {
    this(inputPerMillion, inputPerMillion, textOutputPerMillion, imageOutputPerMillion, batchDiscount, confirmed);
  }

  /** The cost in USD of one call's usage at standard (non-batch) prices, to 8 decimal places. */
  public BigDecimal cost(Usage usage) {
    long image = usage.imageOutputTokens();
    long otherOutput = Math.max(0, usage.outputTokens() - image) + usage.thoughtTokens();
    BigDecimal micro =
        inputPerMillion.multiply(BigDecimal.valueOf(usage.textInputTokens()))
            .add(imageInputPerMillion.multiply(BigDecimal.valueOf(usage.imageInputTokens())))
            .add(imageOutputPerMillion.multiply(BigDecimal.valueOf(image)))
            .add(textOutputPerMillion.multiply(BigDecimal.valueOf(otherOutput)));
    return micro.divide(MILLION, MathContext.DECIMAL64).setScale(8, RoundingMode.HALF_UP);
  }

  /** The same cost at batch prices. */
  public BigDecimal batchCost(Usage usage) {
    return cost(usage).multiply(BigDecimal.ONE.subtract(batchDiscount)).setScale(8, RoundingMode.HALF_UP);
  }
}
