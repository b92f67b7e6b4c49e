package dev.darkroom;

import dev.darkroom.internal.image.Digests;
import dev.darkroom.internal.image.Downscaler;
import dev.darkroom.internal.image.ImageCodec;
import dev.darkroom.internal.image.ImageFormat;
import dev.darkroom.internal.image.ImageProbe;
import dev.darkroom.spi.PreparedInput;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads reference images and makes them ready to send: downloads URLs (without any API key),
 * downscales anything whose longest side exceeds the limit and re-encodes it losslessly as PNG,
 * converts formats the API does not take (GIF) to PNG, and passes everything else through untouched.
 */
final class InputPreparer {
  private static final long MAX_DOWNLOAD = 100L * 1024 * 1024;

  private final HttpClient http;
  private final int maxSide;

  /** @param maxSide longest side in pixels; 0 disables resizing */
  InputPreparer(HttpClient http, int maxSide) {
    this.http = http;
    this.maxSide = maxSide;
  }

  List<PreparedInput> prepare(List<ImageInput> inputs) {
    List<PreparedInput> out = new ArrayList<>(inputs.size());
    for (ImageInput input : inputs) {
      out.add(prepare(input));
    }
    return out;
  }

  /**
   * Like {@link #prepare(List)}, for a dry run: files and bytes are loaded and checked, but URLs are not
   * downloaded; they stand in as empty placeholders named after the URL.
   */
  List<PreparedInput> describe(List<ImageInput> inputs) {
    List<PreparedInput> out = new ArrayList<>(inputs.size());
    for (ImageInput input : inputs) {
      out.add(input.kind() == ImageInput.Kind.URL ? placeholder(input) : prepare(input));
    }
    return out;
  }

  private static PreparedInput placeholder(ImageInput input) {
    String path = input.uri().getPath() == null ? "" : input.uri().getPath().toLowerCase(java.util.Locale.ROOT);
    String mime = path.endsWith(".jpg") || path.endsWith(".jpeg") ? "image/jpeg" : path.endsWith(".webp") ? "image/webp"
        : path.endsWith(".gif") ? "image/gif" : "image/png";
    return new PreparedInput(new byte[0], mime, 0, 0, "", input.description() + " (not downloaded in a dry run)", false);
  }

  private PreparedInput prepare(ImageInput input) {
    byte[] original = load(input);
    String what = input.description();
    ImageFormat format = ImageInput.requireImage(original, what);
    String sha = Digests.sha256Hex(original);
    int width = 0;
    int height = 0;
    if (format != ImageFormat.HEIC) {
      try {
        var probed = ImageProbe.probe(original);
        width = probed.width();
        height = probed.height();
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("input image " + what + " is damaged: " + e.getMessage());
      }
    }
    boolean tooBig = maxSide > 0 && Math.max(width, height) > maxSide;
    if (!tooBig && format != ImageFormat.GIF) {
      return new PreparedInput(original, format.mimeType(), width, height, sha, what, false);
    }
    BufferedImage decoded;
    try {
      decoded = ImageCodec.decode(original);
    } catch (RuntimeException e) {
      throw new InvalidRequestException("cannot decode input image " + what + ": " + e.getMessage());
    }
    BufferedImage scaled = tooBig ? Downscaler.fitWithin(decoded, maxSide) : decoded;
    byte[] png = ImageCodec.encodePng(scaled);
    return new PreparedInput(png, ImageFormat.PNG.mimeType(), scaled.getWidth(), scaled.getHeight(), sha, what, tooBig);
  }

  private byte[] load(ImageInput input) {
    switch (input.kind()) {
      case PATH -> {
        try {
          return Files.readAllBytes(input.path());
        } catch (IOException e) {
          throw new InvalidRequestException("cannot read input image " + input.path() + ": " + e.getMessage());
        }
      }
      case BYTES -> {
        return input.bytes();
      }
      case BUFFERED -> {
        return ImageCodec.encodePng(input.image());
      }
      case URL -> {
        return download(input);
      }
      default -> throw new IllegalStateException(input.kind().name());
    }
  }

  private byte[] download(ImageInput input) {
    HttpRequest request = HttpRequest.newBuilder(input.uri()).timeout(Duration.ofSeconds(60)).GET().build();
    try {
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        if (response.statusCode() != 200) {
          throw new InvalidRequestException("input image URL " + input.uri() + " answered HTTP " + response.statusCode()
              + "; check the URL or download the image and pass the file");
        }
        byte[] bytes = in.readNBytes((int) MAX_DOWNLOAD + 1);
        if (bytes.length > MAX_DOWNLOAD) {
          throw new InvalidRequestException("input image URL " + input.uri() + " is larger than 100 MB");
        }
        return bytes;
      }
    } catch (IOException e) {
      throw new InvalidRequestException("input image URL " + input.uri() + " is unreachable ("
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidRequestException("interrupted while downloading " + input.uri());
    }
  }
}
