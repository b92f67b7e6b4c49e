package dev.darkroom.studio;

import dev.darkroom.ContentBlockedException;
import dev.darkroom.Darkroom;
import dev.darkroom.DarkroomException;
import dev.darkroom.GeneratedImage;
import dev.darkroom.Generation;
import dev.darkroom.ImageRequest;
import dev.darkroom.ImageResult;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.ModelInfo;
import dev.darkroom.NoImageException;
import dev.darkroom.Provenance;
import dev.darkroom.RequestPlan;
import dev.darkroom.SaveOptions;
import dev.darkroom.TransportException;
import dev.darkroom.history.GenerationRecord;
import dev.darkroom.history.GenerationStatus;
import dev.darkroom.history.History;
import dev.darkroom.history.OutputFile;
import dev.darkroom.history.OutputKind;
import dev.darkroom.history.StoredRequest;
import dev.darkroom.studio.internal.Names;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs the variants of one prompt side by side, or gathers existing generations from the history,
 * into a {@link Comparison}.
 *
 * <pre>{@code
 * try (Darkroom darkroom = Darkroom.fromEnv()) {
 *   ComparisonRunner runner = ComparisonRunner.builder().client(darkroom).outputDirectory(Path.of("out")).build();
 *   Comparison c = runner.run(darkroom.request().prompt("A lighthouse at dusk").build(),
 *       List.of(Variant.model("gemini-nano-banana-2.1"), Variant.model("gemini-3-pro-image")), 3);
 *   ComparisonSheet.defaults().write(c, Path.of("out/lighthouse.png"), false);
 * }
 * }</pre>
 *
 * <p>Layout: rows are variants and columns are repeats; with one repeat the variants sit side by side
 * in one row (wrapping after four, like {@link #fromHistory}).
 *
 * <p>Every variant in a column uses the same seed: the base request's, or one random seed per column
 * when it has none (a variant that sets its own seed keeps it), so columns are comparable. Models
 * that take no seed (OpenAI's) get none. Each panel is one call with {@code count} 1.
 *
 * <p>The whole comparison is planned before the first call ({@link #plan}, {@link #planAxes}): an
 * unknown model, a size or option a model lacks, an unreadable input in any panel refuses it with one
 * {@link InvalidRequestException} listing every bad panel. A call that fails at the provider (blocked,
 * no image, quota, a server error) becomes a panel stating what happened; the others still run. Calls run in parallel, at
 * most {@link Builder#parallelism} at once (default 4) and within the client's own limit.
 */
public final class ComparisonRunner {
  /** Told about each panel as soon as it is done, from the thread that ran it. */
  public interface Listener {
    default void onPanel(Panel panel) {}
  }

  private final @Nullable Darkroom client;
  private final ModelCatalog catalog;
  private final @Nullable Path outputDirectory;
  private final String baseName;
  private final int parallelism;
  private final IntSupplier seeds;
  private final Listener listener;

  private ComparisonRunner(Builder b) {
    if (b.client == null && b.catalog == null) {
      throw new NullPointerException("client: call Builder.client(Darkroom), or Builder.catalog(ModelCatalog) to plan only");
    }
    this.client = b.client;
    this.catalog = b.catalog != null ? b.catalog : b.client.catalog();
    this.outputDirectory = b.outputDirectory;
    this.baseName = b.baseName;
    this.parallelism = b.parallelism;
    this.seeds = b.seeds;
    this.listener = b.listener;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs every variant {@code repeats} times: rows are variants in order, columns are repeats. The
   * whole comparison is planned first ({@link #plan}): an invalid variant refuses it before anything
   * is sent.
   *
   * @param base the shared request; its count is ignored (each panel is one call)
   * @param variants at least one; labels should be distinct
   * @param repeats 1 to 16
   * @throws IllegalArgumentException for no variants or repeats out of range
   * @throws InvalidRequestException listing every invalid variant; nothing was sent
   * @throws TransportException when interrupted while waiting (calls in flight are cancelled)
   */
  public Comparison run(ImageRequest base, List<Variant> variants, int repeats) {
    return run(plan(base, variants, repeats));
  }

  /** Like {@link #plan(ImageRequest, Variant, List, int)} without shared changes. */
  public ComparisonPlan plan(ImageRequest base, List<Variant> variants, int repeats) {
    return plan(base, Variant.of("shared", b -> {}), variants, repeats);
  }

  /**
   * Builds and validates every panel's request, sending nothing. Each panel starts from {@code base}
   * on the variant's model, gets the {@code shared} change, then the variant's own (which wins).
   * Every variant in a column uses the same seed: the one the changes set, else the base request's,
   * else one random seed per column; models that take no seed get none.
   *
   * @param shared changes for every panel (e.g. an aspect ratio, provider options), applied for
   *     the panel's model
   * @throws IllegalArgumentException for no variants or repeats out of range
   * @throws InvalidRequestException listing every invalid variant (each with what is wrong and the
   *     closest valid value where known)
   */
  public ComparisonPlan plan(ImageRequest base, Variant shared, List<Variant> variants, int repeats) {
    Objects.requireNonNull(base, "base");
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("give at least one variant to compare");
    }
    if (repeats < 1 || repeats > 16) {
      throw new IllegalArgumentException("repeats " + repeats + " is out of range; allowed: 1 to 16");
    }
    long[] columnSeeds = new long[repeats];
    for (int c = 0; c < repeats; c++) {
      columnSeeds[c] = base.seed().orElseGet(() -> (long) Math.max(0, seeds.getAsInt()));
    }
    RequestPlan.Builder requests = RequestPlan.builder();
    List<ComparisonPlan.Cell> cells = new ArrayList<>();
    int columns = sideBySideColumns(variants.size());
    for (int row = 0; row < variants.size(); row++) {
      Variant v = variants.get(row);
      for (int col = 0; col < repeats; col++) {
        long seed = columnSeeds[col];
        String stem = Names.slug(v.label(), 32, "variant-" + (row + 1)) + (repeats > 1 ? "-" + (col + 1) : "");
        // One run per variant: side by side, wrapping like a history comparison.
        int r = repeats == 1 ? row / columns : row;
        int c = repeats == 1 ? row % columns : col;
        requests.add(v.label(), () -> panelRequest(base, shared, List.of(v), seed))
            .ifPresent(q -> cells.add(new ComparisonPlan.Cell(v.label(), r, c, stem, q)));
      }
    }
    requests.build();
    return new ComparisonPlan(base.prompt(), "", cells);
  }

  /**
   * Plans an X/Y/Z comparison the way A1111's "X/Y/Z plot" does: one panel per combination, X values
   * as columns, Y values as rows, and one sheet per Z value. Every panel uses one seed (the one the
   * changes set, else the base request's, else one random seed for the whole plot), so only the axes
   * differ; each panel is labelled with its axis values only. Every sheet is validated before any is
   * returned.
   *
   * @param x the columns, at least one
   * @param y the rows; empty for one row
   * @param z one sheet per value; empty for one sheet
   * @return one plan per Z value (one plan when {@code z} is empty), titled with the Z label
   * @throws InvalidRequestException listing every invalid combination; nothing was sent
   */
  public List<ComparisonPlan> planAxes(ImageRequest base, Variant shared, List<Variant> x, List<Variant> y,
      List<Variant> z) {
    Objects.requireNonNull(base, "base");
    if (x.isEmpty()) {
      throw new IllegalArgumentException("give at least one X value");
    }
    long seed = base.seed().orElseGet(() -> (long) Math.max(0, seeds.getAsInt()));
    List<Variant> ys = y.isEmpty() ? List.of(Variant.of("-", b -> {})) : y;
    List<Variant> zs = z.isEmpty() ? List.of(Variant.of("-", b -> {})) : z;
    RequestPlan.Builder requests = RequestPlan.builder();
    List<List<ComparisonPlan.Cell>> sheets = new ArrayList<>();
    for (Variant zv : zs) {
      List<ComparisonPlan.Cell> cells = new ArrayList<>();
      for (int row = 0; row < ys.size(); row++) {
        Variant yv = ys.get(row);
        for (int col = 0; col < x.size(); col++) {
          Variant xv = x.get(col);
          List<Variant> changes = new ArrayList<>(List.of(xv));
          List<String> labels = new ArrayList<>(List.of(xv.label()));
          if (!y.isEmpty()) {
            changes.add(yv);
            labels.add(yv.label());
          }
          if (!z.isEmpty()) {
            changes.add(zv);
          }
          String label = String.join(", ", labels);
          String problemLabel = z.isEmpty() ? label : label + ", " + zv.label();
          String stem = Names.slug((z.isEmpty() ? "" : zv.label() + "-") + label, 60, "cell-" + (row + 1) + "-" + (col + 1));
          int r = row;
          int c = col;
          requests.add(problemLabel, () -> panelRequest(base, shared, changes, seed))
              .ifPresent(q -> cells.add(new ComparisonPlan.Cell(label, r, c, stem, q)));
        }
      }
      sheets.add(cells);
    }
    requests.build();
    List<ComparisonPlan> plans = new ArrayList<>();
    for (int i = 0; i < zs.size(); i++) {
      plans.add(new ComparisonPlan(base.prompt(), z.isEmpty() ? "" : zs.get(i).label(), sheets.get(i)));
    }
    return plans;
  }

  /**
   * One panel's request: the base on the panel's model (the last one the shared change or the changes
   * set), then the shared change, then the changes in order; the seed when none is set and the model
   * takes one.
   */
  private ImageRequest panelRequest(ImageRequest base, Variant shared, List<Variant> changes, long seed) {
    // The panel's model is the one the last change sets; options merge for the model current when they
    // are applied, so the model is found first, ignoring refusals (the real pass below reports them).
    ImageRequest.Builder probe = base.newBuilder(catalog);
    List<Variant> all = new ArrayList<>();
    all.add(shared);
    all.addAll(changes);
    for (Variant v : all) {
      try {
        v.applyTo(probe);
      } catch (RuntimeException ignored) {
        // reported by the real pass
      }
    }
    String modelId = probe.modelId() == null ? base.model().id() : probe.modelId();
    ImageRequest.Builder b = base.newBuilder(catalog).count(1).seed((Long) null).model(modelId);
    if (!catalog.find(modelId).map(ModelInfo::provider).orElse("").equals(base.model().provider())) {
      b.options(null); // the base's options are another provider's; the shared change brings this one's
    }
    shared.applyTo(b);
    changes.forEach(v -> v.applyTo(b));
    ImageRequest request = b.build();
    if (request.seed().isEmpty() && request.model().supportsSampling()) {
      request = request.newBuilder(catalog).seed(base.seed().orElse(seed)).build();
    }
    return request;
  }

  /**
   * Makes every panel of a plan; a panel whose call fails (blocked, no image, quota, a server error)
   * states what happened and the others go on.
   *
   * @throws TransportException when interrupted while waiting (calls in flight are cancelled)
   */
  public Comparison run(ComparisonPlan plan) {
    Objects.requireNonNull(plan, "plan");
    Darkroom client = this.client;
    if (client == null) {
      throw new IllegalStateException("this runner only plans: build it with client(Darkroom) to run");
    }
    List<ComparisonPlan.Cell> cells = plan.cells();
    int threads = Math.max(1, Math.min(parallelism, cells.size()));
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "darkroom-compare-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    List<Future<Panel>> futures = new ArrayList<>();
    try {
      for (ComparisonPlan.Cell cell : cells) {
        futures.add(pool.submit(() -> {
          Panel p = runOne(client, cell);
          listener.onPanel(p);
          return p;
        }));
      }
      List<Panel> panels = new ArrayList<>();
      for (Future<Panel> f : futures) {
        try {
          panels.add(f.get());
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(cause);
        }
      }
      return new Comparison(plan.prompt(), panels);
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while waiting for the comparison", e, DarkroomException.Details.none());
    } finally {
      pool.shutdownNow();
    }
  }

  private Panel runOne(Darkroom client, ComparisonPlan.Cell cell) {
    Panel.Builder panel = Panel.builder().label(cell.label()).position(cell.row(), cell.column());
    ImageRequest request = cell.request();
    describe(panel, request);
    try {
      SaveOptions save = null;
      if (outputDirectory != null) {
        save = SaveOptions.builder().directory(outputDirectory).baseName(baseName + "-" + cell.fileStem()).build();
      }
      ImageResult result = client.generate(request, save);
      GeneratedImage image = result.image();
      Generation g = result.generations().get(0);
      byte[] bytes = image.bytes();
      panel.image(bytes).path(image.path().orElse(null)).latency(g.latency()).costUsd(result.costUsd());
      try {
        Provenance.read(bytes).ifPresent(p -> panel.provenanceJson(p.compactJson()));
      } catch (IllegalArgumentException e) {
        // An image without readable metadata is still shown.
      }
    } catch (DarkroomException e) {
      Optional<Generation> g = generationOf(e);
      panel.failure(new Panel.Failure(e.kind().name(), concise(e.getMessage())))
          .costUsd(g.map(Generation::costUsd).orElse(BigDecimal.ZERO))
          .latency(g.map(Generation::latency).orElse(null));
    }
    return panel.build();
  }

  /**
   * A comparison of generations already in the history, without any new call: one row when there are
   * at most four, else a near-square grid, in the order given. Each panel shows the record's first
   * final image, or states why there is none (blocked, failed, file moved).
   *
   * @param catalog for model display names
   * @throws InvalidRequestException naming an id that is not in the history
   */
  public static Comparison fromHistory(History history, List<Long> ids, ModelCatalog catalog) {
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("give at least one history id");
    }
    int columns = sideBySideColumns(ids.size());
    List<Panel> panels = new ArrayList<>();
    List<String> prompts = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      long id = ids.get(i);
      GenerationRecord r = history.get(id).orElseThrow(() -> new InvalidRequestException(
          "no generation #" + id + " in the history " + history.file() + "; list them with 'darkroom history'"));
      prompts.add(r.prompt());
      panels.add(panelOf(r, i / columns, i % columns, catalog));
    }
    boolean shared = prompts.stream().distinct().count() == 1;
    return new Comparison(shared ? prompts.get(0) : "(prompts differ: each panel shows its own)", panels);
  }

  /** Columns for panels laid side by side: all of them up to 4, else about the square root. */
  private static int sideBySideColumns(int panels) {
    return panels <= 4 ? panels : (int) Math.ceil(Math.sqrt(panels));
  }

  private static Panel panelOf(GenerationRecord r, int row, int col, ModelCatalog catalog) {
    Panel.Builder p = Panel.builder().label("#" + r.id()).position(row, col)
        .model(r.model(), catalog.find(r.model()).map(ModelInfo::name).orElse(null))
        .prompt(r.prompt()).systemPrompt(r.systemPrompt().orElse(null))
        .latency(r.latency().orElse(null)).costUsd(r.costUsd()).historyId(r.id());
    StoredRequest q = r.request();
    p.parameter("aspect", q.aspectRatio().orElse(null)).parameter("size", q.effectiveImageSize())
        .parameter("seed", q.seed().map(Long::toUnsignedString).orElse(null));
    optionParameters(p, q.options());
    p.parameter("refs", q.inputs().isEmpty() ? null : q.inputs().size());
    if (r.status() != GenerationStatus.SUCCEEDED) {
      String kind = r.errorKind().map(Enum::name).orElse(r.status().name());
      String reason = r.errorMessage().map(ComparisonRunner::concise)
          .orElse(r.reason().orElse(r.status().name().toLowerCase(java.util.Locale.ROOT)));
      return p.failure(new Panel.Failure(kind, reason)).build();
    }
    Optional<OutputFile> original = r.outputs().stream().filter(o -> o.kind() == OutputKind.ORIGINAL).findFirst();
    Optional<Path> path = original.flatMap(OutputFile::path);
    if (path.isEmpty()) {
      return p.failure(new Panel.Failure("NOT_SAVED", "the image was kept in memory, not saved")).build();
    }
    try {
      byte[] bytes = Files.readAllBytes(path.get());
      p.image(bytes).path(path.get());
      try {
        Provenance.read(bytes).ifPresent(x -> p.provenanceJson(x.compactJson()));
      } catch (IllegalArgumentException e) {
        // shown without provenance
      }
    } catch (IOException e) {
      p.failure(new Panel.Failure("FILE_MISSING", "cannot read " + path.get() + " (" + e.getClass().getSimpleName()
          + "); it may have been moved or deleted"));
    }
    return p.build();
  }

  private static void describe(Panel.Builder panel, ImageRequest r) {
    java.util.Map<String, Object> options = r.providerOptions().map(o -> o.values()).orElse(java.util.Map.of());
    Object system = options.get("systemPrompt");
    panel.model(r.model().id(), r.model().name()).prompt(r.prompt()).systemPrompt(system == null ? null : system.toString())
        .parameter("aspect", r.aspectRatio().orElse(null))
        .parameter("size", r.effectiveImageSize())
        .parameter("seed", r.seed().map(Long::toUnsignedString).orElse(null));
    optionParameters(panel, options);
    panel.parameter("refs", r.images().isEmpty() ? null : r.images().size());
  }

  /** A provider's options as panel parameters, by their own names; the system prompt is shown apart. */
  private static void optionParameters(Panel.Builder panel, java.util.Map<String, Object> options) {
    options.forEach((name, value) -> {
      if (!name.equals("systemPrompt") && !(value instanceof java.util.Collection<?>)) {
        panel.parameter(name, value);
      }
    });
  }

  private static Optional<Generation> generationOf(DarkroomException e) {
    if (e instanceof ContentBlockedException b) {
      return b.generation();
    }
    if (e instanceof NoImageException n) {
      return n.generation();
    }
    return Optional.empty();
  }

  /** The first clause of a Darkroom message: what happened, without the advice after {@code ;}. */
  static String concise(@Nullable String message) {
    if (message == null || message.isBlank()) {
      return "no details";
    }
    int cut = message.indexOf("; ");
    return (cut > 0 ? message.substring(0, cut) : message).strip();
  }

  /** Configures a {@link ComparisonRunner}; {@link #client} is required to run, a {@link #catalog} suffices to plan. */
  public static final class Builder {
    private @Nullable Darkroom client;
    private @Nullable ModelCatalog catalog;
    private @Nullable Path outputDirectory;
    private String baseName = "compare";
    private int parallelism = 4;
    private IntSupplier seeds = () -> ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
    private Listener listener = new Listener() {};

    private Builder() {}

    /** The client every call goes through (its recorder, retries and concurrency limit apply). */
    public Builder client(Darkroom client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * The model table to plan against when there is no client (a dry run); default: the client's.
     */
    public Builder catalog(ModelCatalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /** Where each panel's image is saved; null (the default) keeps images in memory only. */
    public Builder outputDirectory(@Nullable Path directory) {
      this.outputDirectory = directory;
      return this;
    }

    /** File names are {@code <baseName>-<label>-<repeat>}; default {@code compare}. */
    public Builder baseName(String baseName) {
      Objects.requireNonNull(baseName, "baseName");
      this.baseName = Names.slug(baseName, 60, "compare");
      return this;
    }

    /** Most panels generated at once, 1 to 32; default 4. */
    public Builder parallelism(int calls) {
      if (calls < 1 || calls > 32) {
        throw new IllegalArgumentException("parallelism " + calls + " is out of range; allowed: 1 to 32");
      }
      this.parallelism = calls;
      return this;
    }

    /** Source of the per-column seed when the base request has none; default random. */
    public Builder seeds(IntSupplier seeds) {
      this.seeds = Objects.requireNonNull(seeds, "seeds");
      return this;
    }

    public Builder listener(Listener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public ComparisonRunner build() {
      return new ComparisonRunner(this);
    }
  }
}
