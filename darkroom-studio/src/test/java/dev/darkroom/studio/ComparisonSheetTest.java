package dev.darkroom.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkroom.internal.image.ImageCodec;
import dev.darkroom.internal.image.PngText;
import dev.darkroom.studio.internal.SheetLayout;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden-image tests of the comparison sheet: geometry exactly, pixels within a tolerance. Regenerate
 * the goldens with {@code mvn -pl darkroom-studio verify -Ddarkroom.golden.update=true}, look at them,
 * and commit them.
 */
class ComparisonSheetTest {
  static final ComparisonSheet SHEET = ComparisonSheet.builder().panelWidth(240).version("test").build();

  @TempDir Path dir;

  static Comparison twoModelsTwoSeeds() {
    String prompt = "A lighthouse on a rocky coast at dusk, warm light in the windows";
    return new Comparison(prompt, List.of(
        panel("Nano Banana", 0, 0, "gemini-2.5-flash-image", "Nano Banana", 11, Color.ORANGE, prompt)
            .image(TestImages.png(256, 256, Color.ORANGE)).latency(Duration.ofMillis(8400))
            .costUsd(new BigDecimal("0.039")).build(),
        panel("Nano Banana", 0, 1, "gemini-2.5-flash-image", "Nano Banana", 22, Color.YELLOW, prompt)
            .image(TestImages.png(256, 256, Color.YELLOW)).latency(Duration.ofMillis(9100))
            .costUsd(new BigDecimal("0.039")).build(),
        panel("Pro", 1, 0, "gemini-3-pro-image", "Nano Banana Pro", 11, Color.CYAN, prompt)
            .image(TestImages.png(320, 180, Color.CYAN)).latency(Duration.ofMillis(21700))
            .costUsd(new BigDecimal("0.134")).parameter("thinking", "HIGH").build(),
        panel("Pro", 1, 1, "gemini-3-pro-image", "Nano Banana Pro", 22, Color.CYAN, prompt)
            .failure(new Panel.Failure("CONTENT_BLOCKED", "the provider blocked the generated image (IMAGE_SAFETY)"))
            .latency(Duration.ofMillis(5200)).costUsd(new BigDecimal("0.0002")).build()));
  }

  static Panel.Builder panel(String label, int row, int col, String model, String name, int seed, Color c, String prompt) {
    return Panel.builder().label(label).position(row, col).model(model, name).prompt(prompt)
        .parameter("aspect", "1:1").parameter("size", "1K").parameter("seed", seed);
  }

  @Test
  void geometryIsExact() {
    SheetLayout layout = SHEET.layout(twoModelsTwoSeeds());
    // width: 2 margins + 2 panels + 1 gap; rows: square images, then 16:9 scaled to 240 wide (135 high)
    assertThat(layout.width()).isEqualTo(24 + 240 + 16 + 240 + 24);
    int firstRow = 24 + 32 + 8;
    int secondRow = firstRow + 240 + SheetLayout.CAPTION_HEIGHT + 16;
    assertThat(layout.images()).containsExactly(
        new Rectangle(24, firstRow, 240, 240),
        new Rectangle(280, firstRow, 240, 240),
        new Rectangle(24, secondRow, 240, 135),
        new Rectangle(280, secondRow, 240, 135));
    assertThat(layout.captions().get(3)).isEqualTo(new Rectangle(280, secondRow + 135, 240, 92));
    int footerTop = secondRow + 135 + 92 + 16;
    assertThat(layout.promptLines()).hasSize(1);
    assertThat(layout.footer()).isEqualTo(new Rectangle(24, footerTop, 496, 10 + 18 + 10 + 16));
    assertThat(layout.height()).isEqualTo(footerTop + 54 + 24);
  }

  @Test
  void longPromptsAreWrappedAndCappedWithAnEllipsis() {
    String longPrompt = "# Style\n\n" + "Photorealistic, 35mm, soft light, muted colours. ".repeat(60);
    Comparison c = new Comparison(longPrompt, List.of(
        Panel.builder().label("only").model("gemini-3-pro-image", "Nano Banana Pro").prompt(longPrompt)
            .image(TestImages.png(64, 64, Color.RED)).build()));
    SheetLayout layout = ComparisonSheet.builder().panelWidth(400).maxPromptLines(4).build().layout(c);
    assertThat(layout.promptLines()).hasSize(4);
    assertThat(layout.promptLines().get(0)).isEqualTo("# Style");
    assertThat(layout.promptLines().get(3)).endsWith("\u2026");
  }

  @Test
  void captionsShowTheFullModelIdMovingOrShorteningTheDisplayName() {
    Comparison c = twoModelsTwoSeeds();
    java.util.function.ToIntFunction<String> sevenPx = s -> 7 * s.length();
    // label "Nano Banana" is the display name: only the id
    assertThat(ComparisonSheet.captionLines(c, c.panels().get(0), 236, sevenPx))
        .containsExactly("gemini-2.5-flash-image", "1:1 \u00b7 1K \u00b7 seed 11", "8.4 s \u00b7 $0.0390");
    // "Nano Banana Pro · gemini-3-pro-image" is 36 characters, too wide: the name gets the spare line
    assertThat(ComparisonSheet.captionLines(c, c.panels().get(2), 245, sevenPx))
        .containsExactly("Nano Banana Pro", "gemini-3-pro-image", "1:1 \u00b7 1K \u00b7 seed 11 \u00b7 thinking HIGH",
            "21.7 s \u00b7 $0.1340");
    assertThat(ComparisonSheet.captionLines(c, c.panels().get(2), 400, sevenPx).get(0))
        .isEqualTo("Nano Banana Pro \u00b7 gemini-3-pro-image");

    // no spare line (the panel has its own prompt): the name is shortened, the id stays whole
    Panel own = Panel.builder().label("Pro").model("gemini-3-pro-image", "Nano Banana Pro").prompt("A red fox")
        .parameter("seed", 7).image(TestImages.png(8, 8, Color.RED)).build();
    Comparison withPrompt = new Comparison("A fox", List.of(own));
    List<String> lines = ComparisonSheet.captionLines(withPrompt, own, 236, sevenPx);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo("Nano Banana\u2026 \u00b7 gemini-3-pro-image");
    assertThat(lines.get(3)).isEqualTo("prompt: A red fox");

    // narrower than the id: broken after its dashes, the prompt line gives way
    List<String> narrow = ComparisonSheet.captionLines(withPrompt, own, 92, sevenPx);
    assertThat(narrow).hasSize(4);
    assertThat(narrow.get(0) + narrow.get(1)).isEqualTo("gemini-3-pro-image");
    assertThat(narrow.subList(0, 2)).allSatisfy(l -> assertThat(7 * l.length()).isLessThanOrEqualTo(92));
  }

  @Test
  void sheetMatchesGolden() throws IOException {
    BufferedImage actual = SHEET.render(twoModelsTwoSeeds());
    Golden.assertMatches("sheet-2x2.png", actual);
  }

  @Test
  void singleFailedPanelMatchesGolden() throws IOException {
    Comparison c = new Comparison("Three kittens <script>alert(1)</script> in a basket", List.of(
        Panel.builder().label("base").model("gemini-3-pro-image", "Nano Banana Pro")
            .prompt("Three kittens <script>alert(1)</script> in a basket")
            .failure(new Panel.Failure("QUOTA", "the daily quota of gemini-3-pro-image is exhausted")).build()));
    Golden.assertMatches("sheet-failed.png", SHEET.render(c));
  }

  @Test
  void pngCarriesEveryPanelsProvenanceAndHtmlEscapesText() throws IOException {
    Comparison c = twoModelsTwoSeeds();
    ComparisonSheet.Written w = SHEET.write(c, dir.resolve("sheet.png"), false);
    byte[] png = Files.readAllBytes(w.png());
    JsonNode array = new ObjectMapper().readTree(PngText.read(png).get("darkroom"));
    assertThat(array.isArray()).isTrue();
    assertThat(array).hasSize(4);
    assertThat(array.get(2).path("model").asText()).isEqualTo("gemini-3-pro-image");
    assertThat(array.get(3).path("failure").path("kind").asText()).isEqualTo("CONTENT_BLOCKED");
    assertThat(array.get(0).path("parameters").path("seed").asText()).isEqualTo("11");
    assertThat(ImageCodec.decode(png).getWidth()).isEqualTo(SHEET.layout(c).width());

    String html = Files.readString(w.html(), StandardCharsets.UTF_8);
    assertThat(w.html().getFileName().toString()).isEqualTo("sheet.html");
    assertThat(html).contains("src=\"sheet.png\"").contains("Nano Banana Pro").contains("IMAGE_SAFETY");

    Comparison evil = new Comparison("<script>alert(1)</script>", List.of(Panel.builder().label("<b>x</b>")
        .model("gemini-3-pro-image", null).prompt("<script>alert(1)</script>")
        .failure(new Panel.Failure("X", "<img src=x onerror=alert(1)>")).build()));
    String page = SHEET.html(evil, "a b#.png");
    assertThat(page).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("<b>x")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("src=\"a%20b%23.png\"");
  }

  @Test
  void thePageShowsSavedPanelImagesLinkedRelatively() throws IOException {
    Path image = dir.resolve("out/fox #1.png");
    Files.createDirectories(image.getParent());
    Files.write(image, TestImages.png(32, 32, Color.RED));
    Comparison c = new Comparison("A fox", List.of(Panel.builder().label("a").model("gemini-3-pro-image", null)
        .prompt("A fox").image(Files.readAllBytes(image)).path(image).build()));
    ComparisonSheet.Written w = SHEET.write(c, dir.resolve("sheets/sheet.png"), false);
    assertThat(Files.readString(w.html(), StandardCharsets.UTF_8))
        .contains("<a href=\"../out/fox%20%231.png\"><img class=\"panel\" src=\"../out/fox%20%231.png\" alt=\"a #1\"></a>");
    assertThat(SHEET.html(c, "sheet.png")).doesNotContain("class=\"panel\"").contains("fox #1.png");
  }

  @Test
  void neverOverwritesAnExistingSheet() throws IOException {
    Files.writeString(dir.resolve("sheet.png"), "keep");
    ComparisonSheet.Written w = SHEET.write(twoModelsTwoSeeds(), dir.resolve("sheet.png"), false);
    assertThat(Files.readString(dir.resolve("sheet.png"))).isEqualTo("keep");
    assertThat(w.png()).isNotEqualTo(dir.resolve("sheet.png"));
    try (InputStream in = Files.newInputStream(w.png())) {
      assertThat(ImageIO.read(in)).isNotNull();
    }
  }
}
