package dev.darkroom.echo;

import dev.darkroom.ImageRequest;
import dev.darkroom.Usage;
import dev.darkroom.spi.ProviderCall;
import dev.darkroom.spi.ProviderClient;
import dev.darkroom.spi.ProviderResponse;
import dev.darkroom.spi.RawImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;

/** Answers every call at once with PNGs of the requested size, filled with the tint. */
final class EchoClient implements ProviderClient {
  @Override
  public ProviderResponse generate(ProviderCall call) {
    return answer(call.request(), call.imageCount());
  }

  /** The answer to {@code count} images of {@code request}; shared with the batch backend. */
  static ProviderResponse answer(ImageRequest request, int count) {
    int[] size = size(request);
    List<RawImage> images = new ArrayList<>();
    for (int i = 0; i < Math.max(1, count); i++) {
      images.add(new RawImage(png(size[0], size[1], EchoOptions.of(request).rgb()), "image/png", false));
    }
    long promptTokens = (request.prompt().length() + 3) / 4;
    Usage usage = new Usage(promptTokens, 0, 0, 0, 0, promptTokens);
    return new ProviderResponse(ProviderResponse.Outcome.IMAGES, "STOP", null, images, "", "", List.of(), List.of(),
        usage, "echo-" + UUID.randomUUID(), "echo-1");
  }

  @Override
  public String describe(ProviderCall call) {
    int[] size = size(call.request());
    return "{\n  \"model\" : \"" + call.request().model().id() + "\",\n  \"size\" : \"" + size[0] + "x" + size[1]
        + "\",\n  \"tint\" : \"" + EchoOptions.of(call.request()).tint().orElse("#808080") + "\"\n}";
  }

  @Override
  public String endpoint(ProviderCall call) {
    return "echo:local";
  }

  private static int[] size(ImageRequest request) {
    String s = request.effectiveImageSize();
    int x = s.indexOf('x');
    if (x < 0) {
      return new int[] {64, 64};
    }
    return new int[] {Integer.parseInt(s.substring(0, x)), Integer.parseInt(s.substring(x + 1))};
  }

  private static byte[] png(int width, int height, int rgb) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
