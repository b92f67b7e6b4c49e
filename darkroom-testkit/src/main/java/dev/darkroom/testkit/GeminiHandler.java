package dev.darkroom.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.testkit.internal.ApiError;
import dev.darkroom.testkit.internal.Errors;
import dev.darkroom.testkit.internal.GenerateRequest;
import dev.darkroom.testkit.internal.GenerateRequestReader;
import dev.darkroom.testkit.internal.Generation;
import dev.darkroom.testkit.internal.GridSpec;
import dev.darkroom.testkit.internal.HttpHandler;
import dev.darkroom.testkit.internal.HttpRequestData;
import dev.darkroom.testkit.internal.Json;
import dev.darkroom.testkit.internal.ModelCatalog;
import dev.darkroom.testkit.internal.ModelSpec;
import dev.darkroom.testkit.internal.RequestValidator;
import dev.darkroom.testkit.internal.ResponseFactory;
import dev.darkroom.testkit.internal.ResponseShape;
import dev.darkroom.testkit.internal.ResponseSink;
import dev.darkroom.testkit.internal.SignatureCheck;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes Batch and Files API requests to {@link FakeBatches}, and answers generate requests in this order: record, route (unknown path: Google's HTML 404),
 * API key, next scripted {@link FakeReply}, rate limit, model lookup, body parsing, validation,
 * latency, generation.
 */
final class GeminiHandler implements HttpHandler {
  private static final Pattern GENERATE_PATH = Pattern.compile(
      "/v1beta/models/(?:models/)?([^/:]+):(generateContent|streamGenerateContent)");
  /** Vertex AI: {@code /v1/projects/{p}/locations/{l}/publishers/google/models/{m}:…}, or express mode without the project. */
  private static final Pattern VERTEX_PATH = Pattern.compile(
      "/v1(?:beta1)?(?:/projects/([^/]+)/locations/([^/]+))?/publishers/google/models/([^/:]+):(generateContent|streamGenerateContent)");
  private static final String JSON = "application/json; charset=UTF-8";

  private final FakeGemini server;
  private final ResponseFactory responses;
  private final FakeBatches batches;

  GeminiHandler(FakeGemini server, ResponseFactory responses) {
    this.server = server;
    this.responses = responses;
    this.batches = new FakeBatches(server, responses);
  }

  FakeBatches batches() {
    return batches;
  }

  /** A generate route; {@code vertex} for Vertex AI paths, {@code project} null in express mode. */
  private record Route(String model, boolean stream, boolean sse, boolean vertex, String project, String location) {
    Route(String model, boolean stream, boolean sse) {
      this(model, stream, sse, false, "", "");
    }
  }

  @Override
  public void handle(HttpRequestData request, ResponseSink sink) throws IOException {
    server.record(request);
    if (FakeBatches.handles(request)) {
      batches.handle(request, sink);
      return;
    }
    if ("GET".equals(request.method()) && request.path().equals("/v1beta/models")) {
      try {
        checkApiKey(request);
        sink.send(200, JSON, Json.bytes(modelList(request.query())), Map.of());
      } catch (ApiError error) {
        sendError(sink, error);
      }
      return;
    }
    Optional<Route> route = route(request);
    if (route.isEmpty()) {
      sendHtml(sink, 404, request.path());
      return;
    }
    try {
      if (route.get().vertex()) {
        checkVertexAuth(route.get(), request);
      } else {
        checkApiKey(request);
      }
      Optional<FakeReply> scripted = server.nextScriptedReply();
      if (scripted.isPresent()) {
        answerScripted(scripted.get(), route.get(), request, sink);
      } else {
        send(sink, route.get(), generate(route.get(), request, Optional.empty()));
      }
    } catch (ApiError error) {
      if (route.get().vertex() && error.code() == 404) {
        error = VertexErrors.modelNotFound(route.get().project(), route.get().location(), route.get().model());
      }
      sendError(sink, error);
    } catch (RuntimeException bug) {
      // A defect in the fake itself: answer like Google's 500 so the test sees it, with the cause.
      sendError(sink, new ApiError(500, "INTERNAL",
          "Internal error in darkroom-testkit FakeGemini: " + bug));
    }
  }

  private static Optional<Route> route(HttpRequestData request) {
    String path;
    try {
      path = URI.create(request.target()).getPath();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Matcher v = VERTEX_PATH.matcher(path == null ? "" : path);
    if ("POST".equals(request.method()) && v.matches()) {
      boolean stream = v.group(4).equals("streamGenerateContent");
      boolean sse = List.of(request.query().split("&")).contains("alt=sse");
      return Optional.of(new Route(v.group(3), stream, stream && sse, true, v.group(1), v.group(2)));
    }
    Matcher m = GENERATE_PATH.matcher(path == null ? "" : path);
    if (!"POST".equals(request.method()) || !m.matches()) {
      return Optional.empty();
    }
    boolean stream = m.group(2).equals("streamGenerateContent");
    boolean sse = List.of(request.query().split("&")).contains("alt=sse");
    return Optional.of(new Route(m.group(1), stream, stream && sse));
  }

  /** Bearer token for project paths, API key for express mode; then the project must be the fake's. */
  private void checkVertexAuth(Route route, HttpRequestData request) {
    if (route.project() == null) {
      if (!request.header("x-goog-api-key").map(server.currentApiKey()::equals).orElse(false)) {
        throw VertexErrors.invalidApiKey();
      }
      return;
    }
    String auth = request.header("Authorization").orElse("");
    if (!auth.startsWith("Bearer ") || !server.vertexTokenAccepted(auth.substring(7))) {
      throw VertexErrors.unauthenticated();
    }
    if (!route.project().equals(server.vertexProject())) {
      throw VertexErrors.permissionDenied(route.project(), route.location(), route.model());
    }
  }

  /**
   * One page of {@code models.list}: {@code {"models":[{name, version, displayName, description,
   * inputTokenLimit, outputTokenLimit, supportedGenerationMethods}], "nextPageToken"}}, the token absent on
   * the last page. {@code pageSize} defaults to 50 and is capped at 1000, as Google documents (or at
   * {@link FakeGemini#modelsPageLimit}); the token
   * is the offset of the next page.
   */
  private com.fasterxml.jackson.databind.node.ObjectNode modelList(String query) {
    int pageSize = 50;
    int offset = 0;
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String value = java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      try {
        if (pair.startsWith("pageSize=")) {
          pageSize = Math.max(1, Math.min(server.modelsPageLimit(), Integer.parseInt(value)));
        } else if (pair.startsWith("pageToken=")) {
          offset = Integer.parseInt(value.substring("offset-".length()));
        }
      } catch (NumberFormatException | IndexOutOfBoundsException e) {
        throw new ApiError(400, "INVALID_ARGUMENT", "Invalid value for " + pair.substring(0, eq) + ": " + value);
      }
    }
    pageSize = Math.min(pageSize, server.modelsPageLimit());
    List<String> ids = server.listedModels();
    com.fasterxml.jackson.databind.node.ObjectNode page = Json.object();
    com.fasterxml.jackson.databind.node.ArrayNode models = page.putArray("models");
    for (int i = offset; i < Math.min(ids.size(), offset + pageSize); i++) {
      String id = ids.get(i);
      com.fasterxml.jackson.databind.node.ObjectNode m = models.addObject();
      m.put("name", "models/" + id);
      m.put("version", "001");
      m.put("displayName", id);
      m.put("description", "Served by darkroom-testkit FakeGemini.");
      m.put("inputTokenLimit", id.contains("image") ? 65536 : 1048576);
      m.put("outputTokenLimit", id.contains("image") ? 32768 : 65536);
      com.fasterxml.jackson.databind.node.ArrayNode methods = m.putArray("supportedGenerationMethods");
      if (id.startsWith("gemini-embedding")) {
        methods.add("embedContent");
      } else {
        methods.add("generateContent").add("countTokens").add("batchGenerateContent");
      }
    }
    if (offset + pageSize < ids.size()) {
      page.put("nextPageToken", "offset-" + (offset + pageSize));
    }
    return page;
  }

  private void checkApiKey(HttpRequestData request) {
    Optional<String> key = request.header("x-goog-api-key");
    if (key.isEmpty() || key.get().isEmpty()) {
      throw Errors.missingApiKey();
    }
    if (!key.get().equals(server.currentApiKey())) {
      throw Errors.invalidApiKey();
    }
  }

  /** The normal pipeline after the scripted-reply step. */
  private ResponseShape generate(Route route, HttpRequestData request, Optional<GridSpec> grid)
      throws IOException {
    Optional<Duration> retryIn = server.rateLimiter().tryAcquire();
    if (retryIn.isPresent()) {
      throw Errors.quotaExceeded(route.model(), Errors.PER_MINUTE_QUOTA,
          server.rateLimiter().perMinute(), retryIn.get(), Map.of());
    }
    ModelSpec model = ModelCatalog.find(route.model())
        .orElseThrow(() -> Errors.modelNotFound(route.model()));
    GenerateRequest parsed = GenerateRequestReader.read(request.body());
    if (model.gemini3Family() && server.requiresThoughtSignatures()) {
      SignatureCheck.check(parsed, server.signatures());
    }
    Generation generation = RequestValidator.validate(model, parsed);
    if (grid.isPresent()) {
      generation = generation.withGrid(grid.get());
    }
    pause(server.currentLatency());
    return responses.success(generation);
  }

  private void answerScripted(FakeReply reply, Route route, HttpRequestData request,
      ResponseSink sink) throws IOException {
    switch (reply.kind) {
      case RATE_LIMITED:
        throw Errors.quotaExceeded(route.model(), Errors.PER_MINUTE_QUOTA, 10, reply.duration,
            Map.of());
      case DAILY_QUOTA:
        throw Errors.quotaExceeded(route.model(), Errors.PER_DAY_QUOTA, 250, reply.duration,
            Map.of());
      case RETRY_AFTER_HEADER:
        throw Errors.quotaExceeded(route.model(), Errors.PER_MINUTE_QUOTA, 10, null,
            Map.of("Retry-After", Long.toString(reply.duration.getSeconds())));
      case STATUS:
        throw new ApiError(reply.code, reply.status, reply.text);
      case CONNECTION_RESET:
        sink.reset();
        return;
      case TRUNCATED_BODY:
        sendTruncated(sink, route, request);
        return;
      case MALFORMED_JSON:
        sendMalformed(sink, route);
        return;
      case HTML:
        sendHtml(sink, reply.code, request.path());
        return;
      case DELAY:
        pause(reply.duration);
        send(sink, route, generate(route, request, Optional.empty()));
        return;
      case GRID:
        send(sink, route, generate(route, request, Optional.of(reply.grid)));
        return;
      case IMAGE_SAFETY:
        send(sink, route, responses.finishedWithoutParts(route.model(), promptTokens(route,
            request), "IMAGE_SAFETY"));
        return;
      case NO_IMAGE:
        send(sink, route, responses.finishedWithoutParts(route.model(), promptTokens(route,
            request), "NO_IMAGE"));
        return;
      case PROMPT_BLOCKED:
        send(sink, route, responses.promptBlocked(route.model(), promptTokens(route, request),
            reply.text));
        return;
      case TEXT_ONLY:
        send(sink, route, responses.textOnly(route.model(), promptTokens(route, request),
            reply.text));
        return;
      case RAW_JSON:
        sendRaw(sink, route, reply.code, reply.body);
        return;
      default:
        throw new IllegalStateException("Unhandled reply " + reply);
    }
  }

  /** Prompt tokens for scripted content outcomes; zero text tokens if the body is unreadable. */
  private static Generation.PromptTokens promptTokens(Route route, HttpRequestData request) {
    boolean gemini3 = ModelCatalog.find(route.model()).map(ModelSpec::gemini3Family)
        .orElse(false);
    try {
      return Generation.PromptTokens.of(GenerateRequestReader.read(request.body()), gemini3);
    } catch (ApiError unreadable) {
      return new Generation.PromptTokens(0, 0);
    }
  }

  private static void send(ResponseSink sink, Route route, ResponseShape shape)
      throws IOException {
    if (route.sse()) {
      OutputStream out = sink.beginUntilClose(200, "text/event-stream");
      for (ObjectNode event : shape.toSseEvents()) {
        out.write(ResponseShape.sseFrames(List.of(event)));
        out.flush();
      }
    } else if (route.stream()) {
      sink.send(200, JSON, Json.bytes(Json.NODES.arrayNode().addAll(shape.toSseEvents())),
          Map.of());
    } else {
      sink.send(200, JSON, Json.bytes(shape.toJson()), Map.of());
    }
  }

  private void sendTruncated(ResponseSink sink, Route route, HttpRequestData request)
      throws IOException {
    ResponseShape shape = generate(route, request, Optional.empty());
    if (route.sse()) {
      byte[] frames = ResponseShape.sseFrames(shape.toSseEvents());
      int lastEventStart = lastEventStart(frames);
      OutputStream out = sink.beginUntilClose(200, "text/event-stream");
      out.write(frames, 0, lastEventStart + (frames.length - lastEventStart) / 2);
      out.flush();
    } else {
      byte[] body = route.stream()
          ? Json.bytes(Json.NODES.arrayNode().addAll(shape.toSseEvents()))
          : Json.bytes(shape.toJson());
      sink.sendTruncated(200, JSON, body, body.length / 2);
    }
  }

  private static int lastEventStart(byte[] frames) {
    byte[] marker = "\r\n\r\ndata: ".getBytes(StandardCharsets.US_ASCII);
    int last = 0;
    outer:
    for (int i = 0; i + marker.length <= frames.length; i++) {
      for (int j = 0; j < marker.length; j++) {
        if (frames[i + j] != marker[j]) {
          continue outer;
        }
      }
      last = i + 4;
    }
    return last;
  }

  private static void sendMalformed(ResponseSink sink, Route route) throws IOException {
    String broken = "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Here is your im";
    if (route.sse()) {
      OutputStream out = sink.beginUntilClose(200, "text/event-stream");
      out.write(("data: " + broken + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } else {
      sink.send(200, JSON, broken.getBytes(StandardCharsets.UTF_8), Map.of());
    }
  }

  private static void sendRaw(ResponseSink sink, Route route, int status, byte[] body)
      throws IOException {
    if (route.sse() && status == 200) {
      byte[] line = body;
      try {
        JsonNode parsed = Json.MAPPER.readTree(body);
        line = Json.bytes(parsed);
      } catch (IOException notJson) {
        // send as given
      }
      OutputStream out = sink.beginUntilClose(200, "text/event-stream");
      out.write("data: ".getBytes(StandardCharsets.US_ASCII));
      out.write(line);
      out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } else {
      sink.send(status, JSON, body, Map.of());
    }
  }

  private static void sendError(ResponseSink sink, ApiError error) throws IOException {
    sink.send(error.code(), JSON, Json.bytes(error.body()), error.headers());
  }

  private static void sendHtml(ResponseSink sink, int code, String path) throws IOException {
    String page = "<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n"
        + "  <title>Error " + code + " (Server Error)!!1</title>\n"
        + "  <p><b>" + code + ".</b> <ins>That\u2019s an error.</ins>\n"
        + "  <p>The server encountered an error and could not complete your request to "
        + path.replace("<", "&lt;") + ". <ins>That\u2019s all we know.</ins>\n";
    sink.send(code, "text/html; charset=UTF-8", page.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private static void pause(Duration duration) throws IOException {
    if (duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Fake server closing");
    }
  }
}
