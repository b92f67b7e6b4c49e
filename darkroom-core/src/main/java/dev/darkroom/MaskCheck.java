package dev.darkroom;

import dev.darkroom.internal.image.ImageProbe;
import dev.darkroom.internal.image.ProbedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.jspecify.annotations.Nullable;

/**
 * Checks an edit mask the way OpenAI does: a PNG with an alpha channel (colour type 4 or 6, or a
 * {@code tRNS} chunk), of the same pixel size as the first image. Checked at build time when both
 * are local, and again on the prepared bytes before sending.
 */
final class MaskCheck {
  private static final int HEAD = 1 << 20;

  private MaskCheck() {}

  /** Checks what can be checked without the network. */
  static void checkAtBuild(ImageInput mask, ImageInput first) {
    mask.validate();
    if (mask.kind() == ImageInput.Kind.BUFFERED) {
      if (!mask.image().getColorModel().hasAlpha()) {
        throw new InvalidRequestException("the mask " + mask.description() + " has no alpha channel;"
            + " a mask is a PNG whose transparent pixels mark the area to edit", "mask", java.util.List.of());
      }
      requireSameSize(mask, mask.image().getWidth(), mask.image().getHeight(), first);
      return;
    }
    byte[] head = head(mask);
    if (head == null) {
      return;
    }
    int[] size = check(head, mask.description());
    requireSameSize(mask, size[0], size[1], first);
  }

  /**
   * Checks encoded mask bytes; returns {@code [width, height]}.
   *
   * @throws InvalidRequestException naming {@code what} when it is not a PNG with alpha
   */
  static int[] check(byte[] png, String what) {
    if (png.length < 33 || (png[0] & 0xff) != 0x89 || png[1] != 'P' || png[2] != 'N' || png[3] != 'G') {
      throw new InvalidRequestException("the mask " + what + " is not a PNG; a mask is a PNG with an alpha channel"
          + " whose transparent pixels mark the area to edit", "mask", java.util.List.of());
    }
    int width = int32(png, 16);
    int height = int32(png, 20);
    int colourType = png[25] & 0xff;
    boolean alpha = colourType == 4 || colourType == 6 || hasChunkBeforeData(png, "tRNS");
    if (!alpha) {
      throw new InvalidRequestException("the mask " + what + " has no alpha channel; a mask is a PNG whose"
          + " transparent pixels mark the area to edit (save it as RGBA)", "mask", java.util.List.of());
    }
    return new int[] {width, height};
  }

  /** Checks the prepared mask against the prepared first image. */
  static void checkPrepared(byte[] mask, String what, int firstWidth, int firstHeight, String firstWhat) {
    int[] size = check(mask, what);
    if (firstWidth > 0 && (size[0] != firstWidth || size[1] != firstHeight)) {
      throw new InvalidRequestException("the mask " + what + " is " + size[0] + "x" + size[1] + " but the first image "
          + firstWhat + " is " + firstWidth + "x" + firstHeight + "; the mask must have the same size", "mask", java.util.List.of());
    }
  }

  private static void requireSameSize(ImageInput mask, int w, int h, ImageInput first) {
    int[] firstSize = size(first);
    if (firstSize != null && (firstSize[0] != w || firstSize[1] != h)) {
      throw new InvalidRequestException("the mask " + mask.description() + " is " + w + "x" + h + " but the first image "
          + first.description() + " is " + firstSize[0] + "x" + firstSize[1] + "; the mask must have the same size", "mask", java.util.List.of());
    }
  }

  private static int @Nullable [] size(ImageInput input) {
    if (input.kind() == ImageInput.Kind.BUFFERED) {
      return new int[] {input.image().getWidth(), input.image().getHeight()};
    }
    byte[] head = head(input);
    if (head == null) {
      return null;
    }
    try {
      ProbedImage p = ImageProbe.probe(head);
      return p.width() > 0 ? new int[] {p.width(), p.height()} : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte @Nullable [] head(ImageInput input) {
    switch (input.kind()) {
      case BYTES -> {
        return input.bytes();
      }
      case PATH -> {
        try (InputStream in = Files.newInputStream(input.path())) {
          return in.readNBytes(HEAD);
        } catch (IOException e) {
          throw new InvalidRequestException("cannot read " + input.path() + ": " + e.getMessage(), "mask", java.util.List.of());
        }
      }
      default -> {
        return null;
      }
    }
  }

  private static boolean hasChunkBeforeData(byte[] png, String type) {
    int pos = 8;
    while (pos + 8 <= png.length) {
      int length = int32(png, pos);
      String name = new String(png, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
      if (name.equals(type)) {
        return true;
      }
      if (name.equals("IDAT") || length < 0) {
        return false;
      }
      pos += 12 + length;
    }
    return false;
  }

  private static int int32(byte[] b, int at) {
    return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
  }
}
