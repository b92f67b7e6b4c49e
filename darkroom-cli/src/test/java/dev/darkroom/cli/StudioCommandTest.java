package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code darkroom studio}: prints its URL, serves on 127.0.0.1, carries on without xdg-open, stops when interrupted. */
@ExtendWith(FakeGeminiExtension.class)
class StudioCommandTest {
  @TempDir Path dir;

  @Test
  void servesUntilInterruptedAndDoesNotNeedXdgOpen(FakeGemini fake) throws Exception {
    Cli cli = Cli.against(fake, dir);
    Path emptyPath = Files.createDirectories(dir.resolve("no-bin"));
    cli.env.put("PATH", emptyPath.toString());
    Environment environment = new Environment(cli.env, new ByteArrayInputStream(new byte[0]), dir, Clock.systemUTC(),
        false, d -> { }, false, cli.interrupts);
    CommandLine cmd = DarkroomCli.newCommandLine(environment);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    AtomicInteger code = new AtomicInteger(-1);
    Thread thread = new Thread(() -> code.set(cmd.execute("studio", "--output-dir", "out")));
    thread.start();
    try {
      Pattern url = Pattern.compile("Darkroom Studio: (http://127\\.0\\.0\\.1:\\d+/\\?token=[A-Za-z0-9_-]+)");
      Matcher m = url.matcher("");
      for (int i = 0; i < 600 && !m.find(); i++) {
        Thread.sleep(50);
        m = url.matcher(out.toString());
      }
      assertThat(m.find(0)).as("out: %s%nerr: %s", out, err).isTrue();
      assertThat(err.toString()).contains("no xdg-open on the PATH");

      HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
      HttpResponse<Void> login = http.send(HttpRequest.newBuilder(URI.create(m.group(1))).build(),
          HttpResponse.BodyHandlers.discarding());
      assertThat(login.statusCode()).isEqualTo(303);
      String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      URI models = URI.create(m.group(1).replaceFirst("/\\?token=.*", "/api/models"));
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(models).header("Cookie", cookie).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("gemini-2.5-flash-image").doesNotContain(FakeGemini.DEFAULT_API_KEY);
    } finally {
      thread.interrupt();
      thread.join(30_000);
    }
    assertThat(thread.isAlive()).isFalse();
    assertThat(code.get()).as("err: %s", err).isEqualTo(ExitCodes.OK);
  }

  @Test
  void aBadPortIsAUsageError(FakeGemini fake) {
    CliRun run = Cli.against(fake, dir).run("studio", "--no-open", "--port", "70000");
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.USAGE);
  }
}
