package dev.darkroom.internal.image;

/**
 * An image's format and pixel dimensions as read from its header.
 *
 * @param format the container format
 * @param width width in pixels, at least 1
 * @param height height in pixels, at least 1
 */
public record ProbedImage(ImageFormat format, int width, int height) {
  public ProbedImage {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException(
          format + " header declares " + width + "x" + height + " pixels; both must be at least 1");
    }
  }
}
