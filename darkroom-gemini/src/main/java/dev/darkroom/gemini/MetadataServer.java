package dev.darkroom.gemini;

import dev.darkroom.AuthenticationException;
import dev.darkroom.DarkroomException.Details;
import dev.darkroom.TransportException;
import dev.darkroom.internal.http.ErrorBodies;
import dev.darkroom.spi.ProviderContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metadata server of a Google Cloud VM or container, as the last place Application Default
 * Credentials look: its address, whether it answers here, and the project it reports.
 *
 * <p>The address is {@code GCE_METADATA_HOST} ({@code host} or {@code host:port}) when set; else
 * {@value #IP} and then {@value #HOST} are probed. A probe opens a TCP connection within
 * {@link #CONNECT_TIMEOUT} and sends {@code GET /} with {@code Metadata-Flavor: Google}; the server
 * counts as found when it answers with the same header. {@code NO_GCE_CHECK=true} skips probing, as
 * in Google's libraries.
 */
final class MetadataServer {
  /** The metadata server's link-local address on Google Cloud. */
  static final String IP = "169.254.169.254";
  /** The metadata server's name on Google Cloud. */
  static final String HOST = "metadata.google.internal";
  /** How long a probe waits for the TCP connection: off Google Cloud nothing answers, so keep it short. */
  static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
  /** How long a probe waits for the answer once connected. */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);
  static final String TOKEN_PATH = "/computeMetadata/v1/instance/service-accounts/default/token";
  static final String PROJECT_PATH = "/computeMetadata/v1/project/project-id";

  /** Whether a metadata server answers at an address. */
  interface Probe {
    /** @param host {@code host} or {@code host:port} */
    boolean answers(String host);
  }

  /**
   * The process's probe: a real connection, its result kept per address for the life of the process
   * (a machine does not move onto or off Google Cloud while Darkroom runs), so only the first client
   * opened pays for a probe that finds nothing.
   */
  static final Probe PROCESS = new CachingProbe(MetadataServer::connect);

  private MetadataServer() {}

  /** Where to look: {@code GCE_METADATA_HOST} alone when set, else {@value #IP} then {@value #HOST}. */
  static List<String> candidates(ProviderContext ctx) {
    return ctx.env("GCE_METADATA_HOST").map(List::of).orElse(List.of(IP, HOST));
  }

  /** Whether {@code NO_GCE_CHECK=true} turns probing off. */
  static boolean probingDisabled(ProviderContext ctx) {
    return ctx.env("NO_GCE_CHECK").map(v -> v.toLowerCase(Locale.ROOT)).filter(v -> v.equals("true") || v.equals("1"))
        .isPresent();
  }

  /** The first candidate that answers, when probing is allowed. */
  static Optional<String> find(ProviderContext ctx, Probe probe) {
    if (probingDisabled(ctx)) {
      return Optional.empty();
    }
    return candidates(ctx).stream().filter(probe::answers).findFirst();
  }

  static String tokenUrl(String host) {
    return "http://" + host + TOKEN_PATH;
  }

  /**
   * The project the metadata server reports ({@code project/project-id}).
   *
   * @throws AuthenticationException when it answers with an error
   * @throws TransportException when it cannot be reached
   */
  static String projectId(HttpClient http, String host) {
    String url = "http://" + host + PROJECT_PATH;
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Metadata-Flavor", "Google").GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new TransportException("cannot read the project id from the metadata server at " + url + ": "
          + e.getClass().getSimpleName(), e, Details.none());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while reading the project id from the metadata server", e,
          Details.none());
    }
    String project = response.body().strip();
    if (response.statusCode() != 200 || project.isEmpty()) {
      throw new AuthenticationException("the metadata server at " + url + " gave no project id (HTTP "
          + response.statusCode() + ": " + ErrorBodies.firstLine(ErrorBodies.truncate(response.body()))
          + "); pass --project (or set GOOGLE_CLOUD_PROJECT)", null,
          Details.http(response.statusCode(), null, ErrorBodies.truncate(response.body())));
    }
    return project;
  }

  /** A real probe: TCP connect within {@link #CONNECT_TIMEOUT}, then one small HTTP/1.0 exchange. */
  static boolean connect(String host) {
    String name = host;
    int port = 80;
    int colon = host.lastIndexOf(':');
    if (colon > 0 && host.indexOf(']') < colon) {
      try {
        port = Integer.parseInt(host.substring(colon + 1));
        name = host.substring(0, colon);
      } catch (NumberFormatException e) {
        return false;
      }
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(name, port), (int) CONNECT_TIMEOUT.toMillis());
      socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
      socket.getOutputStream().write(("GET / HTTP/1.0\r\nHost: " + host + "\r\nMetadata-Flavor: Google\r\n"
          + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String headers = head(socket.getInputStream()).toLowerCase(Locale.ROOT);
      return headers.startsWith("http/") && headers.contains("\r\nmetadata-flavor: google");
    } catch (IOException | IllegalArgumentException | SecurityException e) {
      return false;
    }
  }

  /** The status line and headers of an answer (up to 8 KB), without waiting for its body. */
  private static String head(java.io.InputStream in) throws IOException {
    StringBuilder text = new StringBuilder();
    java.io.BufferedInputStream buffered = new java.io.BufferedInputStream(in);
    int c;
    while (text.length() < 8192 && (c = buffered.read()) >= 0) {
      text.append((char) c);
      if (text.length() >= 4 && text.lastIndexOf("\r\n\r\n") == text.length() - 4) {
        break;
      }
    }
    return text.toString();
  }

  /** Remembers each address's answer. */
  static final class CachingProbe implements Probe {
    private final Probe probe;
    private final Map<String, Boolean> answers = new ConcurrentHashMap<>();

    CachingProbe(Probe probe) {
      this.probe = probe;
    }

    @Override
    public boolean answers(String host) {
      return answers.computeIfAbsent(host, probe::answers);
    }
  }
}
