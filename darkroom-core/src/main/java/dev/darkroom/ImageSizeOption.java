package dev.darkroom;

/**
 * One output size a model offers.
 *
 * @param name the wire name, such as {@code 512}, {@code 1K}, {@code 2K} or {@code 4K}
 * @param scale the factor applied to the model's 1K pixel table (0.5 for 512, 2 for 2K …)
 * @param imageTokens output tokens billed for one image of this size
 */
public record ImageSizeOption(String name, double scale, int imageTokens) {}
