package dev.darkroom.studio.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.darkroom.Darkroom;
import dev.darkroom.DarkroomException;
import dev.darkroom.ImageInput;
import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.ModelInfo;
import dev.darkroom.RequestCodec;
import dev.darkroom.history.GenerationRecord;
import dev.darkroom.history.GenerationStatus;
import dev.darkroom.history.History;
import dev.darkroom.history.HistoryQuery;
import dev.darkroom.history.OutputFile;
import dev.darkroom.internal.image.PngText;
import dev.darkroom.spi.ImageProvider;
import dev.darkroom.spi.Providers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The studio's routes: pages and static files, the JSON API, job event streams and history files. */
final class Routes {
  /** Sent with every response: only this server's scripts, styles, images and connections. */
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
      + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";
  private static final int MAX_BODY = 64 * 1024 * 1024;
  private static final Map<String, String> PAGES = Map.of("/", "generate.html", "/history", "history.html",
      "/compare", "compare.html");
  private static final Map<String, String> STATIC = Map.of("/static/studio.js", "studio.js",
      "/static/common.js", "common.js", "/static/studio.css", "studio.css");
  private static final Pattern JOB = Pattern.compile("/api/jobs/([A-Za-z0-9-]{1,40})/(events|cancel)");
  private static final Pattern RECORD = Pattern.compile("/api/history/(\\d{1,18})(/rerun|/graph|/hide|/delete-files)?");
  /** What a page must send to delete a record's files: the user clicked a confirmation that says so. */
  static final String DELETE_CONFIRMATION = "delete files";
  private static final Pattern FILE = Pattern.compile("/files/(\\d{1,18})/(\\d{1,18})");

  private final Darkroom darkroom;
  private final History history;
  private final JobRunner jobs;
  private final Guard guard;
  private final Uploads uploads;
  private final HiddenRecords hidden;
  private final List<Extension> extensions = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Routes another class answers, after the same guard checks and error mapping; false when not its path. */
  interface Extension {
    boolean route(HttpExchange ex, String method, String path) throws IOException;
  }

  Routes(Darkroom darkroom, History history, JobRunner jobs, Guard guard, Uploads uploads) {
    this.darkroom = darkroom;
    this.history = history;
    this.jobs = jobs;
    this.guard = guard;
    this.uploads = uploads;
    this.hidden = HiddenRecords.beside(history.file());
  }

  void handle(HttpExchange ex) throws IOException {
    try {
      ex.getResponseHeaders().set("Content-Security-Policy", CSP);
      ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      if (!guard.hostAllowed(ex)) {
        text(ex, 403, "unknown Host: open the URL darkroom studio printed");
        return;
      }
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (method.equals("GET") && PAGES.containsKey(path) && guard.tokenInQuery(ex)) {
        ex.getResponseHeaders().add("Set-Cookie", guard.setCookie());
        ex.getResponseHeaders().set("Location", path);
        ex.sendResponseHeaders(303, -1);
        return;
      }
      if (!guard.hasCookie(ex)) {
        text(ex, 403, "not authorised: open the URL darkroom studio printed (it carries this launch's token)");
        return;
      }
      if (method.equals("POST")) {
        Optional<String> refused = guard.refuseWrite(ex);
        if (refused.isPresent()) {
          error(ex, 403, refused.get(), null, List.of());
          return;
        }
      }
      route(ex, method, path);
    } catch (InvalidRequestException e) {
      // A refused grid lists every bad panel; its field is the setting they share (an axis of models: model).
      error(ex, 400, e.getMessage(), dev.darkroom.RequestPlan.fieldAtFault(e).orElse(null), e.allowed());
    } catch (JsonProcessingException e) {
      error(ex, 400, "the body is not valid JSON", null, List.of());
    } catch (IllegalArgumentException e) {
      error(ex, 400, e.getMessage(), null, List.of());
    } catch (DarkroomException e) {
      error(ex, 502, e.getMessage(), null, List.of());
    } catch (IOException e) {
      // the browser went away
    } catch (RuntimeException e) {
      error(ex, 500, "internal error: " + e, null, List.of());
    } finally {
      ex.close();
    }
  }

  /** Adds routes tried before these. */
  void add(Extension extension) {
    extensions.add(extension);
  }

  private void route(HttpExchange ex, String method, String path) throws IOException {
    for (Extension e : extensions) {
      if (e.route(ex, method, path)) {
        return;
      }
    }
    Matcher m;
    if (method.equals("GET") && PAGES.containsKey(path)) {
      resource(ex, PAGES.get(path), "text/html; charset=utf-8");
    } else if (method.equals("GET") && STATIC.containsKey(path)) {
      String name = STATIC.get(path);
      resource(ex, name, name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
    } else if (method.equals("GET") && path.equals("/api/models")) {
      json(ex, 200, models());
    } else if (method.equals("GET") && path.equals("/api/model")) {
      String id = params(ex).getOrDefault("id", "");
      json(ex, 200, model(darkroom.catalog().require(id)));
    } else if (method.equals("GET") && path.startsWith("/api/providers/") && path.endsWith("/inventory")) {
      String id = path.substring("/api/providers/".length(), path.length() - "/inventory".length());
      if (Providers.find(id).isEmpty()) {
        throw new InvalidRequestException("no provider '" + id + "' is installed", "provider",
            List.copyOf(Providers.all().keySet()));
      }
      json(ex, 200, HistoryJson.JSON.valueToTree(darkroom.inventory(id)));
    } else if (method.equals("POST") && path.equals("/api/dry-run")) {
      ImageRequest request = read(ex);
      Darkroom.CostEstimate estimate = Darkroom.estimate(request);
      ObjectNode o = HistoryJson.JSON.createObjectNode().put("estimatedCostUsd", estimate.upToUsd().toPlainString())
          .put("upperBound", estimate.upperBound());
      o.set("warnings", HistoryJson.JSON.valueToTree(request.warnings()));
      o.set("request", RequestCodec.write(request));
      json(ex, 200, o);
    } else if (method.equals("POST") && path.equals("/api/generate")) {
      Job job = jobs.submit(read(ex));
      json(ex, 202, HistoryJson.JSON.createObjectNode().put("job", job.id()));
    } else if ((m = JOB.matcher(path)).matches()) {
      Optional<Job> job = jobs.find(m.group(1));
      if (job.isEmpty()) {
        error(ex, 404, "no such job", null, List.of());
      } else if (method.equals("GET") && m.group(2).equals("events")) {
        events(ex, job.get());
      } else if (method.equals("POST") && m.group(2).equals("cancel")) {
        json(ex, 200, HistoryJson.JSON.createObjectNode().put("cancelled", job.get().cancel()));
      } else {
        error(ex, 405, "method not allowed", null, List.of());
      }
    } else if (method.equals("POST") && path.equals("/api/compare")) {
      compare(ex);
    } else if (method.equals("GET") && path.equals("/api/history")) {
      json(ex, 200, list(ex));
    } else if ((m = RECORD.matcher(path)).matches()) {
      GenerationRecord r = history.get(Long.parseLong(m.group(1))).orElse(null);
      String sub = m.group(2) == null ? "" : m.group(2);
      if (r == null) {
        error(ex, 404, "no such history entry", null, List.of());
      } else if (method.equals("GET") && sub.isEmpty()) {
        ObjectNode o = HistoryJson.provenance(r);
        o.put("hasGraph", graph(r).isPresent());
        o.put("hidden", hidden.contains(r.id()));
        json(ex, 200, o);
      } else if (method.equals("GET") && sub.equals("/graph")) {
        Optional<String> graph = graph(r);
        if (graph.isEmpty()) {
          error(ex, 404, "this entry has no ComfyUI graph", null, List.of());
        } else {
          ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"darkroom-" + r.id() + "-graph.json\"");
          send(ex, 200, "application/json", graph.get().getBytes(StandardCharsets.UTF_8));
        }
      } else if (method.equals("POST") && sub.equals("/rerun")) {
        Job job = jobs.submit(history.rebuildRequest(r, darkroom.catalog()));
        json(ex, 202, HistoryJson.JSON.createObjectNode().put("job", job.id()));
      } else if (method.equals("POST") && sub.equals("/hide")) {
        JsonNode hide = body(ex).path("hidden");
        if (!hide.isBoolean()) {
          throw new InvalidRequestException("hidden '" + hide.asText() + "' must be true or false", "hidden",
              List.of("true", "false"));
        }
        hidden.set(r.id(), hide.asBoolean());
        json(ex, 200, HistoryJson.JSON.createObjectNode().put("id", r.id()).put("hidden", hide.asBoolean()));
      } else if (method.equals("POST") && sub.equals("/delete-files")) {
        deleteFiles(ex, r);
      } else {
        error(ex, 405, "method not allowed", null, List.of());
      }
    } else if (method.equals("GET") && (m = FILE.matcher(path)).matches()) {
      file(ex, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    } else {
      error(ex, 404, "not found", null, List.of());
    }
  }

  /** The model table, and per provider its option names, prompt syntax and value hints for the form. */
  private ObjectNode models() {
    ModelCatalog catalog = darkroom.catalog();
    ObjectNode o = HistoryJson.JSON.createObjectNode();
    o.put("defaultModel", catalog.defaultModel());
    ArrayNode models = o.putArray("models");
    Set<String> providers = new LinkedHashSet<>();
    for (ModelInfo info : catalog.models()) {
      if (Providers.find(info.provider()).isEmpty()) {
        continue;
      }
      providers.add(info.provider());
      models.add(model(info));
    }
    // Engines whose models are their checkpoints, discovered at run time (comfyui:<checkpoint>).
    ArrayNode engines = o.putArray("engines");
    Set<String> tabled = new LinkedHashSet<>(providers);
    for (ImageProvider p : Providers.all().values()) {
      if (!tabled.contains(p.id()) && !p.optionNames().isEmpty()) {
        providers.add(p.id());
        engines.addObject().put("provider", p.id()).put("name", p.displayName());
      }
    }
    ObjectNode byProvider = o.putObject("providers");
    for (String id : providers) {
      ImageProvider p = Providers.find(id).orElseThrow();
      ObjectNode x = byProvider.putObject(id);
      x.put("name", p.displayName());
      x.set("options", HistoryJson.JSON.valueToTree(p.optionNames()));
      x.put("promptSyntax", p.promptSyntax());
    }
    return o;
  }

  /** One model as the Generate form needs it: sizes, ratios, limits and value hints for its options. */
  private static ObjectNode model(ModelInfo info) {
    ObjectNode m = HistoryJson.JSON.createObjectNode();
    m.put("id", info.id()).put("name", info.name()).put("provider", info.provider()).put("status", info.status().name());
    m.set("aspectRatios", HistoryJson.JSON.valueToTree(info.aspectRatios()));
    m.set("imageSizes", HistoryJson.JSON.valueToTree(info.imageSizeNames()));
    m.put("defaultImageSize", info.defaultImageSize());
    m.set("sizes", HistoryJson.JSON.valueToTree(info.usesPixelSizes() ? info.sizes() : List.of()));
    m.put("maxInputImages", info.maxInputImages());
    m.put("seed", info.supportsSampling());
    m.put("mask", info.supportsMask());
    ObjectNode hints = m.putObject("hints");
    putHint(hints, "thinkingLevel", info.thinkingLevels().stream().map(Object::toString).map(s -> s.toLowerCase(Locale.ROOT)).toList());
    putHint(hints, "quality", info.qualities());
    putHint(hints, "background", info.backgrounds());
    putHint(hints, "outputFormat", info.outputFormats());
    putHint(hints, "moderation", info.moderationLevels());
    return m;
  }

  private static void putHint(ObjectNode hints, String name, List<String> values) {
    if (!values.isEmpty()) {
      hints.set(name, HistoryJson.JSON.valueToTree(values));
    }
  }

  /**
   * The request a page sent: {@code {"request": <canonical form>, "images": ["data:…", …]}}, built (and
   * so validated) against the model table.
   */
  private ImageRequest read(HttpExchange ex) throws IOException {
    return request(body(ex));
  }

  /** The JSON body of a request, at most {@code MAX_BODY} bytes. */
  private static JsonNode body(HttpExchange ex) throws IOException {
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      throw new InvalidRequestException("the request body is larger than " + MAX_BODY + " bytes", "images",
          List.of("at most " + MAX_BODY + " bytes"));
    }
    JsonNode root = HistoryJson.JSON.readTree(body);
    return root == null ? HistoryJson.JSON.createObjectNode() : root;
  }

  /**
   * The {@code request} object of a page's body (the canonical request form), read but not yet built: a
   * missing model and a seed that is not a whole number are named first, as the form shows them.
   */
  static ImageRequest.Builder requestOf(JsonNode root, dev.darkroom.ModelCatalog catalog) {
    JsonNode request = root.get("request");
    if (request == null || !request.isObject()) {
      throw new IllegalArgumentException("the body needs a \"request\" object (the canonical request form)");
    }
    if (request.path("model").asText("").isBlank()) {
      throw new InvalidRequestException("choose a model", "model", List.of());
    }
    JsonNode seed = request.path("seed");
    if (seed.isTextual() && !seed.asText().matches("\\d{1,20}")) {
      throw new InvalidRequestException("seed '" + seed.asText() + "' is not a whole number", "seed",
          List.of("0 to 18446744073709551615"));
    }
    return RequestCodec.read(request, catalog);
  }

  /** The request of a page's body, built (and so validated), its reference images stored. */
  private ImageRequest request(JsonNode root) {
    ImageRequest.Builder b = requestOf(root, darkroom.catalog());
    JsonNode images = root.path("images");
    for (int i = 0; i < images.size(); i++) {
      b.addImage(ImageInput.of(uploads.store(images.get(i).asText(""), i)));
    }
    return b.build();
  }

  private HistoryQuery.Builder query(HttpExchange ex) {
    Map<String, String> q = params(ex);
    HistoryQuery.Builder b = HistoryQuery.builder().search(q.get("q")).model(q.get("model"));
    String status = q.get("status");
    if (status != null && !status.isBlank()) {
      try {
        b.status(GenerationStatus.valueOf(status.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("unknown status '" + status + "'", "status",
            java.util.Arrays.stream(GenerationStatus.values()).map(Enum::name).toList());
      }
    }
    b.since(instant(q, "since", 0));
    b.until(instant(q, "until", 1));
    BigDecimal min = usd(q, "minCostUsd");
    BigDecimal max = usd(q, "maxCostUsd");
    if (min != null && max != null && min.compareTo(max) > 0) {
      throw new InvalidRequestException("minCostUsd '" + q.get("minCostUsd") + "' is above maxCostUsd '"
          + q.get("maxCostUsd") + "'", "minCostUsd", List.of("at most maxCostUsd (" + q.get("maxCostUsd") + ")"));
    }
    return b.minCostUsd(min).maxCostUsd(max);
  }

  /**
   * A cost bound in US dollars ({@code 0.05}, {@code 2}, {@code .5}: digits and at most one point, never negative);
   * null when the parameter is absent or blank.
   */
  private static @org.jspecify.annotations.Nullable BigDecimal usd(Map<String, String> q, String name) {
    String v = q.get(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    String s = v.strip();
    if (!s.matches("\\d{1,9}(\\.\\d{0,9})?|\\.\\d{1,9}")) {
      throw new InvalidRequestException(name + " '" + v + "' is not a US dollar amount", name,
          List.of("0 or more US dollars, e.g. 0.05"));
    }
    return new BigDecimal(s.startsWith(".") ? "0" + s : s.endsWith(".") ? s + "0" : s);
  }

  /**
   * A date ({@code 2026-11-01}, UTC; {@code plusDays} 1 makes {@code until} include that whole day) or an
   * instant; null when the parameter is absent.
   */
  private static @org.jspecify.annotations.Nullable Instant instant(Map<String, String> q, String name, int plusDays) {
    String v = q.get(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return v.length() == 10 ? LocalDate.parse(v).plusDays(plusDays).atStartOfDay().toInstant(ZoneOffset.UTC)
          : Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(name + " '" + v + "' is not a date", name, List.of("2026-11-01",
          "2026-11-01T10:00:00Z"));
    }
  }

  /**
   * One page of rows: {@code offset} (default 0) and {@code limit} (default 24, at most 200). Rows hidden
   * from view are left out, unless {@code hidden} is {@code only} (just those) or {@code all}.
   */
  private ObjectNode list(HttpExchange ex) {
    Map<String, String> q = params(ex);
    int offset = intParam(q, "offset", 0, 0, HistoryQuery.MAX_LIMIT - 200);
    int limit = intParam(q, "limit", 24, 1, 200);
    String show = q.getOrDefault("hidden", "");
    if (!List.of("", "only", "all").contains(show)) {
      throw new InvalidRequestException("hidden '" + show + "' is not one of: only, all", "hidden", List.of("only", "all"));
    }
    int want = Math.min(HistoryQuery.MAX_LIMIT, offset + limit + 1 + (show.equals("all") ? 0 : hidden.size()));
    List<GenerationRecord> rows = history.list(query(ex).limit(want).build()).stream()
        .filter(r -> show.equals("all") || hidden.contains(r.id()) == show.equals("only")).toList();
    ObjectNode o = HistoryJson.JSON.createObjectNode().put("offset", offset).put("limit", limit)
        .put("more", rows.size() > offset + limit);
    ArrayNode items = o.putArray("items");
    rows.stream().skip(offset).limit(limit).forEach(r -> items.add(HistoryJson.summary(r).put("hidden", hidden.contains(r.id()))));
    return o;
  }

  private static int intParam(Map<String, String> q, String name, int dflt, int min, int max) {
    String v = q.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidRequestException(name + " '" + v + "' is out of range; allowed: " + min + " to " + max, name,
        List.of(min + " to " + max));
  }

  private static Map<String, String> params(HttpExchange ex) {
    Map<String, String> out = new LinkedHashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw == null) {
      return out;
    }
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(k, v);
    }
    return out;
  }

  /**
   * Deletes a record's saved files from disk, only when the body carries the confirmation the page's
   * button states ({@link #DELETE_CONFIRMATION}); the record stays in the history (its files are then
   * reported missing) and is hidden from view.
   */
  private void deleteFiles(HttpExchange ex, GenerationRecord r) throws IOException {
    String confirm = body(ex).path("confirm").asText("");
    if (!confirm.equals(DELETE_CONFIRMATION)) {
      throw new InvalidRequestException("confirm '" + confirm + "' is not the confirmation; files are deleted only"
          + " when the user confirms", "confirm", List.of(DELETE_CONFIRMATION));
    }
    ArrayNode deleted = HistoryJson.JSON.createArrayNode();
    for (OutputFile f : r.outputs()) {
      if (f.path().isPresent() && Files.deleteIfExists(f.path().get())) {
        deleted.add(f.path().get().getFileName().toString());
      }
    }
    hidden.set(r.id(), true);
    ObjectNode o = HistoryJson.JSON.createObjectNode().put("id", r.id()).put("hidden", true);
    o.set("deleted", deleted);
    json(ex, 200, o);
  }

  /**
   * A live X/Y comparison: {@code {"request": <base>, "x": {"name", "values"}, "y": …, "run": bool}}.
   * Every panel is planned (and so validated) first; without {@code run} the answer is the plan and its
   * estimated cost, with it a job whose {@code panel} events fill the grid.
   */
  private void compare(HttpExchange ex) throws IOException {
    JsonNode root = body(ex);
    ImageRequest base = request(root);
    ModelCatalog catalog = darkroom.catalog();
    List<dev.darkroom.studio.Variant> xs = Axis.parse(root.get("x"), "x", catalog);
    List<dev.darkroom.studio.Variant> ys = Axis.parse(root.get("y"), "y", catalog);
    if (xs.size() * Math.max(1, ys.size()) > 64) {
      throw new InvalidRequestException("a grid of " + xs.size() + " x " + Math.max(1, ys.size())
          + " panels is too large; at most 64 panels", "x", List.of("at most 64 panels"));
    }
    dev.darkroom.studio.ComparisonPlan plan = dev.darkroom.studio.ComparisonRunner.builder().catalog(catalog).build()
        .planAxes(base, dev.darkroom.studio.Variant.of("shared", b -> {}), xs, ys, List.of()).get(0);
    ObjectNode o = HistoryJson.JSON.createObjectNode().put("rows", plan.rows()).put("columns", plan.columns())
        .put("estimatedCostUsd", plan.estimatedCostUsd().toPlainString());
    o.set("x", HistoryJson.JSON.valueToTree(xs.stream().map(dev.darkroom.studio.Variant::label).toList()));
    o.set("y", HistoryJson.JSON.valueToTree(ys.stream().map(dev.darkroom.studio.Variant::label).toList()));
    ArrayNode cells = o.putArray("cells");
    plan.cells().forEach(c -> cells.addObject().put("row", c.row()).put("column", c.column()).put("label", c.label())
        .put("model", c.request().model().id()));
    if (root.path("run").asBoolean(false)) {
      o.put("job", jobs.submit(plan, 2).id());
      json(ex, 202, o);
    } else {
      json(ex, 200, o);
    }
  }

  /** The ComfyUI API graph ({@code prompt} PNG text chunk) of the row's first saved PNG that has one. */
  private static Optional<String> graph(GenerationRecord r) {
    for (OutputFile f : r.outputs()) {
      if (f.path().isPresent() && f.mimeType().equals("image/png") && Files.isRegularFile(f.path().get())) {
        try {
          String g = PngText.read(f.path().get()).get("prompt");
          if (g != null && g.strip().startsWith("{")) {
            return Optional.of(g);
          }
        } catch (IOException | IllegalArgumentException e) {
          // unreadable or not a PNG after all: no graph from this file
        }
      }
    }
    return Optional.empty();
  }

  /** Serves an output file the history recorded, found by ids only: no path from the URL is ever opened. */
  private void file(HttpExchange ex, long recordId, long fileId) throws IOException {
    Optional<OutputFile> file = history.get(recordId).flatMap(r -> r.outputs().stream()
        .filter(f -> f.id() == fileId && f.path().isPresent()).findFirst());
    Optional<Path> path = file.flatMap(OutputFile::path).filter(Files::isRegularFile);
    if (path.isEmpty()) {
      error(ex, 404, "no such file in the history (or it was moved)", null, List.of());
      return;
    }
    ex.getResponseHeaders().set("Cache-Control", "private, max-age=3600");
    ex.getResponseHeaders().set("Content-Type", file.get().mimeType());
    ex.sendResponseHeaders(200, Files.size(path.get()));
    try (OutputStream out = ex.getResponseBody()) {
      Files.copy(path.get(), out);
    }
  }

  /** Server-sent events of a job, replayed from {@code Last-Event-ID} + 1 (or the start), until {@code done}. */
  private void events(HttpExchange ex, Job job) throws IOException {
    int next = 0;
    String last = ex.getRequestHeaders().getFirst("Last-Event-ID");
    if (last != null && last.matches("\\d{1,9}")) {
      next = Integer.parseInt(last) + 1;
    }
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    try {
      while (true) {
        Optional<Job.Event> e = job.await(next, 15_000);
        if (e.isEmpty()) {
          if (job.finished()) {
            return;
          }
          out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          continue;
        }
        Job.Event event = e.get();
        String frame = "id: " + event.index() + "\nevent: " + event.type() + "\ndata: "
            + HistoryJson.JSON.writeValueAsString(event.data()) + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
        next++;
        if (event.type().equals(Job.DONE)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      out.close();
    }
  }

  private static void resource(HttpExchange ex, String name, String type) throws IOException {
    try (InputStream in = Routes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      send(ex, 200, type, in.readAllBytes());
    }
  }

  private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
    send(ex, status, "application/json; charset=utf-8", HistoryJson.JSON.writeValueAsBytes(body));
  }

  private static void error(HttpExchange ex, int status, @org.jspecify.annotations.Nullable String message,
      @org.jspecify.annotations.Nullable String field, List<String> allowed) {
    ObjectNode o = HistoryJson.JSON.createObjectNode().put("error", message == null ? "error" : message);
    if (field != null) {
      o.put("field", field);
    }
    o.set("allowed", HistoryJson.JSON.valueToTree(allowed));
    try {
      json(ex, status, o);
    } catch (IOException | RuntimeException e) {
      // the response was already started or the browser went away
    }
  }

  private static void text(HttpExchange ex, int status, String message) throws IOException {
    send(ex, status, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
