package dev.darkroom.echo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.cli.DarkroomCli;
import dev.darkroom.cli.Environment;
import dev.darkroom.history.GenerationRecord;
import dev.darkroom.history.History;
import dev.darkroom.history.HistoryQuery;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The echo provider through the {@code darkroom} command, in-process; the CLI has never heard of it. */
class EchoCliTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {
    String describe() {
      return "exit " + code + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
    }
  }

  private Run run(String... args) {
    Environment env = new Environment(Map.of("DARKROOM_HOME", dir.resolve(".darkroom").toString()),
        new ByteArrayInputStream(new byte[0]), dir, Clock.systemUTC(), false, d -> {});
    CommandLine cmd = DarkroomCli.newCommandLine(env);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private Run ok(String... args) {
    Run r = run(args);
    assertThat(r.code()).as(r.describe()).isZero();
    return r;
  }

  private static int pixel(Path png) throws Exception {
    BufferedImage image = ImageIO.read(png.toFile());
    return image.getRGB(0, 0) & 0xffffff;
  }

  private List<GenerationRecord> history() {
    try (History h = History.open(dir.resolve(".darkroom/history.db"))) {
      return h.list(HistoryQuery.recent());
    }
  }

  private List<Path> pngs(Path d) throws Exception {
    try (Stream<Path> s = Files.walk(d)) {
      return s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
    }
  }

  @Test
  void generateHistoryAndRerun() throws Exception {
    ok("generate", "-m", "echo-1", "-O", "tint=#ff0000", "--size", "128x128", "-o", "out/", "a red square");
    List<Path> made = pngs(dir.resolve("out"));
    assertThat(made).hasSize(1);
    assertThat(pixel(made.get(0))).isEqualTo(0xff0000);

    Run listed = ok("history");
    assertThat(listed.out()).contains("echo-1").contains("a red square");
    List<GenerationRecord> records = history();
    assertThat(records).singleElement().satisfies(r -> assertThat(r.provider()).isEqualTo("echo"));

    ok("rerun", String.valueOf(records.get(0).id()), "-o", "again/");
    List<Path> rerun = pngs(dir.resolve("again"));
    assertThat(rerun).hasSize(1);
    assertThat(pixel(rerun.get(0))).isEqualTo(0xff0000);
    assertThat(history()).hasSize(2);
  }

  @Test
  void badOptionValueIsAUsageErrorNamingTheOption() {
    Run r = run("generate", "-m", "echo-1", "-O", "tint=red", "a square");
    assertThat(r.code()).as(r.describe()).isNotZero();
    assertThat(r.err()).contains("tint").contains("#rrggbb");
    assertThat(history()).isEmpty();
  }

  @Test
  void compareTwoTints() throws Exception {
    Run r = ok("compare", "a square", "--variant", "red=-m echo-1 -O tint=#ff0000",
        "--variant", "blue=-m echo-1 -O tint=#0000ff", "--output-dir", "cmp");
    assertThat(pngs(dir.resolve("cmp"))).as(r.describe()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(history()).extracting(GenerationRecord::model).containsOnly("echo-1").hasSize(2);
  }

  @Test
  void batchDirectAndThroughTheBatchApi() throws Exception {
    Files.writeString(dir.resolve("jobs.yaml"), """
        model: echo-1
        size: 64x64
        jobs:
          - prompt: "a {colour} square"
            matrix: {colour: [red, green]}
            tint: "#00ff00"
            output: "{colour}.png"
        """);
    ok("batch", "jobs.yaml", "-o", "direct");
    assertThat(pngs(dir.resolve("direct"))).hasSize(2);
    assertThat(pixel(dir.resolve("direct/red.png"))).isEqualTo(0x00ff00);

    Run submitted = ok("batch", "jobs.yaml", "-o", "api", "--via", "batch-api");
    assertThat(pngs(dir.resolve("api"))).as(submitted.describe()).hasSize(2);
  }
}
