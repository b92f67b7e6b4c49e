package dev.darkroom.openai;

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
import dev.darkroom.ModelCatalog;
import dev.darkroom.ServerException;
import dev.darkroom.Sleeper;
import dev.darkroom.TransportException;
import dev.darkroom.internal.http.BatchPoller;
import dev.darkroom.internal.http.HttpSupport;
import dev.darkroom.spi.Redactor;
import dev.darkroom.spi.PreparedInput;
import dev.darkroom.spi.ProviderCall;
import dev.darkroom.spi.ProviderResponse;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's Batch API for images: many {@code /v1/images/generations} or {@code /v1/images/edits}
 * requests submitted at once as a JSONL file and answered within 24 hours at half the standard price.
 * The batch lives at OpenAI ({@code batch_…}), so any later process can poll it, fetch its output and
 * error files, or cancel it.
 *
 * <pre>{@code
 * try (OpenAiBatchClient batches = OpenAiBatchClient.builder().env(System.getenv()).build()) {
 *   OpenAiBatchClient.Job job = batches.create("icons", List.of(new OpenAiBatchClient.Entry("fox", request)));
 *   job = batches.await(job.id(), j -> System.err.println(j.state()));
 *   batches.results(job, result -> ...);   // then DeferredResults.finish(...) saves each image
 * }
 * }</pre>
 *
 * <p>{@link #create} writes one line per entry ({@code {"custom_id":key,"method":"POST","url":…,"body":…}})
 * to a temporary file, uploads it with {@code POST /v1/files} ({@code purpose=batch}, multipart), and
 * creates the batch with {@code completion_window: "24h"}. A batch has one endpoint: entries without
 * reference images go to generations, entries with them to edits, whose JSON body carries the images
 * (and mask) as base64 {@code data:} URLs. The model, and the client's label, travel in the batch's
 * {@code metadata}.
 *
 * <p>Thread-safe. Polling waits through the injected {@link Sleeper}; transient failures while polling
 * (429, 5xx, connection resets) are retried with capped backoff, all others are thrown as Darkroom
 * exceptions. The API key travels only in the {@code Authorization: Bearer} header.
 */
public final class OpenAiBatchClient implements AutoCloseable {
  /** The endpoint of batches without reference images. */
  public static final String GENERATIONS = "/v1/images/generations";
  /** The endpoint of batches with reference images. */
  public static final String EDITS = "/v1/images/edits";
  /** OpenAI's limit of requests in one batch. */
  public static final int MAX_REQUESTS = 50_000;
  /** OpenAI's limit of a batch input file, in bytes. */
  public static final long MAX_INPUT_BYTES = 200L * 1024 * 1024;
  /** OpenAI's limit of one {@code image_url}, in characters. */
  public static final long MAX_DATA_URL = 20_971_520L;

  private static final Set<String> INPUT_TYPES = Set.of("image/png", "image/jpeg", "image/webp");
  private static final int MAX_ERROR_BODY = 64 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String baseUrl;
  private final String apiKey;
  private final @Nullable String organization;
  private final @Nullable String project;
  private final Duration timeout;
  private final Sleeper sleeper;
  private final Duration pollInitial;
  private final Duration pollMax;
  private final Redactor redactor;
  private final ExecutorService httpExecutor;
  private final HttpClient http;
  private final JsonFactory json;
  private final OpenAiRequestWriter writer;
  private final OpenAiResponseReader reader;
  private final DeferredResults inputs;
  private final List<String> currentModels;

  private OpenAiBatchClient(Builder b) {
    if (b.apiKey == null) {
      throw new InvalidRequestException("no OpenAI API key: set OPENAI_API_KEY, or the setting openai.apiKey;"
          + " create a key at https://platform.openai.com/api-keys");
    }
    this.baseUrl = b.baseUrl.endsWith("/") ? b.baseUrl.substring(0, b.baseUrl.length() - 1) : b.baseUrl;
    this.apiKey = b.apiKey;
    this.organization = b.organization;
    this.project = b.project;
    this.timeout = b.timeout;
    this.sleeper = b.sleeper;
    this.pollInitial = b.pollInitial;
    this.pollMax = b.pollMax;
    this.redactor = new Redactor(List.of(apiKey));
    this.httpExecutor = HttpSupport.httpExecutor("darkroom-openai-batch-http");
    this.http = HttpSupport.httpClient(Duration.ofSeconds(10), httpExecutor);
    this.json = HttpSupport.largeDocumentJson();
    this.writer = new OpenAiRequestWriter(json, () -> "darkroom-" + HexFormat.of().formatHex(bytes(12)));
    this.reader = new OpenAiResponseReader(json);
    this.inputs = new DeferredResults(b.maxInputSide, GenerationListener.NONE);
    this.currentModels = ModelCatalog.builtIn().currentIds(OpenAiProvider.ID);
  }

  public static Builder builder() {
    return new Builder();
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** One request of a batch; {@code key} comes back as the line's {@code custom_id}. */
  public record Entry(String key, ImageRequest request) {
    public Entry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(request, "request");
      if (request.count() != 1) {
        throw new IllegalArgumentException("a batch entry is one call; request.count() must be 1, got " + request.count());
      }
    }
  }

  /** A batch's lifecycle, from OpenAI's {@code status}. */
  public enum State {
    VALIDATING, FAILED, IN_PROGRESS, FINALIZING, COMPLETED, EXPIRED, CANCELLING, CANCELLED, UNKNOWN;

    /** Whether the batch will not change any more. */
    public boolean terminal() {
      return this == COMPLETED || this == FAILED || this == EXPIRED || this == CANCELLED;
    }

    /** The wire name, e.g. {@code in_progress}. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    static State parse(String wire) {
      try {
        return valueOf(wire.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return UNKNOWN;
      }
    }
  }

  /**
   * A batch as OpenAI last described it.
   *
   * @param id e.g. {@code batch_abc123}
   * @param endpoint {@link #GENERATIONS} or {@link #EDITS}
   * @param model the model of its requests, from the batch's metadata (empty when another client made it)
   * @param total requests in the batch (0 while validating)
   * @param outputFileId the JSONL of answered requests, once there is one
   * @param errorFileId the JSONL of failed or unexecuted requests, once there is one
   * @param error why the whole batch failed (its validation errors), when it did
   */
  public record Job(String id, State state, String endpoint, String model, long total, long completed, long failed,
      @Nullable String outputFileId, @Nullable String errorFileId, @Nullable String error) {

    /** Whether the batch has an output or error file to read results from (also after expiry or cancellation). */
    public boolean hasResults() {
      return state.terminal() && (outputFileId != null || errorFileId != null);
    }
  }

  /**
   * One request's outcome. Exactly one of {@code response} and {@code error} is present.
   *
   * @param key the entry's key (the line's {@code custom_id})
   * @param response the parsed answer, to be judged and saved by {@link DeferredResults#finish}
   * @param error the request's failure: its HTTP error, or the line's {@code error} (such as
   *     {@code batch_expired}, see {@link #notExecuted})
   * @param notExecuted true when OpenAI never ran the request (the batch expired or was cancelled first)
   */
  public record Result(String key, @Nullable ProviderResponse response, @Nullable DarkroomException error,
      boolean notExecuted) {}

  /** The endpoint a request goes to in a batch: edits when it has reference images. */
  public static String endpointOf(ImageRequest request) {
    return request.images().isEmpty() ? GENERATIONS : EDITS;
  }

  /**
   * Refuses, before anything is sent, a request the Batch API cannot carry: a model the model table
   * gives no batch price ({@link dev.darkroom.ModelInfo#supportsBatch}), or partial images (a batch does
   * not stream).
   *
   * @throws InvalidRequestException naming the problem
   */
  public static void check(ImageRequest request) {
    if (!request.model().supportsBatch()) {
      throw new InvalidRequestException("model " + request.model().id() + " is not offered through OpenAI's Batch API"
          + " (its model table entry has no batchDiscount); send it directly, not through a batch API");
    }
    if (OpenAiOptions.of(request).partialImages() > 0) {
      throw new InvalidRequestException("partial images stream, and OpenAI's Batch API does not stream;"
          + " drop partial_images (" + OpenAiOptions.of(request).partialImages() + ") or send the job directly");
    }
  }

  /**
   * Submits a batch: uploads the JSONL input file, then creates the batch. All entries must use the
   * same model and the same endpoint ({@link #endpointOf}). Reference images are loaded and sent inline.
   *
   * @param label stored in the batch's metadata ({@code darkroom_label}), e.g. a run id
   * @throws InvalidRequestException before anything is sent when entries are empty, mix models or
   *     endpoints, repeat a key, exceed OpenAI's limits, or an input cannot be loaded or is not
   *     PNG, JPEG or WebP; also when OpenAI rejects the file or the batch
   */
  public Job create(String label, List<Entry> entries) {
    if (entries.isEmpty()) {
      throw new InvalidRequestException("a batch needs at least one request");
    }
    if (entries.size() > MAX_REQUESTS) {
      throw new InvalidRequestException("an OpenAI batch holds at most " + MAX_REQUESTS + " requests, got "
          + entries.size() + "; split the job file");
    }
    ImageRequest first = entries.get(0).request();
    String model = first.model().id();
    String endpoint = endpointOf(first);
    Set<String> keys = new HashSet<>();
    for (Entry e : entries) {
      if (!e.request().model().id().equals(model)) {
        throw new InvalidRequestException("a batch uses one model; got " + model + " and " + e.request().model().id()
            + " (submit one batch per model)");
      }
      if (!endpointOf(e.request()).equals(endpoint)) {
        throw new InvalidRequestException("an OpenAI batch has one endpoint; generations and edits (requests with"
            + " reference images) go in separate batches");
      }
      if (!keys.add(e.key())) {
        throw new InvalidRequestException("batch key '" + e.key() + "' is used twice");
      }
      check(e.request());
    }
    Path file;
    try {
      file = Files.createTempFile("darkroom-openai-batch-", ".jsonl");
    } catch (IOException e) {
      throw new TransportException("cannot create a temporary file for the batch input (" + e.getMessage() + ")", e,
          Details.none());
    }
    try {
      writeInput(entries, endpoint, file);
      long size = Files.size(file);
      if (size > MAX_INPUT_BYTES) {
        throw new InvalidRequestException("the batch input file would be " + size / (1024 * 1024) + " MB; OpenAI takes"
            + " at most 200 MB: split the job file or use smaller reference images");
      }
      String fileId = upload(file, label + ".jsonl");
      byte[] body = createBody(fileId, endpoint, model, label);
      return send(request("/batches").header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)), model, this::readJob);
    } catch (IOException e) {
      throw new TransportException("cannot write the batch input file (" + e.getMessage() + ")", e, Details.none());
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a leftover temporary file is harmless
      }
    }
  }

  /** The batch's current state (results are not downloaded). */
  public Job get(String id) {
    return send(request("/batches/" + requireId(id)).GET(), "batch " + id, this::readJob);
  }

  /**
   * Polls until the batch is finished, waiting {@code 5 s}, then 1.5 times longer each poll up to
   * {@code 60 s} (see {@link Builder#pollInterval}). Transient failures are retried.
   *
   * @param onPoll told each state seen, including the last
   */
  public Job await(String id, Consumer<Job> onPoll) {
    return new BatchPoller(pollInitial, pollMax, sleeper).await(() -> get(id), j -> j.state().terminal(), onPoll);
  }

  /** Asks OpenAI to cancel the batch; it goes {@code cancelling}, then {@code cancelled} with partial results. */
  public Job cancel(String id) {
    return send(request("/batches/" + requireId(id) + "/cancel").POST(HttpRequest.BodyPublishers.noBody()),
        "batch " + id, this::readJob);
  }

  /**
   * Streams a finished batch's results, output file first, then error file, one line at a time and
   * never all in memory at once.
   *
   * @throws IllegalStateException when the batch has no results ({@link Job#hasResults()})
   */
  public void results(Job job, Consumer<Result> sink) {
    if (!job.hasResults()) {
      throw new IllegalStateException("batch " + job.id() + " is " + job.state().wire() + " and has no output file");
    }
    String model = job.model().isEmpty() ? "the batch" : job.model();
    for (String fileId : new String[] {job.outputFileId(), job.errorFileId()}) {
      if (fileId != null) {
        send(request("/files/" + requireId(fileId) + "/content").GET(), "file " + fileId, in -> {
          readLines(in, model, sink);
          return null;
        });
      }
    }
  }

  // ---- input ----

  private void writeInput(List<Entry> entries, String endpoint, Path file) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 256 * 1024)) {
      for (Entry e : entries) {
        List<PreparedInput> prepared = inputs.prepare(e.request());
        for (PreparedInput in : prepared) {
          if (!INPUT_TYPES.contains(in.mimeType())) {
            throw new InvalidRequestException("OpenAI accepts PNG, JPEG and WebP images, but " + in.source() + " is "
                + in.mimeType() + "; convert it first");
          }
          if (OpenAiRequestWriter.dataUrlLength(in) > MAX_DATA_URL) {
            throw new InvalidRequestException(in.source() + " is too large for a batch line (OpenAI takes image"
                + " data URLs up to 20 MB); lower --max-input-side or use a smaller image");
          }
        }
        PreparedInput mask = inputs.prepareMask(e.request(), prepared).orElse(null);
        ProviderCall call = new ProviderCall(e.request(), prepared, mask, 1, timeout, s -> {},
            ProviderCall.PartialSink.NONE);
        out.write(("{\"custom_id\":" + quote(e.key()) + ",\"method\":\"POST\",\"url\":" + quote(endpoint)
            + ",\"body\":").getBytes(StandardCharsets.UTF_8));
        if (endpoint.equals(EDITS)) {
          writer.jsonEdit(call, out);
        } else {
          out.write(writer.json(call));
        }
        out.write("}\n".getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private String upload(Path file, String filename) {
    String boundary = "darkroom-" + HexFormat.of().formatHex(bytes(12));
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
        + filename.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A")
        + "\"\r\nContent-Type: application/jsonl\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    HttpRequest.BodyPublisher body;
    try {
      body = HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
          HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofByteArray(tail));
    } catch (java.io.FileNotFoundException e) {
      throw new UncheckedIOException(e);
    }
    return send(request("/files").header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(body),
        "the Files API", this::readFileId);
  }

  private byte[] createBody(String fileId, String endpoint, String model, String label) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = json.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("input_file_id", fileId);
      g.writeStringField("endpoint", endpoint);
      g.writeStringField("completion_window", "24h");
      g.writeObjectFieldStart("metadata");
      g.writeStringField("darkroom_model", model);
      g.writeStringField("darkroom_label", label.length() > 512 ? label.substring(0, 512) : label);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString().getBytes(StandardCharsets.UTF_8);
  }

  // ---- wire ----

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create(baseUrl + path));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("invalid base URL '" + baseUrl + "': " + e.getMessage());
    }
    b.timeout(timeout).header("Authorization", "Bearer " + apiKey).header("Accept", "application/json");
    if (organization != null) {
      b.header("OpenAI-Organization", organization);
    }
    if (project != null) {
      b.header("OpenAI-Project", project);
    }
    return b;
  }

  private interface BodyReader<T> {
    T read(InputStream in) throws IOException;
  }

  private <T> T send(HttpRequest.Builder builder, String what, BodyReader<T> bodyReader) {
    try {
      HttpResponse<InputStream> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        if (response.statusCode() / 100 != 2) {
          String error = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
          DarkroomException mapped = OpenAiErrors.map(response.statusCode(), error, response.headers()::firstValue,
              what, currentModels, redactor);
          if (response.statusCode() == 404 && (what.startsWith("batch ") || what.startsWith("file "))) {
            throw new InvalidRequestException("OpenAI has no " + what + " (404); check the id and the base URL, and"
                + " that the key belongs to the project that made it", null,
                Details.http(404, mapped.vendorStatus().orElse(null), redactor.redact(error)));
          }
          throw mapped;
        }
        return bodyReader.read(new BufferedInputStream(in, 64 * 1024));
      }
    } catch (IOException e) {
      if (e instanceof com.fasterxml.jackson.core.JsonProcessingException || e instanceof MalformedLine) {
        throw new MalformedResponseException("OpenAI sent a malformed Batch API answer ("
            + redactor.redact(String.valueOf(e.getMessage())) + ")", null, Details.none().retryable(true));
      }
      throw new TransportException("the connection to " + baseUrl + " failed (" + e.getClass().getSimpleName()
          + ": " + redactor.redact(String.valueOf(e.getMessage())) + "); check the network", e,
          Details.none().retryable(true));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while calling OpenAI's Batch API", e, Details.none());
    }
  }

  private static final class MalformedLine extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedLine(String message) {
      super(message);
    }
  }


  private String readFileId(InputStream in) throws IOException {
    String[] id = {null};
    try (JsonParser p = json.createParser(in)) {
      p.nextToken();
      readObject(p, (f, q) -> {
        if (f.equals("id")) {
          id[0] = q.getValueAsString();
        } else {
          q.skipChildren();
        }
      });
    }
    if (id[0] == null) {
      throw new MalformedLine("the file upload answer has no id");
    }
    return id[0];
  }

  private Job readJob(InputStream in) throws IOException {
    String[] s = {"", "", "", "", null, null, null};
    long[] counts = new long[3];
    StringBuilder errors = new StringBuilder();
    try (JsonParser p = json.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedLine("expected a batch object");
      }
      readObject(p, (f, q) -> {
        switch (f) {
          case "id" -> s[0] = q.getValueAsString("");
          case "status" -> s[1] = q.getValueAsString("");
          case "endpoint" -> s[2] = q.getValueAsString("");
          case "output_file_id" -> s[4] = q.getValueAsString();
          case "error_file_id" -> s[5] = q.getValueAsString();
          case "metadata" -> readObject(q, (g, r) -> {
            if (g.equals("darkroom_model")) {
              s[3] = r.getValueAsString("");
            } else {
              r.skipChildren();
            }
          });
          case "request_counts" -> readObject(q, (g, r) -> {
            switch (g) {
              case "total" -> counts[0] = r.getValueAsLong();
              case "completed" -> counts[1] = r.getValueAsLong();
              case "failed" -> counts[2] = r.getValueAsLong();
              default -> r.skipChildren();
            }
          });
          case "errors" -> readObject(q, (g, r) -> {
            if (g.equals("data") && r.currentToken() == JsonToken.START_ARRAY) {
              while (r.nextToken() == JsonToken.START_OBJECT) {
                String[] e = {"", "", ""};
                readObject(r, (h, t) -> {
                  switch (h) {
                    case "code" -> e[0] = t.getValueAsString("");
                    case "message" -> e[1] = t.getValueAsString("");
                    case "line" -> e[2] = t.getValueAsString("");
                    default -> t.skipChildren();
                  }
                });
                if (errors.length() > 0) {
                  errors.append("; ");
                }
                errors.append(e[2].isEmpty() ? "" : "line " + e[2] + ": ").append(e[0].isEmpty() ? "" : e[0] + ": ")
                    .append(e[1]);
              }
            } else {
              r.skipChildren();
            }
          });
          default -> q.skipChildren();
        }
      });
    }
    if (s[0].isEmpty()) {
      throw new MalformedLine("the batch object has no id");
    }
    return new Job(s[0], State.parse(s[1]), s[2], s[3], counts[0], counts[1], counts[2], s[4], s[5],
        errors.length() == 0 ? null : redactor.redact(errors.toString()));
  }

  private void readLines(InputStream in, String model, Consumer<Result> sink) throws IOException {
    try (JsonParser p = json.createParser(in)) {
      int line = 0;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        line++;
        if (t != JsonToken.START_OBJECT) {
          throw new MalformedLine("expected one JSON object per line, found " + t + " on line " + line);
        }
        sink.accept(readLine(p, "line " + line, model));
      }
    }
  }

  /** {@code {"id","custom_id","response":{"status_code","request_id","body"},"error":{"code","message"}|null}}. */
  private Result readLine(JsonParser p, String fallbackKey, String model) throws IOException {
    String[] key = {null};
    int[] status = {0};
    String[] requestId = {null};
    OpenAiResponseReader.Result[] body = {null};
    String[] lineError = {null, null};
    readObject(p, (f, q) -> {
      switch (f) {
        case "custom_id" -> key[0] = q.getValueAsString();
        case "response" -> readObject(q, (g, r) -> {
          switch (g) {
            case "status_code" -> status[0] = r.getValueAsInt();
            case "request_id" -> requestId[0] = r.getValueAsString();
            case "body" -> body[0] = reader.readEmbedded(r);
            default -> r.skipChildren();
          }
        });
        case "error" -> readObject(q, (g, r) -> {
          switch (g) {
            case "code" -> lineError[0] = r.getValueAsString();
            case "message" -> lineError[1] = r.getValueAsString();
            default -> r.skipChildren();
          }
        });
        default -> q.skipChildren();
      }
    });
    String k = key[0] != null ? key[0] : fallbackKey;
    if (lineError[0] != null || lineError[1] != null) {
      String code = lineError[0] == null ? "" : lineError[0];
      boolean notExecuted = code.equals("batch_expired") || code.equals("batch_cancelled");
      String message = redactor.redact(lineError[1] == null ? "" : lineError[1]);
      DarkroomException e = notExecuted
          ? new ServerException("OpenAI did not run this request (" + code + ": " + message + ")", null,
              Details.http(0, code, "").retryable(true))
          : OpenAiErrors.map(500, "{\"error\":{\"message\":" + quote(message) + ",\"type\":\"server_error\",\"param\":null,"
              + "\"code\":" + quote(code) + "}}", h -> Optional.empty(), model, currentModels, redactor);
      return new Result(k, null, e, notExecuted);
    }
    if (body[0] == null) {
      return new Result(k, null, new MalformedResponseException("the batch result for " + k
          + " has neither a response nor an error", null, Details.none()), false);
    }
    if (body[0].errorJson != null || status[0] / 100 != 2) {
      String error = body[0].errorJson != null ? body[0].errorJson : "{}";
      Map<String, String> headers = requestId[0] == null ? Map.of() : Map.of("x-request-id", requestId[0]);
      DarkroomException e = OpenAiErrors.map(status[0] == 0 || status[0] / 100 == 2 ? 500 : status[0], error,
          h -> Optional.ofNullable(headers.get(h.toLowerCase(Locale.ROOT))), model, currentModels, redactor);
      return new Result(k, null, e, false);
    }
    return new Result(k, OpenAiClient.toResponse(body[0], requestId[0]), null, false);
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

  private static String requireId(String id) {
    if (!id.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("not an OpenAI batch or file id: '" + id + "'");
    }
    return id;
  }

  private static String quote(String s) {
    return OpenAiResponseReader.quote(s);
  }

  /** This client as the batch runner's provider-neutral {@link dev.darkroom.spi.BatchBackend}; closing it closes this client. */
  public dev.darkroom.spi.BatchBackend asBackend() {
    return new OpenAiBatchBackend(this);
  }

  /** Releases the client's threads. Idempotent. */
  @Override
  public void close() {
    httpExecutor.shutdownNow();
  }

  /** Configures an {@link OpenAiBatchClient}. */
  public static final class Builder {
    private @Nullable String apiKey;
    private String baseUrl = OpenAiProvider.DEFAULT_BASE_URL;
    private @Nullable String organization;
    private @Nullable String project;
    private Duration timeout = Duration.ofSeconds(300);
    private Sleeper sleeper = Sleeper.SYSTEM;
    private Duration pollInitial = Duration.ofSeconds(5);
    private Duration pollMax = Duration.ofSeconds(60);
    private int maxInputSide = 2048;

    private Builder() {}

    /** {@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL}, {@code OPENAI_ORG_ID}, {@code OPENAI_PROJECT_ID}; blanks ignored. */
    public Builder env(Map<String, String> env) {
      apiKey(env.get("OPENAI_API_KEY") == null ? apiKey : env.get("OPENAI_API_KEY"));
      String url = env.get("OPENAI_BASE_URL");
      if (url != null && !url.isBlank()) {
        baseUrl(url.trim());
      }
      String org = env.get("OPENAI_ORG_ID");
      if (org != null && !org.isBlank()) {
        organization = org.trim();
      }
      String proj = env.get("OPENAI_PROJECT_ID");
      if (proj != null && !proj.isBlank()) {
        project = proj.trim();
      }
      return this;
    }

    public Builder apiKey(@Nullable String apiKey) {
      this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
      return this;
    }

    /** Including the API version, e.g. {@code https://api.openai.com/v1} (the default). */
    public Builder baseUrl(String baseUrl) {
      if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
        throw new InvalidRequestException("invalid base URL '" + baseUrl + "': it must start with http:// or https://");
      }
      this.baseUrl = baseUrl;
      return this;
    }

    /** Sent as {@code OpenAI-Organization}; null for none. */
    public Builder organization(@Nullable String organization) {
      this.organization = organization == null || organization.isBlank() ? null : organization.trim();
      return this;
    }

    /** Sent as {@code OpenAI-Project}; null for none. */
    public Builder project(@Nullable String project) {
      this.project = project == null || project.isBlank() ? null : project.trim();
      return this;
    }

    /** Deadline of each HTTP exchange (the upload and downloads included); default 300 s. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** For tests: how polling waits. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
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
    public OpenAiBatchClient build() {
      return new OpenAiBatchClient(this);
    }
  }
}
