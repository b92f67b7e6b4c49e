package dev.darkroom.openai;

import com.fasterxml.jackson.core.JsonFactory;
import dev.darkroom.DarkroomException;
import dev.darkroom.DarkroomException.Details;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.TransportException;
import dev.darkroom.Usage;
import dev.darkroom.internal.http.ErrorBodies;
import dev.darkroom.internal.http.HttpSupport;
import dev.darkroom.spi.Redactor;
import dev.darkroom.internal.http.TransportFailures;
import dev.darkroom.internal.http.SseDataInputStream;
import dev.darkroom.internal.http.Watchdog;
import dev.darkroom.spi.ProviderClient;
import dev.darkroom.spi.PreparedInput;
import dev.darkroom.spi.ProviderCall;
import dev.darkroom.spi.ProviderResponse;
import dev.darkroom.spi.ProviderResponse.Outcome;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's Images API: {@code POST /images/generations} (JSON) without reference images,
 * {@code POST /images/edits} (multipart/form-data) with them; server-sent events when partial images
 * are asked for. Works with OpenAI-compatible gateways given their base URL. One instance per
 * client; thread-safe.
 *
 * <p>The API key travels only in the {@code Authorization: Bearer} header and is redacted from every
 * message and body this class puts into an exception. {@code OpenAI-Organization} and
 * {@code OpenAI-Project} are sent when configured.
 */
final class OpenAiClient implements ProviderClient {

  private static final Set<String> INPUT_TYPES = Set.of("image/png", "image/jpeg", "image/webp");
  private static final int MAX_ERROR_BODY = 64 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final HttpClient http;
  private final String baseUrl;
  private final String apiKey;
  private final @Nullable String organization;
  private final @Nullable String project;
  private final Redactor redactor;
  private final ScheduledExecutorService scheduler;
  private final String userAgent;
  private final Supplier<List<String>> currentModels;
  private final OpenAiRequestWriter writer;
  private final OpenAiResponseReader reader;

  /**
   * @param currentModels ids named when OpenAI says a model does not exist
   */
  OpenAiClient(HttpClient http, String baseUrl, String apiKey, @Nullable String organization,
      @Nullable String project, Redactor redactor, ScheduledExecutorService scheduler, String userAgent,
      Supplier<List<String>> currentModels) {
    this.http = http;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.apiKey = apiKey;
    this.organization = organization;
    this.project = project;
    this.redactor = redactor;
    this.scheduler = scheduler;
    this.userAgent = userAgent;
    this.currentModels = currentModels;
    JsonFactory json = HttpSupport.largeDocumentJson();
    this.writer = new OpenAiRequestWriter(json,
        () -> "darkroom-" + HexFormat.of().formatHex(bytes(12)));
    this.reader = new OpenAiResponseReader(json);
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  @Override
  public String endpoint(ProviderCall call) {
    return baseUrl + (OpenAiRequestWriter.isEdit(call) ? "/images/edits" : "/images/generations");
  }

  @Override
  public String describe(ProviderCall call) {
    return writer.describe(call);
  }

  @Override
  public ProviderResponse generate(ProviderCall call) {
    String model = call.request().model().id();
    for (PreparedInput in : call.inputs()) {
      if (!INPUT_TYPES.contains(in.mimeType())) {
        throw new InvalidRequestException("OpenAI accepts PNG, JPEG and WebP images, but " + in.source() + " is "
            + in.mimeType() + "; convert it first");
      }
    }
    URI uri;
    try {
      uri = URI.create(endpoint(call));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("invalid base URL '" + baseUrl + "': " + e.getMessage());
    }
    boolean stream = OpenAiRequestWriter.isStream(call);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .version(HttpSupport.versionFor(uri))
        .timeout(call.timeout())
        .header("Accept", stream ? "text/event-stream" : "application/json")
        .header("User-Agent", userAgent)
        .header("Authorization", "Bearer " + apiKey);
    if (organization != null) {
      request.header("OpenAI-Organization", organization);
    }
    if (project != null) {
      request.header("OpenAI-Project", project);
    }
    if (OpenAiRequestWriter.isEdit(call)) {
      Multipart body = writer.multipart(call);
      request.header("Content-Type", body.contentType()).POST(body.publisher());
    } else {
      request.header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(writer.json(call)));
    }
    try (Watchdog watchdog = Watchdog.arm(scheduler, call.timeout())) {
      try {
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
          if (response.statusCode() / 100 != 2) {
            byte[] error = in.readNBytes(MAX_ERROR_BODY);
            String text = new String(error, StandardCharsets.UTF_8);
            Optional<DarkroomException> wrong = OpenAiErrors.wrongEndpoint(response.statusCode(), text,
                uri.toString(), redactor);
            if (wrong.isPresent()) {
              throw wrong.get();
            }
            throw OpenAiErrors.map(response.statusCode(), new String(error, StandardCharsets.UTF_8),
                response.headers()::firstValue, model, currentModels.get(), redactor);
          }
          Optional<String> type = response.headers().firstValue("Content-Type");
          boolean sse = type.orElse("").startsWith("text/event-stream");
          BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
          if (!sse) {
            ErrorBodies.requireJson("OpenAI", uri.toString(), response.statusCode(), type, buffered, redactor);
          }
          OpenAiResponseReader.Result result = reader.read(sse ? new SseDataInputStream(buffered) : buffered,
              call.partials());
          return toResponse(result, response.headers().firstValue("x-request-id").orElse(null));
        }
      } catch (OpenAiResponseReader.StreamError e) {
        throw OpenAiErrors.map(500, e.json, h -> Optional.empty(), model, currentModels.get(), redactor);
      } catch (InterruptedException e) {
        if (watchdog.fired()) {
          throw TransportFailures.timeout("OpenAI", call.timeout(), "complex prompts and large sizes can take minutes");
        }
        Thread.currentThread().interrupt();
        throw new TransportException("interrupted while calling OpenAI", e, Details.none());
      } catch (IOException e) {
        if (watchdog.fired() || (e instanceof HttpTimeoutException && !(e instanceof HttpConnectTimeoutException))) {
          throw TransportFailures.timeout("OpenAI", call.timeout(), "complex prompts and large sizes can take minutes");
        }
        throw TransportFailures.io("OpenAI", baseUrl, e, redactor);
      }
    }
  }

  static ProviderResponse toResponse(OpenAiResponseReader.Result r, @Nullable String requestId) {
    Usage usage = r.usage == null ? Usage.ZERO : r.usage;
    boolean images = !r.images.isEmpty();
    return new ProviderResponse(images ? Outcome.IMAGES : Outcome.NO_IMAGE, images ? "completed" : "NO_IMAGE",
        images ? null : "the response carried no b64_json image", List.copyOf(r.images),
        r.revisedPrompt == null ? "" : r.revisedPrompt, "", List.of(), List.of(), usage, requestId, r.model);
  }


}
