package dev.darkroom.gemini;

import com.fasterxml.jackson.core.JsonFactory;
import dev.darkroom.DarkroomException;
import dev.darkroom.DarkroomException.Details;
import dev.darkroom.TransportException;
import dev.darkroom.internal.http.ErrorBodies;
import dev.darkroom.internal.http.HttpSupport;
import dev.darkroom.spi.Redactor;
import dev.darkroom.internal.http.TransportFailures;
import dev.darkroom.internal.http.SseDataInputStream;
import dev.darkroom.internal.http.Watchdog;
import dev.darkroom.spi.Conversation;
import dev.darkroom.spi.ProviderClient;
import dev.darkroom.spi.ProviderCall;
import dev.darkroom.spi.ProviderResponse;
import dev.darkroom.spi.ProviderResponse.Outcome;
import dev.darkroom.spi.RawImage;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Google's Gemini API ({@code generateContent}, or {@code streamGenerateContent} with SSE when
 * thoughts are requested). One instance per client; thread-safe.
 *
 * <p>The API key travels only in the {@code x-goog-api-key} header and is redacted from every
 * message and body this class puts into an exception.
 */
final class GeminiClient implements ProviderClient {

  private static final Set<String> BLOCKING_FINISH_REASONS = Set.of(
      "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
      "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "LANGUAGE", "MODEL_ARMOR", "JAILBREAK");
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final HttpClient http;
  private final String baseUrl;
  private final GeminiBackend backend;
  private final Redactor redactor;
  private final ScheduledExecutorService scheduler;
  private final String userAgent;
  private final GeminiRequestWriter writer;
  private final GeminiResponseReader reader;
  private final long maxConversationBytes;
  /** Conversation bodies larger than this (estimated) go through a temporary file, not the heap. */
  static final long SPOOL_ABOVE_BYTES = 4_000_000;

  GeminiClient(HttpClient http, String baseUrl, String apiKey, Redactor redactor,
      ScheduledExecutorService scheduler, String userAgent) {
    this(http, baseUrl, apiKey, redactor, scheduler, userAgent, GeminiProvider.DEFAULT_MAX_CONVERSATION_BYTES);
  }

  /** @param maxConversationBytes largest body a turn continuing a conversation may have, in bytes */
  GeminiClient(HttpClient http, String baseUrl, String apiKey, Redactor redactor,
      ScheduledExecutorService scheduler, String userAgent, long maxConversationBytes) {
    this(http, GeminiBackend.developer(baseUrl, apiKey), redactor, scheduler, userAgent, maxConversationBytes);
  }

  /** @param backend the Developer API or Vertex AI: URLs, credentials and error advice */
  GeminiClient(HttpClient http, GeminiBackend backend, Redactor redactor,
      ScheduledExecutorService scheduler, String userAgent, long maxConversationBytes) {
    this.maxConversationBytes = maxConversationBytes;
    this.http = http;
    this.backend = backend;
    this.baseUrl = backend.root();
    this.redactor = redactor;
    this.scheduler = scheduler;
    this.userAgent = userAgent;
    JsonFactory json = HttpSupport.largeDocumentJson();
    this.writer = new GeminiRequestWriter(json);
    this.reader = new GeminiResponseReader(json);
  }

  @Override
  public String endpoint(ProviderCall call) {
    boolean stream = GeminiOptions.of(call.request()).includeThoughts();
    return backend.modelUrl(call.request().model().id(), stream);
  }

  @Override
  public String describe(ProviderCall call) {
    return writer.describe(call.request(), call.inputs(), conversationOf(call));
  }

  /**
   * Sends the call; when the server rejects the credentials and a fresh token can be had (Vertex AI
   * OAuth), fetches one and sends once more.
   */
  @Override
  public ProviderResponse generate(ProviderCall call) {
    String[] sent = new String[1];
    try {
      return send(call, sent);
    } catch (dev.darkroom.AuthenticationException e) {
      if (e.httpStatus() == 401 && backend.renewAfterRejection(sent[0])) {
        return send(call, sent);
      }
      throw e;
    }
  }

  /** @param sent receives the credential the request carried, for {@link GeminiBackend#renewAfterRejection} */
  private ProviderResponse send(ProviderCall call, @Nullable String[] sent) {
    String model = call.request().model().id();
    URI uri;
    try {
      uri = URI.create(endpoint(call));
    } catch (IllegalArgumentException e) {
      throw new dev.darkroom.InvalidRequestException("invalid base URL '" + baseUrl + "': " + e.getMessage());
    }
    java.nio.file.Path spooled = null;
    HttpRequest.BodyPublisher body;
    if (call.conversation() != null && !call.conversation().turns().isEmpty()) {
      long size = checkConversationSize(call);
      if (size > SPOOL_ABOVE_BYTES) {
        spooled = spool(call);
      }
    }
    try {
      body = spooled != null ? bodyOf(spooled)
          : HttpRequest.BodyPublishers.ofByteArray(writer.write(call.request(), call.inputs(), conversationOf(call)));
      return send(call, model, uri, body, sent);
    } finally {
      if (spooled != null) {
        try {
          java.nio.file.Files.deleteIfExists(spooled);
        } catch (IOException e) {
          // a temporary file the OS will clear; nothing to report
        }
      }
    }
  }

  /**
   * Writes a large conversation body to a temporary file (owner-only on POSIX systems, deleted
   * after the call), streaming the earlier turns from their files, so the heap never holds it.
   */
  private java.nio.file.Path spool(ProviderCall call) {
    java.nio.file.Path file;
    try {
      file = java.nio.file.Files.createTempFile("darkroom-gemini-", ".json");
    } catch (IOException e) {
      throw new dev.darkroom.OutputException("cannot create a temporary file for a conversation request: "
          + e.getMessage(), e);
    }
    try (java.io.OutputStream out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(file),
        64 * 1024)) {
      writer.writeTo(call.request(), call.inputs(), conversationOf(call), out);
      return file;
    } catch (IOException | RuntimeException e) {
      try {
        java.nio.file.Files.deleteIfExists(file);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new dev.darkroom.OutputException("cannot write a conversation request to " + file + ": "
          + e.getMessage(), (IOException) e);
    }
  }

  private static HttpRequest.BodyPublisher bodyOf(java.nio.file.Path file) {
    try {
      return HttpRequest.BodyPublishers.ofFile(file);
    } catch (java.io.FileNotFoundException e) {
      throw new dev.darkroom.OutputException("the conversation request " + file + " vanished before it was sent", e);
    }
  }

  private ProviderResponse send(ProviderCall call, String model, URI uri, HttpRequest.BodyPublisher body,
      @Nullable String[] sent) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
        .version(HttpSupport.versionFor(uri))
        .timeout(call.timeout())
        .header("Content-Type", "application/json")
        .header("Accept", GeminiOptions.of(call.request()).includeThoughts() ? "text/event-stream" : "application/json")
        .header("User-Agent", userAgent)
        .POST(body);
    sent[0] = backend.authorize(builder);
    HttpRequest request = builder.build();
    try (Watchdog watchdog = Watchdog.arm(scheduler, call.timeout())) {
      try {
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
          if (response.statusCode() / 100 != 2) {
            byte[] error = in.readNBytes(MAX_ERROR_BODY);
            String text = new String(error, StandardCharsets.UTF_8);
            java.util.Optional<DarkroomException> wrong = ErrorBodies.wrongEndpoint("Gemini", uri.toString(),
                response.statusCode(), text, "give the server's root, e.g. " + GeminiProvider.DEFAULT_BASE_URL
                    + " (Darkroom adds /v1beta/models/…), in GOOGLE_GEMINI_BASE_URL or --base-url", redactor);
            if (wrong.isPresent()) {
              throw wrong.get();
            }
            throw backend.error(response.statusCode(), new String(error, StandardCharsets.UTF_8),
                response.headers().firstValue("Retry-After"), model, redactor);
          }
          BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
          java.util.Optional<String> type = response.headers().firstValue("Content-Type");
          boolean stream = GeminiOptions.of(call.request()).includeThoughts();
          if (!stream && !type.orElse("").startsWith("text/event-stream")) {
            ErrorBodies.requireJson("Gemini", uri.toString(), response.statusCode(), type, buffered, redactor);
          }
          ResponseAccumulator acc = reader.read(GeminiOptions.of(call.request()).includeThoughts()
              ? new SseDataInputStream(buffered) : buffered, call.thoughts(), call.conversation() != null);
          return classify(acc);
        }
      } catch (GeminiResponseReader.StreamError e) {
        throw backend.error(e.code == 0 ? 500 : e.code,
            "{\"error\":{\"code\":" + e.code + ",\"status\":\"" + e.status + "\",\"message\":"
                + quote(e.getMessage()) + "}}", java.util.Optional.empty(), model, redactor);
      } catch (InterruptedException e) {
        if (watchdog.fired()) {
          throw TransportFailures.timeout("Gemini", call.timeout(), "Pro and 4K images can take minutes");
        }
        Thread.currentThread().interrupt();
        throw new TransportException("interrupted while calling Gemini", e, Details.none());
      } catch (IOException e) {
        if (watchdog.fired() || (e instanceof HttpTimeoutException && !(e instanceof HttpConnectTimeoutException))) {
          throw TransportFailures.timeout("Gemini", call.timeout(), "Pro and 4K images can take minutes");
        }
        throw TransportFailures.io("Gemini", baseUrl, e, redactor);
      }
    }
  }



  /** Refuses, before anything is built or sent, a turn whose body would pass the inline limit. */
  private long checkConversationSize(ProviderCall call) {
    long bytes = GeminiRequestWriter.historyBytes(conversationOf(call)) + call.request().prompt().length();
    for (dev.darkroom.spi.PreparedInput in : call.inputs()) {
      bytes += (in.bytes().length + 2L) / 3 * 4;
    }
    if (bytes > maxConversationBytes) {
      throw new dev.darkroom.InvalidRequestException("the conversation has grown to about " + bytes / 1_000_000
          + " MB per request (earlier turns' images and thought signatures), over the limit of "
          + maxConversationBytes / 1_000_000 + " MB (setting gemini.maxConversationBytes); continue from an"
          + " earlier turn, or start a new session from the last image", "conversation", java.util.List.of());
    }
    return bytes;
  }

  private static Conversation conversationOf(ProviderCall call) {
    return call.conversation() == null ? Conversation.EMPTY : call.conversation();
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : String.valueOf(s).toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** Classifies a parsed 200 answer following Google's documented finish and block reasons. */
  static ProviderResponse classify(ResponseAccumulator acc) {
    List<RawImage> images = new ArrayList<>(acc.images);
    boolean hasFinal = images.stream().anyMatch(i -> !i.thought());
    Outcome outcome;
    String reason;
    String message;
    if (acc.blockReason != null) {
      outcome = Outcome.BLOCKED;
      reason = acc.blockReason;
      message = acc.blockReasonMessage;
    } else if (acc.finishReason != null && BLOCKING_FINISH_REASONS.contains(acc.finishReason)) {
      outcome = Outcome.BLOCKED;
      reason = acc.finishReason;
      message = acc.finishMessage != null ? acc.finishMessage
          : acc.blockedCategories.isEmpty() ? null : "flagged: " + String.join(", ", acc.blockedCategories);
    } else if (hasFinal) {
      outcome = Outcome.IMAGES;
      reason = acc.finishReason == null ? "STOP" : acc.finishReason;
      message = acc.finishMessage;
    } else {
      outcome = Outcome.NO_IMAGE;
      reason = acc.finishReason != null ? acc.finishReason : acc.candidates == 0 ? "NO_CANDIDATES" : "NO_IMAGE";
      message = acc.finishMessage;
    }
    ProviderResponse response = new ProviderResponse(outcome, reason, message, images, acc.text.toString(),
        acc.thoughts.toString(), List.copyOf(acc.sources.values()), List.copyOf(acc.searchQueries),
        acc.usage == null ? dev.darkroom.Usage.ZERO : acc.usage, acc.responseId, acc.modelVersion, null,
        List.copyOf(acc.modelTurn));
    return outcome == Outcome.BLOCKED && saysNotCharged(message, acc) ? response.notCharged() : response;
  }

  /**
   * Google says a blocked request is free in its block message ("You will not be charged for this
   * request"); an answer with no usage reported at all is not billed either.
   */
  private static boolean saysNotCharged(@org.jspecify.annotations.Nullable String message, ResponseAccumulator acc) {
    java.util.function.Predicate<String> free = s -> s != null
        && s.toLowerCase(java.util.Locale.ROOT).contains("will not be charged");
    return free.test(message) || free.test(acc.blockReasonMessage) || free.test(acc.finishMessage)
        || acc.usage == null || acc.usage.totalTokens() == 0 && acc.usage.promptTokens() == 0;
  }
}
