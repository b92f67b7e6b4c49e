package dev.darkroom.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.testkit.internal.HttpHandler;
import dev.darkroom.testkit.internal.HttpRequestData;
import dev.darkroom.testkit.internal.ImageProbe;
import dev.darkroom.testkit.internal.ImageRenderer;
import dev.darkroom.testkit.internal.Json;
import dev.darkroom.testkit.internal.OpenAiModels;
import dev.darkroom.testkit.internal.ResponseSink;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;

/**
 * Answers Images API requests in this order: record, route (unknown path: OpenAI's 404 "Invalid
 * URL"), API key, next scripted {@link FakeOpenAiReply}, model lookup, body parsing (JSON or
 * multipart), validation, latency, generation (JSON or SSE).
 */
final class OpenAiHandler implements HttpHandler {
  private static final String JSON = "application/json";
  private static final Set<String> GENERATION_FIELDS = Set.of("model", "prompt", "n", "size", "quality",
      "background", "output_format", "output_compression", "moderation", "partial_images", "stream",
      "safety_identifier", "user");
  private static final Set<String> EDIT_FIELDS = Set.of("image", "image[]", "mask", "input_fidelity");
  private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/webp");
  private static final long MAX_IMAGE = 50L * 1024 * 1024;
  private static final long MAX_MASK = 4L * 1024 * 1024;

  private final FakeOpenAI server;
  private final FakeOpenAiBatches batches;

  OpenAiHandler(FakeOpenAI server) {
    this.server = server;
    this.batches = new FakeOpenAiBatches(server, this);
  }

  FakeOpenAiBatches batches() {
    return batches;
  }

  /** An error in OpenAI's shape. */
  static final class OpenAiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final transient ObjectNode body;
    final transient Map<String, String> headers;

    OpenAiError(int status, String type, String param, String code, String message) {
      this(status, body(type, param, code, message), Map.of());
    }

    OpenAiError(int status, ObjectNode body, Map<String, String> headers) {
      super(body.path("error").path("message").asText(), null, false, false);
      this.status = status;
      this.body = body;
      this.headers = Map.copyOf(headers);
    }

    static ObjectNode body(String type, String param, String code, String message) {
      ObjectNode root = Json.object();
      ObjectNode e = root.putObject("error");
      e.put("message", message);
      e.put("type", type);
      e.put("param", param);
      e.put("code", code);
      return root;
    }

    static OpenAiError invalid(String param, String message) {
      return new OpenAiError(400, "invalid_request_error", param, null, message);
    }
  }

  /** A parsed request. */
  private static final class Call {
    boolean edit;
    String model;
    String prompt;
    int n = 1;
    String size = "auto";
    String quality = "auto";
    String background = "auto";
    String format = "png";
    Integer compression;
    int partials;
    boolean stream;
    final List<MultipartForm.Part> images = new ArrayList<>();
    MultipartForm.Part mask;
    String inputFidelity;
    String safetyIdentifier;
  }

  @Override
  public void handle(HttpRequestData request, ResponseSink sink) throws IOException {
    server.record(request);
    String path = request.path();
    if (FakeOpenAiBatches.handles(path)) {
      try {
        checkApiKey(request);
        batches.handle(request, sink);
      } catch (OpenAiError error) {
        send(sink, error);
      } catch (RuntimeException bug) {
        send(sink, new OpenAiError(500, "server_error", null, null,
            "Internal error in darkroom-testkit FakeOpenAI batches: " + bug));
      }
      return;
    }
    if ("GET".equals(request.method()) && path.equals("/v1/models")) {
      try {
        checkApiKey(request);
        sink.send(200, JSON, Json.bytes(modelList()), Map.of());
      } catch (OpenAiError error) {
        send(sink, error);
      }
      return;
    }
    boolean edit = path.equals("/v1/images/edits");
    if (!"POST".equals(request.method()) || !(edit || path.equals("/v1/images/generations"))) {
      send(sink, new OpenAiError(404, "invalid_request_error", null, null,
          "Invalid URL (" + request.method() + " " + path + ")"));
      return;
    }
    try {
      checkApiKey(request);
      Optional<FakeOpenAiReply> scripted = server.nextScriptedReply();
      if (scripted.isPresent()) {
        answerScripted(scripted.get(), edit, request, sink);
      } else {
        deliver(sink, answer(parse(edit, request), null));
      }
    } catch (OpenAiError error) {
      send(sink, error);
    } catch (RuntimeException bug) {
      send(sink, new OpenAiError(500, "server_error", null, null,
          "Internal error in darkroom-testkit FakeOpenAI: " + bug));
    }
  }

  /** {@code GET /v1/models}: {@code {"object":"list","data":[{id, object:"model", created, owned_by}]}}, one page. */
  private ObjectNode modelList() {
    ObjectNode list = Json.object();
    list.put("object", "list");
    com.fasterxml.jackson.databind.node.ArrayNode data = list.putArray("data");
    for (String id : server.listedModels()) {
      ObjectNode m = data.addObject();
      m.put("id", id);
      m.put("object", "model");
      m.put("created", 1_745_000_000L);
      m.put("owned_by", "system");
    }
    return list;
  }

  private void checkApiKey(HttpRequestData request) {
    String auth = request.header("Authorization").orElse("");
    if (!auth.startsWith("Bearer ") || auth.length() == "Bearer ".length()) {
      throw new OpenAiError(401, "invalid_request_error", null, null,
          "You didn't provide an API key. You need to provide your API key in an Authorization header using"
              + " Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username)"
              + " if you're accessing the API from your browser and are prompted for a username and password."
              + " You can obtain an API key from https://platform.openai.com/account/api-keys.");
    }
    String key = auth.substring("Bearer ".length());
    if (!key.equals(server.currentApiKey())) {
      String shown = key.length() <= 8 ? "****" : key.substring(0, 3) + "*".repeat(8) + key.substring(key.length() - 4);
      throw new OpenAiError(401, "invalid_request_error", null, "invalid_api_key",
          "Incorrect API key provided: " + shown + ". You can find your API key at"
              + " https://platform.openai.com/account/api-keys.");
    }
  }

  // ---- parsing and validation ----

  private Call parse(boolean edit, HttpRequestData request) {
    String type = request.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    Call c = new Call();
    c.edit = edit;
    Map<String, String> fields = new LinkedHashMap<>();
    if (type.startsWith("multipart/form-data")) {
      MultipartForm form;
      try {
        form = MultipartForm.parse(request.header("Content-Type").get(), request.body());
      } catch (IllegalArgumentException e) {
        throw OpenAiError.invalid(null, "Could not parse multipart form: " + e.getMessage());
      }
      for (MultipartForm.Part p : form.parts()) {
        if (p.name().equals("image") || p.name().equals("image[]")) {
          c.images.add(p);
        } else if (p.name().equals("mask")) {
          c.mask = p;
        } else {
          fields.put(p.name(), p.text());
        }
      }
      if (!edit) {
        throw OpenAiError.invalid(null, "Invalid Content-Type header (multipart/form-data), expected application/json.");
      }
    } else if (type.startsWith("application/json")) {
      JsonNode body;
      try {
        body = Json.MAPPER.readTree(request.body());
      } catch (IOException e) {
        throw OpenAiError.invalid(null, "We could not parse the JSON body of your request. (HINT: This likely means"
            + " you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was"
            + " sent was not valid JSON.)");
      }
      if (body == null || !body.isObject()) {
        throw OpenAiError.invalid(null, "The request body must be a JSON object.");
      }
      if (edit) {
        readJsonImages(c, body);
      }
      body.fields().forEachRemaining(e -> {
        JsonNode v = e.getValue();
        if (edit && (e.getKey().equals("images") || e.getKey().equals("mask"))) {
          return;
        }
        if (v.isContainerNode()) {
          throw OpenAiError.invalid(e.getKey(), "Invalid type for '" + e.getKey() + "': expected a scalar.");
        }
        if (!v.isNull()) {
          fields.put(e.getKey(), v.asText());
        }
      });
      for (String numeric : List.of("n", "output_compression", "partial_images")) {
        if (body.has(numeric) && !body.get(numeric).isNull() && !body.get(numeric).isIntegralNumber()) {
          throw OpenAiError.invalid(numeric, "Invalid type for '" + numeric + "': expected an integer, but got "
              + body.get(numeric).getNodeType().name().toLowerCase(Locale.ROOT) + " instead.");
        }
      }
      if (body.has("stream") && !body.get("stream").isBoolean()) {
        throw OpenAiError.invalid("stream", "Invalid type for 'stream': expected a boolean.");
      }
    } else {
      throw OpenAiError.invalid(null, "Unsupported Content-Type '" + type + "'.");
    }
    for (String name : fields.keySet()) {
      if (!GENERATION_FIELDS.contains(name) && !(edit && EDIT_FIELDS.contains(name))) {
        throw new OpenAiError(400, "invalid_request_error", name, "unknown_parameter",
            "Unknown parameter: '" + name + "'.");
      }
    }
    c.model = fields.get("model");
    if (c.model == null || c.model.isEmpty()) {
      throw OpenAiError.invalid("model", "You must provide a model parameter.");
    }
    if (OpenAiModels.RETIRED.contains(c.model) || OpenAiModels.find(c.model).isEmpty()) {
      throw new OpenAiError(404, "invalid_request_error", "model", "model_not_found",
          "The model `" + c.model + "` does not exist or you do not have access to it.");
    }
    OpenAiModels.Model model = OpenAiModels.find(c.model).get();
    c.prompt = fields.get("prompt");
    if (c.prompt == null || c.prompt.isEmpty()) {
      throw OpenAiError.invalid("prompt", "Missing required parameter: 'prompt'.");
    }
    if (c.prompt.length() > 32_000) {
      throw OpenAiError.invalid("prompt", "Invalid 'prompt': string too long. Expected a string with maximum length"
          + " 32000, but got a string with length " + c.prompt.length() + " instead.");
    }
    c.n = integer(fields, "n", 1, 1, 10);
    c.size = fields.getOrDefault("size", "auto");
    OpenAiModels.sizeProblem(model, c.size).ifPresent(m -> {
      throw OpenAiError.invalid("size", m);
    });
    c.quality = oneOf(fields, "quality", "auto", model.qualities());
    c.background = oneOf(fields, "background", "auto", List.of("transparent", "opaque", "auto"));
    c.format = oneOf(fields, "output_format", "png", List.of("png", "jpeg", "webp", "gif", "svg"));
    if (c.format.equals("gif") || c.format.equals("svg")) {
      throw OpenAiError.invalid("output_format", "darkroom-testkit FakeOpenAI does not render " + c.format
          + " output (it needs preview access on the real service).");
    }
    if (fields.containsKey("output_compression")) {
      c.compression = integer(fields, "output_compression", 100, 0, 100);
    }
    oneOf(fields, "moderation", "auto", List.of("low", "auto"));
    c.partials = integer(fields, "partial_images", 0, 0, 3);
    String stream = fields.getOrDefault("stream", "false");
    if (!stream.equals("true") && !stream.equals("false")) {
      throw OpenAiError.invalid("stream", "Invalid value for 'stream': expected true or false.");
    }
    c.stream = stream.equals("true");
    if (c.background.equals("transparent") && c.format.equals("jpeg")) {
      throw OpenAiError.invalid("background",
          "Transparent background is not supported for output format 'jpeg'. Use 'png' or 'webp'.");
    }
    c.safetyIdentifier = fields.getOrDefault("safety_identifier", fields.get("user"));
    if (edit) {
      validateEdit(c, model, fields);
    }
    return c;
  }

  /** JSON edits: {@code images: [{image_url}]} and {@code mask: {image_url}}, base64 data URLs only. */
  private static void readJsonImages(Call c, JsonNode body) {
    JsonNode images = body.path("images");
    if (!images.isArray() || images.isEmpty()) {
      throw OpenAiError.invalid("images", "Missing required parameter: 'images'.");
    }
    for (int i = 0; i < images.size(); i++) {
      c.images.add(imageRef(images.get(i), "images[" + i + "]", "image[]"));
    }
    if (body.has("mask") && !body.get("mask").isNull()) {
      c.mask = imageRef(body.get("mask"), "mask", "mask");
    }
  }

  private static MultipartForm.Part imageRef(JsonNode ref, String param, String partName) {
    if (!ref.isObject() || ref.has("image_url") == ref.has("file_id") || ref.size() != 1) {
      throw OpenAiError.invalid(param, "Invalid '" + param + "': expected an object with exactly one of 'image_url'"
          + " or 'file_id'.");
    }
    if (ref.has("file_id")) {
      throw OpenAiError.invalid(param, "darkroom-testkit FakeOpenAI does not resolve 'file_id' images; send a"
          + " base64 data URL as 'image_url'.");
    }
    String url = ref.get("image_url").asText("");
    if (url.length() > 20_971_520) {
      throw OpenAiError.invalid(param + ".image_url", "Invalid '" + param + ".image_url': string too long. Expected a"
          + " string with maximum length 20971520, but got a string with length " + url.length() + " instead.");
    }
    int comma = url.indexOf(',');
    if (!url.startsWith("data:") || comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
      throw OpenAiError.invalid(param + ".image_url", "darkroom-testkit FakeOpenAI takes only base64 data URLs"
          + " (data:image/png;base64,...) as 'image_url', not remote URLs.");
    }
    String mime = url.substring("data:".length(), comma - ";base64".length()).toLowerCase(Locale.ROOT);
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(url.substring(comma + 1));
    } catch (IllegalArgumentException e) {
      throw OpenAiError.invalid(param + ".image_url", "Invalid base64 image data in '" + param + ".image_url'.");
    }
    return new MultipartForm.Part(partName, Optional.empty(), mime, bytes);
  }

  /**
   * Answers one Batch API line as the endpoint would answer it directly: scripted replies first (those
   * that are an HTTP error become the line's error; connection faults a 500), then validation and
   * generation. Never streams.
   *
   * @return the HTTP status and the JSON body
   */
  Map.Entry<Integer, ObjectNode> answerLine(String url, JsonNode body) {
    boolean edit = url.equals("/v1/images/edits");
    HttpRequestData request = new HttpRequestData("POST", url, "HTTP/1.1",
        Map.of("Content-Type", List.of(JSON)), Json.bytes(body), 0);
    try {
      Optional<FakeOpenAiReply> scripted = server.nextScriptedReply();
      if (scripted.isPresent()) {
        FakeOpenAiReply reply = scripted.get();
        switch (reply.kind) {
          case RATE_LIMITED, RETRY_AFTER_SECONDS, INSUFFICIENT_QUOTA, MODERATION_BLOCKED, ORG_NOT_VERIFIED, STATUS ->
              answerScripted(reply, edit, request, null);
          case NO_IMAGE -> {
            Call c = parse(edit, request);
            ObjectNode root = Json.object();
            root.put("created", System.currentTimeMillis() / 1000);
            root.putArray("data");
            root.set("usage", usage(Math.max(1, (c.prompt.length() + 3) / 4), 0, 0, true));
            return Map.entry(200, root);
          }
          case DELAY -> {
            // a batch line has no latency of its own
          }
          default -> throw new OpenAiError(500, "server_error", null, null,
              "The server had an error while processing your request. Sorry about that!");
        }
      }
      Call c = parse(edit, request);
      if (c.stream) {
        throw OpenAiError.invalid("stream", "Streaming is not supported in the Batch API.");
      }
      return Map.entry(200, (ObjectNode) Json.MAPPER.readTree(answer(c, null).json()));
    } catch (OpenAiError e) {
      return Map.entry(e.status, e.body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void validateEdit(Call c, OpenAiModels.Model model, Map<String, String> fields) {
    if (c.images.isEmpty()) {
      throw OpenAiError.invalid("image", "Missing required parameter: 'image'.");
    }
    if (c.images.size() > 16) {
      throw OpenAiError.invalid("image", "Too many images: at most 16 are allowed, got " + c.images.size() + ".");
    }
    for (MultipartForm.Part p : c.images) {
      String type = p.contentType().toLowerCase(Locale.ROOT);
      if (!IMAGE_TYPES.contains(type)) {
        throw OpenAiError.invalid(p.name(), "Invalid file '" + p.name() + "': unsupported mimetype ('" + type
            + "'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.");
      }
      if (p.body().length >= MAX_IMAGE) {
        throw OpenAiError.invalid(p.name(), "Invalid file '" + p.name() + "': each image must be smaller than 50MB.");
      }
      if (ImageProbe.dimensions(p.body()).isEmpty()) {
        throw OpenAiError.invalid(p.name(), "Invalid image file or mode for image " + p.filename().orElse("")
            + ", please check your image file.");
      }
    }
    if (c.mask != null) {
      if (!c.mask.contentType().equalsIgnoreCase("image/png")) {
        throw OpenAiError.invalid("mask", "Invalid file 'mask': the mask must be a PNG image.");
      }
      if (c.mask.body().length >= MAX_MASK) {
        throw OpenAiError.invalid("mask", "Invalid file 'mask': the mask must be smaller than 4MB.");
      }
      BufferedImage mask = decode(c.mask.body());
      if (mask == null || !mask.getColorModel().hasAlpha()) {
        throw OpenAiError.invalid("mask", "Invalid mask image: the mask must be a PNG with an alpha channel.");
      }
      Dimension first = ImageProbe.dimensions(c.images.get(0).body()).get();
      if (mask.getWidth() != first.width || mask.getHeight() != first.height) {
        throw OpenAiError.invalid("mask", "Invalid mask image: the mask must have the same dimensions as the image ("
            + first.width + "x" + first.height + "), got " + mask.getWidth() + "x" + mask.getHeight() + ".");
      }
    }
    c.inputFidelity = fields.get("input_fidelity");
    if (c.inputFidelity != null) {
      if (!model.inputFidelity()) {
        throw OpenAiError.invalid("input_fidelity", "input_fidelity is not supported for " + model.id() + ".");
      }
      if (!c.inputFidelity.equals("low") && !c.inputFidelity.equals("high")) {
        throw OpenAiError.invalid("input_fidelity", "Invalid value: '" + c.inputFidelity
            + "'. Supported values are: 'low' and 'high'.");
      }
    }
  }

  private static BufferedImage decode(byte[] bytes) {
    try {
      return ImageIO.read(new java.io.ByteArrayInputStream(bytes));
    } catch (IOException e) {
      return null;
    }
  }

  private static int integer(Map<String, String> fields, String name, int dflt, int min, int max) {
    String v = fields.get(name);
    if (v == null) {
      return dflt;
    }
    int i;
    try {
      i = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw OpenAiError.invalid(name, "Invalid type for '" + name + "': expected an integer, but got a string instead.");
    }
    if (i < min) {
      throw OpenAiError.invalid(name, "Invalid '" + name + "': integer below minimum value. Expected a value >= "
          + min + ", but got " + i + " instead.");
    }
    if (i > max) {
      throw OpenAiError.invalid(name, "Invalid '" + name + "': integer above maximum value. Expected a value <= "
          + max + ", but got " + i + " instead.");
    }
    return i;
  }

  private static String oneOf(Map<String, String> fields, String name, String dflt, List<String> allowed) {
    String v = fields.getOrDefault(name, dflt);
    if (!allowed.contains(v)) {
      throw OpenAiError.invalid(name, "Invalid value: '" + v + "'. Supported values are: "
          + String.join(", ", allowed.stream().map(a -> "'" + a + "'").toList()) + ".");
    }
    return v;
  }

  // ---- answers ----

  /** A successful answer: one JSON body, or SSE frames. */
  private record Answer(byte[] json, List<byte[]> frames, Map<String, String> headers) {
    boolean sse() {
      return json == null;
    }

    byte[] whole() {
      if (!sse()) {
        return json;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      frames.forEach(out::writeBytes);
      return out.toByteArray();
    }
  }

  private static void deliver(ResponseSink sink, Answer a) throws IOException {
    if (!a.sse()) {
      sink.send(200, JSON, a.json(), a.headers());
      return;
    }
    OutputStream out = sink.beginUntilClose(200, "text/event-stream; charset=utf-8");
    for (byte[] e : a.frames()) {
      out.write(e);
      out.flush();
    }
  }

  private Answer answer(Call c, FakeOpenAiReply streamError) throws IOException {
    pause(server.currentLatency());
    OpenAiModels.Model model = OpenAiModels.find(c.model).get();
    int[] wh = resolveSize(c);
    String quality = c.quality.equals("auto") ? "medium" : c.quality;
    String background = c.background.equals("transparent") ? "transparent" : "opaque";
    byte[] image = render(wh[0], wh[1], c.format, background.equals("transparent"));
    long textTokens = Math.max(1, (c.prompt.length() + 3) / 4);
    long imageTokens = 0;
    for (MultipartForm.Part p : c.images) {
      Dimension d = ImageProbe.dimensions(p.body()).get();
      imageTokens += OpenAiModels.inputImageTokens(d.width, d.height);
    }
    long perImage = OpenAiModels.outputTokens(model, quality, wh[0], wh[1]) + 100L * (c.stream ? c.partials : 0);
    String size = wh[0] + "x" + wh[1];
    Map<String, String> headers = Map.of("x-request-id", "req_" + HexFormat.of().formatHex(randomBytes(16)));
    if (!c.stream) {
      if (streamError != null) {
        throw new OpenAiError(500, streamError.type, null, streamError.errorCode, streamError.message);
      }
      ObjectNode root = Json.object();
      root.put("created", System.currentTimeMillis() / 1000);
      root.put("background", background);
      var data = root.putArray("data");
      for (int i = 0; i < c.n; i++) {
        data.addObject().put("b64_json", Base64.getEncoder().encodeToString(image));
      }
      root.put("output_format", c.format);
      root.put("quality", quality);
      root.put("size", size);
      root.set("usage", usage(textTokens, imageTokens, perImage * c.n, true));
      return new Answer(Json.bytes(root), List.of(), headers);
    }
    String prefix = c.edit ? "image_edit." : "image_generation.";
    List<byte[]> events = new ArrayList<>();
    for (int i = 0; i < c.n; i++) {
      for (int k = 0; k < c.partials; k++) {
        ObjectNode e = event(prefix + "partial_image", image, c, size);
        e.put("partial_image_index", k);
        events.add(frame(prefix + "partial_image", e));
      }
      if (streamError != null) {
        ObjectNode err = OpenAiError.body(streamError.type, null, streamError.errorCode, streamError.message);
        events.add(frame("error", err));
        break;
      }
      ObjectNode done = event(prefix + "completed", image, c, size);
      done.set("usage", usage(textTokens, imageTokens, perImage, false));
      if (c.safetyIdentifier != null) {
        done.put("safety_identifier", c.safetyIdentifier);
      }
      events.add(frame(prefix + "completed", done));
    }
    return new Answer(null, events, headers);
  }

  private static ObjectNode event(String type, byte[] image, Call c, String size) {
    ObjectNode e = Json.object();
    e.put("type", type);
    e.put("b64_json", Base64.getEncoder().encodeToString(image));
    e.put("created_at", System.currentTimeMillis() / 1000);
    e.put("size", c.size.equals("auto") ? "auto" : size);
    e.put("quality", c.quality);
    e.put("background", c.background);
    e.put("output_format", c.format);
    return e;
  }

  private static byte[] frame(String event, ObjectNode data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("event: " + event + "\ndata: ").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(Json.bytes(data));
    out.writeBytes("\n\n".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static ObjectNode usage(long text, long image, long output, boolean outputDetails) {
    ObjectNode u = Json.object();
    u.put("input_tokens", text + image);
    u.putObject("input_tokens_details").put("image_tokens", image).put("text_tokens", text);
    u.put("output_tokens", output);
    if (outputDetails) {
      u.putObject("output_tokens_details").put("image_tokens", output).put("text_tokens", 0);
    }
    u.put("total_tokens", text + image + output);
    return u;
  }

  /** {@code auto}: square for generations; for edits, the preset matching the first image's orientation. */
  private static int[] resolveSize(Call c) {
    if (!c.size.equals("auto")) {
      return OpenAiModels.parseSize(c.size);
    }
    if (c.edit) {
      Dimension d = ImageProbe.dimensions(c.images.get(0).body()).get();
      if (d.width * 10 > d.height * 12) {
        return new int[] {1536, 1024};
      }
      if (d.height * 10 > d.width * 12) {
        return new int[] {1024, 1536};
      }
    }
    return new int[] {1024, 1024};
  }

  /** PNG or JPEG bytes (WebP is answered with PNG bytes: the JDK cannot encode WebP). */
  private static byte[] render(int w, int h, String format, boolean transparent) {
    if (!transparent) {
      return ImageRenderer.render(w, h, format.equals("jpeg") ? "image/jpeg" : "image/png", Optional.empty());
    }
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(new Color(200, 40, 70));
      int d = Math.min(w, h) / 2;
      g.fillOval(w / 2 - d / 2, h / 2 - d / 2, d, d);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private void answerScripted(FakeOpenAiReply reply, boolean edit, HttpRequestData request, ResponseSink sink)
      throws IOException {
    String model = modelOf(request);
    switch (reply.kind) {
      case RATE_LIMITED -> {
        long ms = reply.duration.toMillis();
        throw new OpenAiError(429, OpenAiError.body("requests", null, "rate_limit_exceeded",
            "Rate limit reached for " + model + " in organization org-darkroomtest on images per minute (IPM):"
                + " Limit 5, Used 5, Requested 1. Please try again in " + ms + "ms. Visit"
                + " https://platform.openai.com/account/rate-limits to learn more."),
            Map.of("retry-after-ms", Long.toString(ms), "retry-after", Long.toString((ms + 999) / 1000),
                "x-ratelimit-limit-requests", "5", "x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", ms + "ms"));
      }
      case RETRY_AFTER_SECONDS -> throw new OpenAiError(429, OpenAiError.body("requests", null,
          "rate_limit_exceeded", "Rate limit reached for " + model + " on images per minute (IPM)."),
          Map.of("retry-after", Long.toString(reply.duration.getSeconds())));
      case INSUFFICIENT_QUOTA -> throw new OpenAiError(429, "insufficient_quota", null, "insufficient_quota",
          "You exceeded your current quota, please check your plan and billing details. For more information on"
              + " this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.");
      case MODERATION_BLOCKED -> {
        String id = "req_" + HexFormat.of().formatHex(randomBytes(16));
        ObjectNode body = OpenAiError.body("image_generation_user_error", null, "moderation_blocked",
            "Your request was rejected by the safety system. If you believe this is an error, contact us at"
                + " help.openai.com and include the request ID " + id + "."
                + (reply.categories.isEmpty() ? "" : " safety_violations=[" + String.join(", ", reply.categories) + "]."));
        ObjectNode details = ((ObjectNode) body.get("error")).putObject("moderation_details");
        details.put("moderation_stage", reply.message);
        var categories = details.putArray("categories");
        reply.categories.forEach(categories::add);
        throw new OpenAiError(400, body, Map.of("x-request-id", id));
      }
      case ORG_NOT_VERIFIED -> throw new OpenAiError(403, "invalid_request_error", null, null,
          "Your organization must be verified to use the model `" + model + "`. Please go to:"
              + " https://platform.openai.com/settings/organization/general and click on Verify Organization."
              + " If you just verified, it can take up to 15 minutes for access to propagate.");
      case STATUS -> throw new OpenAiError(reply.code, reply.type, null,
          reply.errorCode.isEmpty() ? null : reply.errorCode, reply.message);
      case CONNECTION_RESET -> sink.reset();
      case TRUNCATED_BODY -> {
        Answer a = answer(parse(edit, request), null);
        byte[] whole = a.whole();
        if (a.sse()) {
          OutputStream out = sink.beginUntilClose(200, "text/event-stream; charset=utf-8");
          out.write(whole, 0, whole.length - Math.min(whole.length / 2, 4096));
          out.flush();
        } else {
          sink.sendTruncated(200, JSON, whole, whole.length / 2);
        }
      }
      case MALFORMED_JSON -> sink.send(200, JSON,
          "{\"created\": 1778832973, \"data\": [{\"b64_json\": \"iVBORw0KGgo".getBytes(StandardCharsets.UTF_8), Map.of());
      case HTML -> sink.send(reply.code, "text/html; charset=utf-8", ("<html><head><title>" + reply.code
          + " Bad Gateway</title></head><body><center><h1>" + reply.code
          + " Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>").getBytes(StandardCharsets.UTF_8),
          Map.of());
      case DELAY -> {
        pause(reply.duration);
        deliver(sink, answer(parse(edit, request), null));
      }
      case RAW_JSON -> sink.send(reply.code, JSON, reply.body, Map.of());
      case NO_IMAGE -> {
        Call c = parse(edit, request);
        ObjectNode root = Json.object();
        root.put("created", System.currentTimeMillis() / 1000);
        root.putArray("data");
        root.set("usage", usage(Math.max(1, (c.prompt.length() + 3) / 4), 0, 0, true));
        sink.send(200, JSON, Json.bytes(root), Map.of());
      }
      case STREAM_ERROR -> deliver(sink, answer(parse(edit, request), reply));
      default -> throw new IllegalStateException("Unhandled reply " + reply);
    }
  }

  private static String modelOf(HttpRequestData request) {
    String type = request.header("Content-Type").orElse("");
    try {
      if (type.startsWith("multipart/form-data")) {
        return MultipartForm.parse(type, request.body()).field("model").orElse("gpt-image-2");
      }
      return Json.MAPPER.readTree(request.body()).path("model").asText("gpt-image-2");
    } catch (IOException | RuntimeException e) {
      return "gpt-image-2";
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  private static void send(ResponseSink sink, OpenAiError error) throws IOException {
    sink.send(error.status, JSON, Json.bytes(error.body), error.headers);
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
