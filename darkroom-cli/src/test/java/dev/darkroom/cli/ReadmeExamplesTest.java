package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testkit.FakeA1111;
import dev.darkroom.testkit.FakeA1111Extension;
import dev.darkroom.testkit.FakeComfyUI;
import dev.darkroom.testkit.FakeComfyUIExtension;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeGoogleOAuth;
import dev.darkroom.testkit.FakeOpenAI;
import dev.darkroom.testkit.FakeOpenAIExtension;
import dev.darkroom.testkit.FakeSwarmUI;
import dev.darkroom.testkit.FakeSwarmUIExtension;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README cannot break silently: every {@code ./darkroom …} (or {@code darkroom …}) command line in
 * its fenced blocks runs in-process, in README order, against the fake Gemini, OpenAI, SwarmUI, A1111 and ComfyUI servers,
 * in a directory holding the files the examples name; none may end with a usage error (exit 2).
 */
@ExtendWith({FakeGeminiExtension.class, FakeOpenAIExtension.class, FakeSwarmUIExtension.class, FakeComfyUIExtension.class,
    FakeA1111Extension.class})
class ReadmeExamplesTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path EXAMPLES = Path.of("..", "examples");

  /**
   * Placeholders in the README that stand for values of the reader's own history, replaced by ones
   * this run has (README text on the left). Kept short: add one only for a value the reader must pick.
   */
  private static final Map<String, String> PLACEHOLDERS = new LinkedHashMap<>();

  static {
    PLACEHOLDERS.put("rerun 42", "rerun 2");                          // a history id
    PLACEHOLDERS.put("--from-history 41 42 43", "--from-history 1 2 3"); // history ids
  }

  /**
   * Examples not run, with the reason. Keep this list short: an entry is a README line the fakes
   * cannot serve.
   */
  private static final Map<String, String> SKIPPED = Map.of();

  @TempDir Path dir;

  @Test
  void everyReadmeCommandParsesAndFindsItsFiles(FakeGemini gemini, FakeOpenAI openai, FakeSwarmUI swarm,
      FakeA1111 a1111, FakeComfyUI comfy)
      throws Exception {
    List<String> commands = commandLines(Files.readString(README));
    assertThat(commands).as("README command lines").hasSizeGreaterThan(20);
    makeTheFilesTheExamplesName();
    Cli cli = Cli.against(gemini, openai, dir);
    cli.env.put("DARKROOM_SWARMUI_URL", swarm.baseUrl());
    cli.env.put("DARKROOM_A1111_URL", a1111.baseUrl());
    cli.env.put("DARKROOM_COMFYUI_URL", comfy.baseUrl());
    // The Vertex AI examples: the fake metadata server, for the README's project, and the key and token
    // files the examples name.
    try (FakeGoogleOAuth oauth = FakeGoogleOAuth.start().metadataProject("my-project")) {
      gemini.vertex("my-project", oauth::isValid);
      cli.env.put("GCE_METADATA_HOST", oauth.metadataHost());
      cli.env.put("GOOGLE_VERTEX_BASE_URL", gemini.baseUrl());
      Files.createDirectories(dir.resolve("keys"));
      Files.move(oauth.writeServiceAccountKey(dir.resolve("keys")), dir.resolve("keys/my-project-sa.json"));
      Files.writeString(dir.resolve("token.txt"), oauth.issueAccessToken() + "\n");

      assertThat(usageFailures(commands, cli)).as("README examples that end with a usage error").isEmpty();
    }
  }

  /**
   * Each block of the README's Vertex AI section works with only the credential it names, from an empty
   * home: its {@code export} lines are applied, {@code gcloud auth application-default login} and
   * {@code gcloud auth print-access-token} do what gcloud would (against the fake token endpoint), and
   * every {@code darkroom} line must succeed. The metadata server is the fake's, so a block that
   * configures nothing runs as on Google Cloud.
   */
  @Test
  void eachVertexExampleSucceedsWithTheCredentialItNames() throws Exception {
    String readme = Files.readString(README);
    int start = readme.indexOf("### Gemini on Vertex AI");
    assertThat(start).as("README section").isNotNegative();
    String section = readme.substring(start, readme.indexOf("\n### ", start + 1));
    List<List<String>> blocks = shellBlocks(section);
    assertThat(blocks).as("the section's shell blocks").hasSizeGreaterThanOrEqualTo(6);
    int commands = 0;
    try (FakeGoogleOAuth oauth = FakeGoogleOAuth.start().metadataProject("my-project");
        FakeGemini vertex = FakeGemini.start().vertex("my-project", oauth::isValid)) {
      for (int i = 0; i < blocks.size(); i++) {
        Path home = Files.createDirectories(dir.resolve("home-" + i));
        Files.createDirectories(home.resolve("keys"));
        Files.copy(oauth.writeServiceAccountKey(home), home.resolve("keys/my-project-sa.json"));
        Files.createDirectories(dir.resolve("keys"));
        Files.copy(home.resolve("keys/my-project-sa.json"), dir.resolve("keys/my-project-sa.json"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Cli cli = new Cli(dir);
        cli.env.put("HOME", home.toString());
        cli.env.put("GCE_METADATA_HOST", oauth.metadataHost());
        cli.env.put("GOOGLE_VERTEX_BASE_URL", vertex.baseUrl());
        for (String line : blocks.get(i)) {
          if (line.startsWith("export ")) {
            String[] kv = line.substring("export ".length()).split("=", 2);
            cli.env.put(kv[0], kv[1].replace("$HOME", home.toString()).replace("~", home.toString())
                .replace("your-vertex-api-key", FakeGemini.DEFAULT_API_KEY));
          } else if (line.equals("gcloud auth application-default login")) {
            oauth.writeGcloudCredentials(home);
          } else if (line.startsWith("gcloud auth print-access-token > ")) {
            Files.writeString(dir.resolve(line.substring("gcloud auth print-access-token > ".length())),
                oauth.issueAccessToken() + "\n");
          } else if (line.startsWith("gcloud auth print-access-token | darkroom ")) {
            cli.stdin(oauth.issueAccessToken() + "\n");
            commands += runOk(cli, line.substring("gcloud auth print-access-token | ".length()));
            cli.stdin("");
          } else if (line.startsWith("darkroom ")) {
            commands += runOk(cli, line);
          }
        }
      }
      assertThat(commands).isGreaterThanOrEqualTo(8);
      assertThat(oauth.grants()).as("tokens fetched").contains("refresh_token", "jwt-bearer", "metadata");
      assertThat(vertex.requests()).as("requests").hasSize(commands)
          .anyMatch(r -> r.header("x-goog-api-key").isPresent())
          .allMatch(r -> r.path().startsWith("/v1/projects/my-project/") || r.path().startsWith("/v1/publishers/"));
    }
  }

  private static int runOk(Cli cli, String command) {
    List<String> args = ArgSplitter.split(command, "README");
    CliRun run = cli.run(args.subList(1, args.size()).toArray(String[]::new));
    assertThat(run.exitCode()).as("$ " + command + "\n" + run.describe()).isZero();
    return 1;
  }

  /** The lines of each fenced block without a language (shell), comments removed. */
  private static List<List<String>> shellBlocks(String markdown) {
    List<List<String>> blocks = new ArrayList<>();
    List<String> current = null;
    for (String raw : markdown.split("\n", -1)) {
      String text = raw.strip();
      if (text.startsWith("```")) {
        if (current != null) {
          blocks.add(current);
          current = null;
        } else if (text.equals("```") || text.equals("```sh")) {
          current = new ArrayList<>();
        } else {
          current = new ArrayList<>(); // another language: collected, then dropped
          current.add("\0");
        }
        continue;
      }
      if (current != null) {
        current.add(withoutComment(text).strip());
      }
    }
    blocks.removeIf(b -> b.contains("\0"));
    return blocks;
  }

  /** The section on many GPUs promises the same commands on ComfyUI and SwarmUI: each must succeed, not just parse. */
  @Test
  void theMoreGpusExamplesSucceedOnComfyUIAndSwarmUI(FakeGemini gemini, FakeOpenAI openai, FakeSwarmUI swarm,
      FakeComfyUI comfy) throws Exception {
    String readme = Files.readString(README);
    int start = readme.indexOf("## More GPUs than one machine");
    assertThat(start).as("README section").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    List<String> commands = commandLines(readme.substring(start, end));
    assertThat(commands).as("the section's command lines").hasSize(6)
        .anyMatch(c -> c.startsWith("darkroom batch") && c.contains("swarmui"))
        .anyMatch(c -> c.startsWith("darkroom compare") && c.contains("comfyui:"));
    makeTheFilesTheExamplesName();
    Cli cli = Cli.against(gemini, openai, dir);
    cli.env.put("DARKROOM_SWARMUI_URL", swarm.baseUrl());
    cli.env.put("DARKROOM_COMFYUI_URL", comfy.baseUrl());
    for (String command : commands) {
      List<String> args = ArgSplitter.split(command, "README");
      CliRun run = cli.run(args.subList(1, args.size()).toArray(String[]::new));
      assertThat(run.exitCode()).as("$ " + command + "\n" + run.describe()).isZero();
    }
    assertThat(swarm.generations()).hasSize(1 + 6 + 2);
  }

  @Test
  void aBrokenExampleIsCaught(FakeGemini gemini, FakeOpenAI openai) {
    String markdown = "Text\n\n```sh\n./darkroom generate \"A fox\" --no-such-flag  # a typo\n"
        + "darkroom generate --prompt-file missing.md \\\n  -a 16:9\n./darkroom models\n```\n"
        + "darkroom generate \"outside a fence\" --not-run\n";
    List<String> commands = commandLines(markdown);

    assertThat(commands).containsExactly("darkroom generate \"A fox\" --no-such-flag",
        "darkroom generate --prompt-file missing.md  -a 16:9", "darkroom models");
    assertThat(usageFailures(commands, Cli.against(gemini, openai, dir))).hasSize(2);
  }

  /** Runs the commands in order and describes each that exited with a usage error. */
  private List<String> usageFailures(List<String> commands, Cli cli) {
    List<String> failures = new ArrayList<>();
    for (String command : commands) {
      if (SKIPPED.keySet().stream().anyMatch(command::startsWith)) {
        continue;
      }
      String line = command;
      for (Map.Entry<String, String> p : PLACEHOLDERS.entrySet()) {
        line = line.replace(p.getKey(), p.getValue());
      }
      if (line.contains("SESSION")) {
        line = line.replace("SESSION", lastSessionId(cli));
      }
      if (line.contains("RUN_ID")) {
        line = line.replace("RUN_ID", lastRunId(cli));
      }
      List<String> args = ArgSplitter.split(line, "README");
      CliRun run = cli.run(args.subList(1, args.size()).toArray(String[]::new));
      if (run.exitCode() == ExitCodes.USAGE) {
        failures.add("$ " + command + "\n" + run.describe());
      }
    }
    return failures;
  }

  /** Command lines of the fenced blocks, continuation lines joined and shell comments removed. */
  static List<String> commandLines(String markdown) {
    List<String> commands = new ArrayList<>();
    boolean fenced = false;
    StringBuilder pending = new StringBuilder();
    for (String raw : markdown.split("\n", -1)) {
      if (raw.strip().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      if (!fenced) {
        continue;
      }
      String text = raw.strip();
      if (pending.length() > 0 || text.startsWith("./darkroom ") || text.startsWith("darkroom ")) {
        boolean continues = text.endsWith("\\");
        pending.append(continues ? text.substring(0, text.length() - 1) : text).append(' ');
        if (!continues) {
          commands.add(withoutComment(pending.toString()).strip().replaceFirst("^\\./", ""));
          pending.setLength(0);
        }
      }
    }
    return commands;
  }

  /** The line up to a {@code #} that starts a word outside quotes. */
  private static String withoutComment(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  /** The editing session an earlier example started. */
  private static String lastSessionId(Cli cli) {
    try (dev.darkroom.history.History h = dev.darkroom.history.History.open(cli.historyDb())) {
      return h.sessionIds(1).stream().findFirst().orElse("no-session-yet");
    }
  }

  private String lastRunId(Cli cli) {
    CliRun history = cli.run("history", "--json", "-n", "1");
    return history.json().get(0).get("runId").asText();
  }

  /** Prompts, a style, a character sheet, reference images, a mask and the examples/ job files. */
  private void makeTheFilesTheExamplesName() throws IOException {
    Files.writeString(dir.resolve("portrait.md"), "# Portrait\n\nA studio portrait of this character:\n\n{character}\n");
    Files.writeString(dir.resolve("hero.json"), "{\"name\": \"Ada\", \"hair\": \"red\", \"coat\": \"green\"}\n");
    Files.writeString(dir.resolve("style.md"), "Film grain, muted palette.\nSoft window light.\n");
    Files.writeString(dir.resolve("brief.md"), "A lighthouse at dusk,\nwarm light in the windows.\n");
    Files.writeString(dir.resolve("icons.md"), "- lemon=A lemon\n- A pear\n- A plum\n- Two cherries\n");
    image("selfie.jpg", "jpg", 64, 80);
    image("beach.png", "png", 96, 64);
    image("room.png", "png", 96, 64);
    image("lamp.png", "png", 32, 32);
    image("photo.png", "png", 96, 64);
    BufferedImage mask = new BufferedImage(96, 64, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = mask.createGraphics();
    g.setColor(Color.BLACK);
    g.fillRect(0, 0, 96, 32);
    g.dispose();
    ImageIO.write(mask, "png", dir.resolve("mask.png").toFile());
    Files.createDirectories(dir.resolve("examples"));
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve("examples").resolve(f.getFileName().toString()));
      }
    }
  }

  private void image(String name, String format, int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(200, 120, 40));
    g.fillRect(0, 0, width, height / 2);
    g.dispose();
    ImageIO.write(image, format, dir.resolve(name).toFile());
  }
}
