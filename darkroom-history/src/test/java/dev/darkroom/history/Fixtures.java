package dev.darkroom.history;

import dev.darkroom.GeneratedImage;
import dev.darkroom.Generation;
import dev.darkroom.GridCell;
import dev.darkroom.ImageRequest;
import dev.darkroom.Usage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;

/** Requests, generations and images for history tests, without a provider. */
final class Fixtures {
  static final String MODEL = "gemini-3-pro-image";
  static final Usage USAGE = new Usage(100, 1120, 1120, 30, 0, 1250);

  private Fixtures() {}

  static ImageRequest request(String prompt) {
    return ImageRequest.builder().model(MODEL).prompt(prompt).build();
  }

  static ImageRequest request(String model, String prompt) {
    return ImageRequest.builder().model(model).prompt(prompt).build();
  }

  static byte[] png(int w, int h) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path writePng(Path file, int w, int h) {
    try {
      return Files.write(file, png(w, h));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A generation whose one image is saved at {@code file} (or kept in memory when null). */
  static Generation generation(Path file, String cost) {
    byte[] bytes = png(8, 6);
    if (file != null) {
      try {
        Files.write(file, bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    GeneratedImage image = new GeneratedImage(bytes, "image/png", 8, 6, false, file, List.of());
    return generation(List.of(image), cost);
  }

  static Generation generation(List<GeneratedImage> images, String cost) {
    return new Generation(MODEL, MODEL + "-001", "resp-" + System.nanoTime(), images, List.of(), "Here you go", "",
        "STOP", List.of(), List.of(), Duration.ofMillis(1234), 2, USAGE, new BigDecimal(cost));
  }

  /** A 2x1 grid image kept in memory, with two saved cells. */
  static Generation gridGeneration(Path dir) {
    GeneratedImage c1 = new GeneratedImage(png(4, 6), "image/png", 4, 6, false, dir.resolve("g-r1c1.png"), List.of());
    GeneratedImage c2 = new GeneratedImage(png(4, 5), "image/png", 4, 5, false, dir.resolve("g-r1c2.png"), List.of());
    List<GridCell> cells = List.of(new GridCell(1, 1, 0, 0, 4, 6, c1, c1.path().get()),
        new GridCell(1, 2, 4, 0, 4, 6, c2, c2.path().get()));
    GeneratedImage original = new GeneratedImage(png(8, 6), "image/png", 8, 6, false, null, cells);
    return generation(List.of(original), "0.134");
  }

  static Connection jdbc(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }
}
