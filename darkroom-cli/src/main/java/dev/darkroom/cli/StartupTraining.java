package dev.darkroom.cli;

import dev.darkroom.Sleeper;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run behind the launcher's start-up archive: the {@code darkroom} script runs it once after
 * each build, under {@code -XX:ArchiveClassesAtExit} (JDK 17-23) or {@code -XX:AOTCacheOutput} (JDK 25+),
 * so that the archive holds the classes a one-shot {@code generate} loads whatever command the user runs
 * first. Started by {@link Main} when the system property {@value #PROPERTY} is {@code true}.
 *
 * <p>It runs the real command line in this process: {@code --version}'s line, then a Flash 1K
 * {@code generate} (one JSON response, a PNG) and a Pro 4K {@code generate} with thinking and thought
 * summaries (server-sent events, a thought image, JPEGs, thought signatures), against a stub of the Gemini
 * API on a loopback port of its own. Nothing leaves the machine and nothing is paid: the API key is a
 * made-up one the stub ignores. History, outputs and sqlite's native library go to a temporary directory
 * that is deleted at the end; the user's home, history and working directory are not touched, and what
 * the commands print is discarded.
 */
final class StartupTraining {
  /** The system property that makes {@link Main} run this instead of a command. */
  static final String PROPERTY = "darkroom.startupTraining";

  // 8x8 PNG and 16x9 JPEG: the format paths matter, the pixels do not.
  private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAFElEQVR4nGM8EaDBgA0wYRUdtBIA/ygBUMG5Z0IAAAAASUVORK5CYII=";
  private static final String JPEG = "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAJABADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwCtRRRXmHvH/9k=";
  private static final String SIGNATURE = "c2lnbmF0dXJlLWZvci1zdGFydC11cC10cmFpbmluZy1vbmx5";

  private StartupTraining() {}

  /**
   * Runs the training commands and returns 0 when all of them succeeded, 1 otherwise. Never throws for a
   * failed command: the launcher ignores the result apart from keeping or dropping the archive.
   */
  static int run() {
    return run(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** {@link #run()} with its temporary directory created in {@code parent}. */
  static int run(Path parent) {
    Path dir = null;
    try (Stub stub = Stub.start()) {
      dir = Files.createTempDirectory(parent, "darkroom-training");
      Path out = Files.createDirectories(dir.resolve("out"));
      Map<String, String> vars = Map.of("GEMINI_API_KEY", "training-key-not-a-secret",
          "GOOGLE_GEMINI_BASE_URL", stub.baseUrl(), "DARKROOM_HOME", dir.resolve("home").toString());
      Environment env = new Environment(vars, new ByteArrayInputStream(new byte[0]), dir, Clock.systemDefaultZone(),
          false, Sleeper.SYSTEM, false, new InterruptNotice());
      String version = new VersionProvider().getVersion()[0];
      int failures = version.isEmpty() ? 1 : 0;
      List<List<String>> commands = List.of(
          List.of("generate", "a red fox in snow", "-m", "gemini-2.5-flash-image", "--force", "--output-dir", out.toString()),
          List.of("generate", "a red fox in snow", "-m", "gemini-3-pro-image", "-s", "4K", "-a", "16:9",
              "--thinking", "high", "--show-thoughts", "--force", "--output-dir", out.toString()));
      for (List<String> command : commands) {
        String[] args = command.toArray(String[]::new);
        picocli.CommandLine cli = DarkroomCli.newCommandLine(env, args);
        cli.setOut(new PrintWriter(Writer.nullWriter()));
        cli.setErr(new PrintWriter(Writer.nullWriter()));
        if (cli.execute(args) != ExitCodes.OK) {
          failures++;
        }
      }
      return failures == 0 ? 0 : 1;
    } catch (IOException | RuntimeException e) {
      return 1;
    } finally {
      if (dir != null) {
        deleteTree(dir);
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary directory left behind is harmless
    }
  }

  /**
   * Answers every request on one loopback port with a canned Gemini response: server-sent events for
   * {@code :streamGenerateContent}, one JSON document otherwise; one request per connection.
   */
  private static final class Stub implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread thread;

    private Stub(ServerSocket socket) {
      this.socket = socket;
      this.thread = new Thread(this::serve, "darkroom-training-stub");
      thread.setDaemon(true);
    }

    static Stub start() throws IOException {
      Stub stub = new Stub(new ServerSocket(0, 8, InetAddress.getLoopbackAddress()));
      stub.thread.start();
      return stub;
    }

    String baseUrl() {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (Socket s = socket.accept()) {
          answer(s);
        } catch (SocketException e) {
          return;
        } catch (IOException | RuntimeException e) {
          // the client sees a closed connection; the training run then counts a failure
        }
      }
    }

    private static void answer(Socket s) throws IOException {
      InputStream in = new BufferedInputStream(s.getInputStream());
      String head = readHead(in);
      String requestLine = head.lines().findFirst().orElse("");
      long length = 0;
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
          length = Long.parseLong(line.substring(colon + 1).trim());
        }
      }
      in.skipNBytes(length);
      boolean stream = requestLine.contains(":streamGenerateContent");
      byte[] body = (stream ? sse() : json()).getBytes(StandardCharsets.UTF_8);
      String headers = "HTTP/1.1 200 OK\r\nContent-Type: " + (stream ? "text/event-stream" : "application/json")
          + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
      OutputStream out = s.getOutputStream();
      out.write(headers.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
      StringBuilder head = new StringBuilder();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("connection closed before the request's headers ended");
        }
        head.append((char) b);
        matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
      }
      return head.toString();
    }

    private static String json() {
      return "{\"candidates\":[{\"content\":{\"parts\":[{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"" + PNG
          + "\"}}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":5,"
          + "\"candidatesTokenCount\":1290,\"totalTokenCount\":1295,\"promptTokensDetails\":[{\"modality\":\"TEXT\","
          + "\"tokenCount\":5}],\"candidatesTokensDetails\":[{\"modality\":\"IMAGE\",\"tokenCount\":1290}]},"
          + "\"modelVersion\":\"gemini-2.5-flash-image\",\"responseId\":\"training\"}";
    }

    private static String sse() {
      String tail = "\"role\":\"model\"},\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":5,\"totalTokenCount\":5},"
          + "\"modelVersion\":\"gemini-3-pro-image\",\"responseId\":\"training\"}\n\n";
      return "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"**Planning**\\n\\nThe layout first.\","
          + "\"thought\":true}]," + tail
          + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"inlineData\":{\"mimeType\":\"image/jpeg\",\"data\":\""
          + JPEG + "\"},\"thought\":true}]," + tail
          + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Here is the image.\",\"thoughtSignature\":\""
          + SIGNATURE + "\"}]," + tail
          + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"inlineData\":{\"mimeType\":\"image/jpeg\",\"data\":\""
          + JPEG + "\"},\"thoughtSignature\":\"" + SIGNATURE + "\"}],\"role\":\"model\"},\"finishReason\":\"STOP\","
          + "\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":1129,\"totalTokenCount\":"
          + "1326,\"candidatesTokensDetails\":[{\"modality\":\"IMAGE\",\"tokenCount\":1120}],\"thoughtsTokenCount\":192},"
          + "\"modelVersion\":\"gemini-3-pro-image\",\"responseId\":\"training\"}\n\n";
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
