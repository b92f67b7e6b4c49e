package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(FakeGeminiExtension.class)
class CompositeCommandTest {

  @Test
  void laysImagesOutOnAGridWithTheFirstImagesCellSize(FakeGemini fake, @TempDir Path dir) throws Exception {
    TestImages.png(dir.resolve("a.png"), 40, 30);
    TestImages.png(dir.resolve("b.png"), 40, 30);
    TestImages.png(dir.resolve("c.png"), 80, 60);
    Cli cli = Cli.against(fake, dir);

    CliRun run = cli.run("composite", "*.png", "-o", "sheet.png", "--background", "#102030");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.out()).contains("saved sheet.png  (80x60, 3 images)");
    BufferedImage sheet = ImageIO.read(dir.resolve("sheet.png").toFile());
    assertThat(sheet.getWidth()).isEqualTo(80);
    assertThat(sheet.getHeight()).isEqualTo(60);
    assertThat(new Color(sheet.getRGB(79, 59))).isEqualTo(new Color(0x102030));
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void badInputIsExitCodeTwoNamingTheValue(FakeGemini fake, @TempDir Path dir) throws Exception {
    TestImages.png(dir.resolve("a.png"), 4, 4);
    Files.writeString(dir.resolve("notes.txt"), "hello");
    Cli cli = Cli.against(fake, dir);

    CliRun tooSmall = cli.run("composite", "a.png", "a.png", "a.png", "--rows", "1", "--cols", "2", "-o", "x.png");
    CliRun badColor = cli.run("composite", "a.png", "-o", "x.png", "--background", "mauve");
    CliRun badExt = cli.run("composite", "a.png", "-o", "x.gif");
    CliRun notImage = cli.run("composite", "notes.txt", "-o", "x.png");

    assertThat(tooSmall.exitCode()).as(tooSmall.describe()).isEqualTo(2);
    assertThat(tooSmall.err()).contains("1x2 grid holds 2 images but 3 were given");
    assertThat(badColor.err()).contains("invalid --background 'mauve'");
    assertThat(badExt.err()).contains("must end in .png, .jpg or .webp");
    assertThat(notImage.exitCode()).as(notImage.describe()).isEqualTo(2);
    assertThat(notImage.err()).contains("cannot read image");
  }
}
