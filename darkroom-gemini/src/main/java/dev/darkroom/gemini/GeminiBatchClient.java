package dev.darkroom.gemini;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.darkroom.DarkroomException;
import dev.darkroom.DarkroomException.Details;
import dev.darkroom.DeferredResults;
import dev.darkroom.GenerationListener;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.MalformedResponseException;
import dev.darkroom.ServerException;
import dev.darkroom.Sleeper;
import dev.darkroom.TransportException;
import dev.darkroom.internal.http.BatchPoller;
import dev.darkroom.internal.http.HttpSupport;
import dev.darkroom.spi.Redactor;
import dev.darkroom.spi.PreparedInput;
import dev.darkroom.spi.ProviderResponse;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Gemini's Batch API: many {@code generateContent} requests submitted at once and answered within
 * 24 hours (usually much sooner) at half the standard price. The batch lives at Google, named
 * {@code batches/…}, so any later process can poll it, fetch its results or cancel it.
 *
 * <pre>{@code
 * try (GeminiBatchClient batches = GeminiBatchClient.builder().env(System.getenv()).build()) {
 *   GeminiBatchClient.Job job = batches.create("icons", List.of(new GeminiBatchClient.Entry("fox", request)));
 *   job = batches.await(job.name(), j -> System.err.println(j.state()));
 *   batches.results(job, result -> ...);   // then DeferredResults.finish(...) saves each image
 * }
 * }</pre>
 *
 * <p>Requests go inline in the create call while their JSON stays under {@link Builder#inlineLimitBytes}
 * (default 20 MB, Google's documented limit); larger submissions are written as JSONL
 * ({@code {"key":…,"request":…}} per line), uploaded with the Files API's resumable protocol, and their
 * results downloaded as a JSONL file. Reference images travel inline (base64) in either form.
 *
 * <p>Thread-safe. Polling waits through the injected {@link Sleeper}; transient failures while polling
 * (429, 5xx, connection resets) are retried with capped backoff, all others are thrown as Darkroom
 * exceptions. The API key travels only in the {@code x-goog-api-key} header.
 */
public final class GeminiBatchClient implements AutoCloseable {
  /** Google's documented limit for a batch's inline requests. */
  public static final long DEFAULT_INLINE_LIMIT_BYTES = 20L * 1000 * 1000;
  /** Upload chunk size of the resumable protocol, as Google's own SDK uses. */
  public static final int DEFAULT_UPLOAD_CHUNK_BYTES = 8 * 1024 * 1024;

  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final String baseUrl;
  private final String apiKey;
  private final Duration timeout;
  private final Sleeper sleeper;
  private final long inlineLimit;
  private final int chunkBytes;
  private final Duration pollInitial;
  private final Duration pollMax;
  private final Redactor redactor;
  private final ExecutorService httpExecutor;
  private final HttpClient http;
  private final JsonFactory json;
  private final GeminiRequestWriter writer;
  private final GeminiResponseReader reader;
  private final DeferredResults inputs;

  private GeminiBatchClient(Builder b) {
    if (b.apiKey == null) {
      throw new InvalidRequestException("no API key: set GEMINI_API_KEY (or GOOGLE_API_KEY), or the setting gemini.apiKey;"
          + " create a key at https://aistudio.google.com/apikey");
    }
    this.baseUrl = b.baseUrl.endsWith("/") ? b.baseUrl.substring(0, b.baseUrl.length() - 1) : b.baseUrl;
    this.apiKey = b.apiKey;
    this.timeout = b.timeout;
    this.sleeper = b.sleeper;
    this.inlineLimit = b.inlineLimit;
    this.chunkBytes = b.chunkBytes;
    this.pollInitial = b.pollInitial;
    this.pollMax = b.pollMax;
    this.redactor = new Redactor(List.of(apiKey));
    this.httpExecutor = HttpSupport.httpExecutor("darkroom-batch-http");
    this.http = HttpSupport.httpClient(Duration.ofSeconds(10), httpExecutor);
    this.json = HttpSupport.largeDocumentJson();
    this.writer = new GeminiRequestWriter(json);
    this.reader = new GeminiResponseReader(json);
    this.inputs = new DeferredResults(b.maxInputSide, GenerationListener.NONE);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** One request of a batch; {@code key} comes back with its result. */
  public record Entry(String key, ImageRequest request) {
    public Entry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(request, "request");
      if (request.count() != 1) {
        throw new IllegalArgumentException("a batch entry is one call; request.count() must be 1, got " + request.count());
      }
    }
  }

  /** A batch's lifecycle, from Google's {@code BATCH_STATE_*}. */
  public enum State {
    UNSPECIFIED, PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED, EXPIRED;

    /** Whether the batch will not change any more. */
    public boolean terminal() {
      return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == EXPIRED;
    }

    static State parse(String wire) {
      String s = wire.startsWith("BATCH_STATE_") ? wire.substring("BATCH_STATE_".length())
          : wire.startsWith("JOB_STATE_") ? wire.substring("JOB_STATE_".length()) : wire;
      try {
        return valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return UNSPECIFIED;
      }
    }
  }

  /**
   * A batch as Google last described it.
   *
   * @param name e.g. {@code batches/abc123}
   * @param model the model id, without {@code models/}
   * @param requestCount requests in the batch (0 when not reported yet)
   * @param responsesFile the {@code files/…} holding file output, when the batch has one
   * @param inlineResults whether results come inline in the batch itself
   * @param error Google's message when the whole batch failed
   */
  public record Job(String name, State state, String model, long requestCount, long succeededCount,
      long failedCount, long pendingCount, @Nullable String responsesFile, boolean inlineResults,
      @Nullable String error) {

    public Optional<String> responsesFileName() {
      return Optional.ofNullable(responsesFile);
    }
  }

  /**
   * One request's outcome. Exactly one of {@code response} and {@code error} is present.
   *
   * @param key the entry's key
   * @param response the parsed answer, to be judged and saved by {@link DeferredResults#finish}
   * @param error a per-request failure (Google's status for that line)
   */
  public record Result(String key, @Nullable ProviderResponse response, @Nullable DarkroomException error) {}

  /** Requests whose JSON reaches this many bytes go as an uploaded file rather than inline. */
  public long inlineLimitBytes() {
    return inlineLimit;
  }

  /**
   * Submits a batch. All entries must use the same model. Reference images are loaded and sent inline.
   *
   * @param displayName a label shown in Google's console, e.g. a run id
   * @throws InvalidRequestException before anything is sent when entries are empty, mix models, repeat
   *     a key, or an input cannot be loaded; also when Google rejects the batch
   */
  public Job create(String displayName, List<Entry> entries) {
    if (entries.isEmpty()) {
      throw new InvalidRequestException("a batch needs at least one request");
    }
    String model = entries.get(0).request().model().id();
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (Entry e : entries) {
      if (!e.request().model().id().equals(model)) {
        throw new InvalidRequestException("a batch uses one model; got " + model + " and " + e.request().model().id()
            + " (submit one batch per model)");
      }
      if (!keys.add(e.key())) {
        throw new InvalidRequestException("batch key '" + e.key() + "' is used twice");
      }
    }
    List<byte[]> bodies = new ArrayList<>(entries.size());
    long total = 0;
    for (Entry e : entries) {
      List<PreparedInput> prepared = inputs.prepare(e.request());
      byte[] body = writer.write(e.request(), prepared);
      bodies.add(body);
      total += body.length + e.key().length() + 64;
    }
    byte[] createBody;
    if (total < inlineLimit) {
      createBody = inlineBatch(displayName, entries, bodies);
    } else {
      String file = upload(jsonl(entries, bodies), "application/jsonl", displayName + ".jsonl");
      createBody = fileBatch(displayName, file);
    }
    URI uri = uri("/v1beta/models/" + model + ":batchGenerateContent");
    return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(createBody)), model, this::readJob);
  }

  /** The batch's current state (results are not downloaded). */
  public Job get(String name) {
    return send(HttpRequest.newBuilder(uri("/v1beta/" + requireBatchName(name))).GET(), name, this::readJob);
  }

  /**
   * Polls until the batch is finished, waiting {@code 5 s}, then 1.5 times longer each poll up to
   * {@code 60 s} (see {@link Builder#pollInterval}). Transient failures are retried.
   *
   * @param onPoll told each state seen, including the last
   */
  public Job await(String name, Consumer<Job> onPoll) {
    return new BatchPoller(pollInitial, pollMax, sleeper).await(() -> get(name), j -> j.state().terminal(), onPoll);
  }

  /** Asks Google to cancel the batch; it reaches {@link State#CANCELLED} shortly after. */
  public void cancel(String name) {
    send(HttpRequest.newBuilder(uri("/v1beta/" + requireBatchName(name) + ":cancel"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")), name, in -> null);
  }

  /** Deletes the batch record at Google (its results go with it). */
  public void delete(String name) {
    send(HttpRequest.newBuilder(uri("/v1beta/" + requireBatchName(name))).DELETE(), name, in -> null);
  }

  /**
   * Streams a finished batch's results, one at a time and never all in memory at once when they
   * come as a file. Inline results are matched to their keys by the echoed {@code metadata.key}.
   *
   * @throws IllegalStateException when the batch has not succeeded
   */
  public void results(Job job, Consumer<Result> sink) {
    if (job.state() != State.SUCCEEDED) {
      throw new IllegalStateException("batch " + job.name() + " is " + job.state() + "; only a succeeded batch has results");
    }
    if (job.responsesFile() != null) {
      URI uri = uri("/download/v1beta/" + job.responsesFile() + ":download?alt=media");
      send(HttpRequest.newBuilder(uri).GET(), job.name(), in -> {
        readResultLines(in, job.model(), sink);
        return null;
      });
    } else {
      send(HttpRequest.newBuilder(uri("/v1beta/" + job.name())).GET(), job.name(), in -> {
        readInlineResults(in, job.model(), sink);
        return null;
      });
    }
  }

  /**
   * Uploads bytes with the Files API's resumable protocol (start, then chunks of
   * {@link Builder#uploadChunkBytes}, the last one finalizing).
   *
   * @return the file's name, e.g. {@code files/abc123}
   */
  public String upload(byte[] bytes, String mimeType, String displayName) {
    String start = "{\"file\":{\"displayName\":" + GeminiProviderQuote.quote(displayName) + ",\"mimeType\":"
        + GeminiProviderQuote.quote(mimeType) + "}}";
    HttpRequest.Builder startRequest = HttpRequest.newBuilder(uri("/upload/v1beta/files"))
        .header("Content-Type", "application/json")
        .header("X-Goog-Upload-Protocol", "resumable")
        .header("X-Goog-Upload-Command", "start")
        .header("X-Goog-Upload-Header-Content-Length", Long.toString(bytes.length))
        .header("X-Goog-Upload-Header-Content-Type", mimeType)
        .POST(HttpRequest.BodyPublishers.ofString(start));
    String uploadUrl = sendForHeaders(startRequest, "the Files API").firstValue("X-Goog-Upload-URL")
        .orElseThrow(() -> new MalformedResponseException(
            "the Files API did not return an upload URL (X-Goog-Upload-URL)", null, Details.none()));
    URI session = URI.create(uploadUrl);
    int offset = 0;
    do {
      int len = Math.min(chunkBytes, bytes.length - offset);
      boolean last = offset + len >= bytes.length;
      HttpRequest.Builder chunk = HttpRequest.newBuilder(session)
          .header("Content-Type", "application/octet-stream")
          .header("X-Goog-Upload-Command", last ? "upload, finalize" : "upload")
          .header("X-Goog-Upload-Offset", Integer.toString(offset))
          .POST(HttpRequest.BodyPublishers.ofByteArray(bytes, offset, len));
      if (last) {
        return send(chunk, "the Files API", this::readFileName);
      }
      sendForHeaders(chunk, "the Files API");
      offset += len;
    } while (true);
  }

  // ---- wire ----

  private byte[] inlineBatch(String displayName, List<Entry> entries, List<byte[]> bodies) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      out.write(("{\"batch\":{\"displayName\":" + GeminiProviderQuote.quote(displayName)
          + ",\"inputConfig\":{\"requests\":{\"requests\":[").getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < entries.size(); i++) {
        out.write((i == 0 ? "{\"request\":" : ",{\"request\":").getBytes(StandardCharsets.UTF_8));
        out.write(bodies.get(i));
        out.write((",\"metadata\":{\"key\":" + GeminiProviderQuote.quote(entries.get(i).key()) + "}}")
            .getBytes(StandardCharsets.UTF_8));
      }
      out.write("]}}}}".getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] jsonl(List<Entry> entries, List<byte[]> bodies) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (int i = 0; i < entries.size(); i++) {
        out.write(("{\"key\":" + GeminiProviderQuote.quote(entries.get(i).key()) + ",\"request\":")
            .getBytes(StandardCharsets.UTF_8));
        out.write(bodies.get(i));
        out.write("}\n".getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] fileBatch(String displayName, String fileName) {
    return ("{\"batch\":{\"displayName\":" + GeminiProviderQuote.quote(displayName)
        + ",\"inputConfig\":{\"fileName\":" + GeminiProviderQuote.quote(fileName) + "}}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private interface BodyReader<T> {
    T read(InputStream in) throws IOException;
  }

  private URI uri(String path) {
    try {
      return URI.create(baseUrl + path);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("invalid base URL '" + baseUrl + "': " + e.getMessage());
    }
  }

  private static String requireBatchName(String name) {
    if (!name.matches("batches/[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("invalid batch name '" + name + "': expected batches/<id>");
    }
    return name;
  }

  private <T> T send(HttpRequest.Builder builder, String what, BodyReader<T> body) {
    HttpRequest request = builder.timeout(timeout).header("x-goog-api-key", apiKey)
        .header("User-Agent", "darkroom-batch").build();
    try {
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        if (response.statusCode() / 100 != 2) {
          byte[] error = in.readNBytes(MAX_ERROR_BODY);
          throw GeminiErrors.map(response.statusCode(), new String(error, StandardCharsets.UTF_8),
              response.headers().firstValue("Retry-After"), what, redactor);
        }
        return body.read(new BufferedInputStream(in, 64 * 1024));
      }
    } catch (GeminiResponseReader.StreamError e) {
      throw new ServerException("Gemini reported an error inside the batch answer (" + e.status + ": "
          + redactor.redact(e.getMessage()) + ")", null, Details.none());
    } catch (IOException e) {
      if (e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
        throw new MalformedResponseException("Gemini sent a malformed batch answer (" + redactor.redact(e.getMessage())
            + ")", null, Details.none().retryable(true));
      }
      throw new TransportException("the connection to " + baseUrl + " failed (" + e.getClass().getSimpleName()
          + ": " + redactor.redact(String.valueOf(e.getMessage())) + "); check the network", e,
          Details.none().retryable(true));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while calling the Gemini Batch API", e, Details.none());
    }
  }

  private java.net.http.HttpHeaders sendForHeaders(HttpRequest.Builder builder, String what) {
    java.net.http.HttpHeaders[] headers = new java.net.http.HttpHeaders[1];
    HttpRequest request = builder.timeout(timeout).header("x-goog-api-key", apiKey).build();
    try {
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        byte[] body = in.readNBytes(MAX_ERROR_BODY);
        if (response.statusCode() / 100 != 2) {
          throw GeminiErrors.map(response.statusCode(), new String(body, StandardCharsets.UTF_8),
              response.headers().firstValue("Retry-After"), what, redactor);
        }
        headers[0] = response.headers();
      }
    } catch (IOException e) {
      throw new TransportException("the connection to " + baseUrl + " failed (" + e.getClass().getSimpleName()
          + ": " + redactor.redact(String.valueOf(e.getMessage())) + "); check the network", e,
          Details.none().retryable(true));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while uploading to the Files API", e, Details.none());
    }
    return headers[0];
  }


  private String readFileName(InputStream in) throws IOException {
    try (JsonParser p = json.createParser(in)) {
      String name = null;
      while (p.nextToken() != null) {
        if (p.currentToken() == JsonToken.FIELD_NAME && "name".equals(p.currentName()) && p.getParsingContext().getParent() != null
            && "file".equals(p.getParsingContext().getParent().getCurrentName())) {
          p.nextToken();
          name = p.getValueAsString();
        }
      }
      if (name == null) {
        throw new IOException("the upload answer names no file");
      }
      return name;
    }
  }

  /** Reads an Operation, skipping inline results without decoding them. */
  private Job readJob(InputStream in) throws IOException {
    JobBuilder j = new JobBuilder();
    try (JsonParser p = json.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("expected a JSON object");
      }
      readOperation(p, j, null, null);
    }
    return j.build();
  }

  private void readInlineResults(InputStream in, String model, Consumer<Result> sink) throws IOException {
    JobBuilder j = new JobBuilder();
    try (JsonParser p = json.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("expected a JSON object");
      }
      readOperation(p, j, model, sink);
    }
  }

  private static final class JobBuilder {
    String name = "";
    String state = "";
    String model = "";
    long requests;
    long succeeded;
    long failed;
    long pending;
    @Nullable String responsesFile;
    boolean inline;
    @Nullable String error;
    boolean done;
    int inlineIndex;
    boolean resultsRead;

    Job build() {
      State s = State.parse(state);
      if (s == State.UNSPECIFIED && done) {
        s = error != null ? State.FAILED : State.SUCCEEDED;
      }
      String m = model.startsWith("models/") ? model.substring("models/".length()) : model;
      return new Job(name, s, m, requests, succeeded, failed, pending, responsesFile, inline, error);
    }
  }

  /**
   * Walks an Operation: {@code name}, {@code done}, {@code metadata} (state, model, batchStats, output)
   * and {@code response} (output). Inline results are decoded only when {@code sink} is given, and only
   * once (they may appear both under metadata.output and response).
   */
  private void readOperation(JsonParser p, JobBuilder j, @Nullable String model, @Nullable Consumer<Result> sink)
      throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "name" -> j.name = p.getValueAsString("");
        case "done" -> j.done = p.getValueAsBoolean();
        case "error" -> j.error = readStatus(p).message;
        case "metadata" -> readObject(p, (f, q) -> {
          switch (f) {
            case "state" -> j.state = q.getValueAsString("");
            case "model" -> j.model = q.getValueAsString("");
            case "batchStats" -> readObject(q, (s, r) -> {
              long v = r.getValueAsLong();
              switch (s) {
                case "requestCount" -> j.requests = v;
                case "successfulRequestCount" -> j.succeeded = v;
                case "failedRequestCount" -> j.failed = v;
                case "pendingRequestCount" -> j.pending = v;
                default -> r.skipChildren();
              }
            });
            case "output" -> readOutput(q, j, model, sink);
            default -> q.skipChildren();
          }
        });
        case "response" -> readOutput(p, j, model, sink);
        default -> p.skipChildren();
      }
    }
  }

  private void readOutput(JsonParser p, JobBuilder j, @Nullable String model, @Nullable Consumer<Result> sink)
      throws IOException {
    readObject(p, (f, q) -> {
      switch (f) {
        case "responsesFile" -> j.responsesFile = q.getValueAsString();
        case "inlinedResponses" -> {
          j.inline = true;
          if (sink == null || j.resultsRead) {
            q.skipChildren();
          } else {
            j.resultsRead = true;
            readObject(q, (g, r) -> {
              if (g.equals("inlinedResponses") && r.currentToken() == JsonToken.START_ARRAY) {
                while (r.nextToken() == JsonToken.START_OBJECT) {
                  sink.accept(readResultObject(r, "#" + j.inlineIndex++, model));
                }
              } else {
                r.skipChildren();
              }
            });
          }
        }
        default -> q.skipChildren();
      }
    });
  }

  /** Reads {@code {"key"|"metadata":{"key"}, "response"|"error"}}; the parser stands on its START_OBJECT. */
  private Result readResultObject(JsonParser p, String fallbackKey, @Nullable String model) throws IOException {
    String[] key = {null};
    ProviderResponse[] response = {null};
    DarkroomException[] error = {null};
    readObject(p, (f, q) -> {
      switch (f) {
        case "key" -> key[0] = q.getValueAsString();
        case "metadata" -> readObject(q, (g, r) -> {
          if (g.equals("key")) {
            key[0] = r.getValueAsString();
          } else {
            r.skipChildren();
          }
        });
        case "response" -> response[0] = GeminiClient.classify(reader.readEmbedded(q));
        case "error", "status" -> {
          Status s = readStatus(q);
          error[0] = GeminiErrors.map(s.code == 0 ? 500 : httpCode(s), s.json(), Optional.empty(),
              model == null ? "the batch" : model, redactor);
        }
        default -> q.skipChildren();
      }
    });
    String k = key[0] != null ? key[0] : fallbackKey;
    if (response[0] == null && error[0] == null) {
      error[0] = new MalformedResponseException("the batch result for " + k + " has neither a response nor an error",
          null, Details.none());
    }
    return new Result(k, response[0], error[0]);
  }

  private void readResultLines(InputStream in, String model, Consumer<Result> sink) throws IOException {
    try (JsonParser p = json.createParser(in)) {
      int line = 0;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t != JsonToken.START_OBJECT) {
          throw new IOException("expected one JSON object per line, found " + t);
        }
        sink.accept(readResultObject(p, "line " + ++line, model));
      }
    }
  }

  /** google.rpc.Status; a gRPC code (e.g. 8) or an HTTP one (429) may appear in {@code code}. */
  private record Status(int code, String status, String message) {
    String json() {
      return "{\"error\":{\"code\":" + code + ",\"status\":" + GeminiProviderQuote.quote(status) + ",\"message\":"
          + GeminiProviderQuote.quote(message) + "}}";
    }
  }

  private static final Map<String, Integer> GRPC_TO_HTTP = Map.ofEntries(
      Map.entry("INVALID_ARGUMENT", 400), Map.entry("FAILED_PRECONDITION", 400), Map.entry("OUT_OF_RANGE", 400),
      Map.entry("UNAUTHENTICATED", 401), Map.entry("PERMISSION_DENIED", 403), Map.entry("NOT_FOUND", 404),
      Map.entry("ABORTED", 409), Map.entry("ALREADY_EXISTS", 409), Map.entry("RESOURCE_EXHAUSTED", 429),
      Map.entry("CANCELLED", 499), Map.entry("INTERNAL", 500), Map.entry("UNKNOWN", 500),
      Map.entry("UNAVAILABLE", 503), Map.entry("DEADLINE_EXCEEDED", 504));

  private static int httpCode(Status s) {
    if (s.code >= 100) {
      return s.code;
    }
    return GRPC_TO_HTTP.getOrDefault(s.status, 500);
  }

  private static Status readStatus(JsonParser p) throws IOException {
    int[] code = {0};
    String[] status = {""};
    String[] message = {""};
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return new Status(0, "", "");
    }
    readObject(p, (f, q) -> {
      switch (f) {
        case "code" -> code[0] = q.getValueAsInt();
        case "status" -> status[0] = q.getValueAsString("");
        case "message" -> message[0] = q.getValueAsString("");
        default -> q.skipChildren();
      }
    });
    return new Status(code[0], status[0], message[0]);
  }

  private interface FieldVisitor {
    void visit(String field, JsonParser p) throws IOException;
  }

  /** Visits each field of the object the parser stands on (skips anything that is not an object). */
  private static void readObject(JsonParser p, FieldVisitor visitor) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      visitor.visit(field, p);
    }
  }

  /** This client as the batch runner's provider-neutral {@link dev.darkroom.spi.BatchBackend}; closing it closes this client. */
  public dev.darkroom.spi.BatchBackend asBackend() {
    return new GeminiBatchBackend(this);
  }

  /** Releases the client's threads. Idempotent. */
  @Override
  public void close() {
    httpExecutor.shutdownNow();
  }

  /** Configures a {@link GeminiBatchClient}. */
  public static final class Builder {
    private @Nullable String apiKey;
    private String baseUrl = GeminiProvider.DEFAULT_BASE_URL;
    private Duration timeout = Duration.ofSeconds(300);
    private Sleeper sleeper = Sleeper.SYSTEM;
    private long inlineLimit = DEFAULT_INLINE_LIMIT_BYTES;
    private int chunkBytes = DEFAULT_UPLOAD_CHUNK_BYTES;
    private Duration pollInitial = Duration.ofSeconds(5);
    private Duration pollMax = Duration.ofSeconds(60);
    private int maxInputSide = 2048;

    private Builder() {}

    /** {@code GEMINI_API_KEY} (else {@code GOOGLE_API_KEY}) and {@code GOOGLE_GEMINI_BASE_URL}; blanks ignored. */
    public Builder env(Map<String, String> env) {
      for (String name : List.of("GOOGLE_API_KEY", "GEMINI_API_KEY")) {
        String v = env.get(name);
        if (v != null && !v.isBlank()) {
          apiKey = v.trim();
        }
      }
      String url = env.get("GOOGLE_GEMINI_BASE_URL");
      if (url != null && !url.isBlank()) {
        baseUrl(url.trim());
      }
      return this;
    }

    public Builder apiKey(@Nullable String apiKey) {
      this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
      return this;
    }

    public Builder baseUrl(String baseUrl) {
      if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
        throw new InvalidRequestException("invalid base URL '" + baseUrl + "': it must start with http:// or https://");
      }
      this.baseUrl = baseUrl;
      return this;
    }

    /** Deadline of each HTTP exchange (a large upload or download included); default 300 s. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** For tests: how polling waits. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** Submissions whose requests reach this many bytes of JSON go as an uploaded JSONL file; default 20 MB. */
    public Builder inlineLimitBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("inlineLimitBytes must not be negative, got " + bytes);
      }
      this.inlineLimit = bytes;
      return this;
    }

    /** Chunk size of resumable uploads; default 8 MiB. */
    public Builder uploadChunkBytes(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("uploadChunkBytes must be positive, got " + bytes);
      }
      this.chunkBytes = bytes;
      return this;
    }

    /** First and longest wait between polls of {@link #await}; defaults 5 s and 60 s. */
    public Builder pollInterval(Duration initial, Duration max) {
      this.pollInitial = Objects.requireNonNull(initial, "initial");
      this.pollMax = Objects.requireNonNull(max, "max");
      return this;
    }

    /** Reference images are downscaled to this longest side before sending; 0 sends them unchanged. Default 2048. */
    public Builder maxInputSide(int pixels) {
      this.maxInputSide = pixels;
      return this;
    }

    /**
     * @throws InvalidRequestException when no API key is set
     */
    public GeminiBatchClient build() {
      return new GeminiBatchClient(this);
    }
  }

  /** JSON string quoting shared by the hand-assembled bodies above. */
  static final class GeminiProviderQuote {
    private static final JsonFactory JSON = new JsonFactory();

    private GeminiProviderQuote() {}

    static String quote(String s) {
      java.io.StringWriter w = new java.io.StringWriter();
      try (JsonGenerator g = JSON.createGenerator(w)) {
        g.writeString(s);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return w.toString();
    }
  }
}
