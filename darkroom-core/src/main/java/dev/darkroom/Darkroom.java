package dev.darkroom;

import dev.darkroom.internal.http.HttpSupport;
import dev.darkroom.spi.Redactor;
import dev.darkroom.internal.http.Retrier;
import dev.darkroom.internal.image.ImageFormat;
import dev.darkroom.internal.image.ImageProbe;
import dev.darkroom.internal.io.WritableDirs;
import dev.darkroom.spi.ImageProvider;
import dev.darkroom.spi.ProviderClient;
import dev.darkroom.spi.ProviderContext;
import dev.darkroom.spi.Providers;
import dev.darkroom.spi.BatchBackend;
import dev.darkroom.spi.Conversation;
import dev.darkroom.spi.PreparedInput;
import dev.darkroom.spi.ProviderCall;
import dev.darkroom.spi.ProviderResponse;
import dev.darkroom.spi.RawImage;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The Darkroom client: generates images from {@link ImageRequest}s. Create one, share it, close it.
 * Thread-safe; {@link #close()} releases its threads.
 *
 * <pre>{@code
 * try (Darkroom darkroom = Darkroom.fromEnv()) {
 *   ImageResult result = darkroom.generate(
 *       darkroom.request().prompt("A red fox in fresh snow").aspectRatio("16:9").build(),
 *       SaveOptions.toDirectory(Path.of("out")));
 *   System.out.println(result.image().path().orElseThrow() + " cost $" + result.costUsd());
 * }
 * }</pre>
 *
 * <p>The provider follows the model. Providers are found on the class path ({@link Providers}) and
 * opened lazily, the first time a model of theirs is used; each reads its own settings
 * ({@link Builder#setting}, else its environment variables: see each provider's documentation).
 *
 * <p>Defaults: each provider's endpoint, connect timeout 10 s, whole-request timeout 300 s,
 * {@link RetryPolicy#defaults()}, reference images downscaled to 2048 px on their longest side,
 * at most 8 calls in flight.
 */
public final class Darkroom implements AutoCloseable {
  /** This library's version, e.g. {@code 0.1.0}. */
  public static final String VERSION = readVersion();

  private final Builder config;
  private final ModelCatalog catalog;
  private final HttpClient http;
  private final ExecutorService httpExecutor;
  private final ExecutorService callExecutor;
  private final ScheduledExecutorService scheduler;
  private final Semaphore permits;
  private final Redactor redactor;
  private final Map<String, ProviderClient> clients = new java.util.concurrent.ConcurrentHashMap<>();
  private final String userAgent;
  private final Retrier retrier;
  private final InputPreparer preparer;
  private volatile boolean closed;
  /** Held by {@link #close()} while it runs, so that concurrent closes end together. */
  private final Object closeLock = new Object();
  private boolean closeDone;
  /** Callers running a single call on their own thread, interrupted by {@link #close()}. */
  private final java.util.Set<Thread> callers = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private Darkroom(Builder b) {
    this.config = b.copy();
    ModelCatalog cat = b.catalog != null ? b.catalog : ModelCatalog.builtIn();
    this.catalog = b.defaultModel != null ? cat.withDefaultModel(b.defaultModel) : cat;
    this.httpExecutor = HttpSupport.httpExecutor("darkroom-http");
    this.callExecutor = Executors.newCachedThreadPool(HttpSupport.daemonThreads("darkroom-call"));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(HttpSupport.daemonThreads("darkroom-timer"));
    this.http = HttpSupport.httpClient(b.connectTimeout, httpExecutor);
    this.permits = new Semaphore(b.maxConcurrency, true);
    this.redactor = new Redactor(List.of());
    this.userAgent = "darkroom/" + VERSION + " java/" + Runtime.version().feature();
    this.retrier = new Retrier(b.retryPolicy, b.clock, b.sleeper, b.random);
    this.preparer = new InputPreparer(http, b.maxInputSide);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client configured from the environment: {@code DARKROOM_MODEL}, {@code DARKROOM_MODELS} (a model
   * table file laid over the built-in one), and each provider's own variables (e.g.
   * {@code GEMINI_API_KEY}, {@code OPENAI_API_KEY}).
   */
  public static Darkroom fromEnv() {
    return builder().env(System.getenv()).build();
  }

  /** A builder holding this client's configuration, for a variant. */
  public Builder newBuilder() {
    return config.copy();
  }

  /** The model table this client validates against. */
  public ModelCatalog catalog() {
    return catalog;
  }

  /** A request builder bound to this client's model table and default model. */
  public ImageRequest.Builder request() {
    return ImageRequest.builder(catalog);
  }

  /** Generates and keeps the images in memory. See {@link #generate(ImageRequest, SaveOptions)}. */
  public ImageResult generate(ImageRequest request) {
    return generate(request, null);
  }

  /**
   * Generates {@code request.count()} images, in parallel calls, saving each file as soon as its call
   * returns when {@code save} is given.
   *
   * @return the images; when some calls failed and others succeeded, the failures are in
   *     {@link ImageResult#failures()}
   * @throws InvalidRequestException before anything is sent: no API key, an input that cannot be
   *     loaded, an unusable output directory
   * @throws DarkroomException the first failure, when every call failed (others are suppressed)
   */
  public ImageResult generate(ImageRequest requested, @Nullable SaveOptions save) {
    Objects.requireNonNull(requested, "request");
    long openStart = System.nanoTime();
    ImageProvider provider = providerOf(requested);
    java.util.OptionalLong chosenSeed = requested.seed().isPresent() ? java.util.OptionalLong.empty()
        : provider.chooseSeed(requested);
    ImageRequest request = chosenSeed.isPresent() ? requested.withSeed(chosenSeed.getAsLong()) : requested;
    ProviderClient client = clientFor(provider);
    GenerationListener listener = config.listener;
    listener.onPhase(0, GenerationListener.PHASE_PROVIDER, Duration.ofNanos(System.nanoTime() - openStart));
    checkLifecycle(request.model());
    request.model().lifecycleWarning(LocalDate.now(config.clock.withZone(ZoneOffset.UTC))).ifPresent(listener::onWarning);
    request.warnings().forEach(listener::onWarning);
    if (save != null) {
      save.check(request);
      try {
        WritableDirs.requireWritable(save.directory().toAbsolutePath(), true);
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(e.getMessage());
      }
    }
    long prepareStart = System.nanoTime();
    List<PreparedInput> inputs = preparer.prepare(request.images());
    PreparedInput mask = prepareMask(request, inputs);
    listener.onPhase(0, GenerationListener.PHASE_INPUTS, Duration.ofNanos(System.nanoTime() - prepareStart));
    ImageSaver saver = new ImageSaver(save, provider.id(), listener::onWarning, listener);
    Instant start = config.clock.instant();
    List<Generation> generations = new ArrayList<>();
    List<DarkroomException> failures = new ArrayList<>();
    int perCall = provider.imagesPerCall(request);
    int calls = (request.count() + perCall - 1) / perCall;
    if (calls == 1) {
      Thread caller = Thread.currentThread();
      callers.add(caller);
      try {
        if (closed) {
          caller.interrupt();
        }
        generations.add(runCall(client, request, inputs, mask, saver, 0, request.count(), perCall, null, t -> {}));
      } catch (DarkroomException e) {
        failures.add(e);
      } finally {
        synchronized (callers) {
          callers.remove(caller);
          callers.notifyAll();
        }
        if (closed) {
          Thread.interrupted(); // the interrupt was close()'s, not the caller's: do not leak it
        }
      }
    } else {
      List<Future<Generation>> futures = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        int call = i;
        int n = Math.min(perCall, request.count() - i * perCall);
        futures.add(callExecutor.submit(() -> runCall(client, request, inputs, mask, saver, call, n, perCall,
            null, t -> {})));
      }
      RuntimeException unexpected = null;
      for (Future<Generation> f : futures) {
        try {
          generations.add(f.get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof DarkroomException d) {
            failures.add(d);
          } else if (unexpected == null) {
            unexpected = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
          } else {
            unexpected.addSuppressed(e.getCause());
          }
        } catch (InterruptedException e) {
          futures.forEach(x -> x.cancel(true));
          Thread.currentThread().interrupt();
          throw new TransportException("interrupted while waiting for images", e, DarkroomException.Details.none());
        }
      }
      if (unexpected != null) {
        // Every call has finished (saved images are on disk and were reported to the listener);
        // only now is the unexpected failure (e.g. the history store) surfaced.
        throw unexpected;
      }
    }
    if (generations.isEmpty()) {
      DarkroomException first = failures.get(0);
      failures.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
    return new ImageResult(request, generations, failures, Duration.between(start, config.clock.instant()));
  }

  /**
   * One turn of a conversation: a single call for one image that sends {@code history} before the
   * request's prompt and inputs, saved and recorded like {@link #generate}. For {@link EditSession}.
   *
   * @throws InvalidRequestException when the request's provider cannot continue conversations
   */
  Step converse(ImageRequest request, Conversation history, @Nullable SaveOptions save) {
    Objects.requireNonNull(history, "history");
    ImageProvider provider = providerOf(request);
    if (!provider.continuesConversations()) {
      throw new InvalidRequestException("provider " + provider.id() + " (model " + request.model().id()
          + ") cannot continue a conversation; use a model whose provider can, or edit turn by turn",
          "model", List.of());
    }
    ProviderClient client = clientFor(provider);
    GenerationListener listener = config.listener;
    request.warnings().forEach(listener::onWarning);
    if (save != null) {
      try {
        WritableDirs.requireWritable(save.directory().toAbsolutePath(), true);
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(e.getMessage());
      }
    }
    List<PreparedInput> inputs = preparer.prepare(request.images());
    PreparedInput mask = prepareMask(request, inputs);
    ImageSaver saver = new ImageSaver(save, provider.id(), listener::onWarning);
    List<List<Conversation.Part>> turn = new ArrayList<>(1);
    Generation g = runCall(client, request, inputs, mask, saver, 0, 1, 1, history, turn::add);
    return new Step(g, inputs, turn.isEmpty() ? List.of() : turn.get(0));
  }

  /** What {@link #converse} produced: the saved generation, the inputs as sent, the model turn. */
  record Step(Generation generation, List<PreparedInput> inputs, List<Conversation.Part> modelTurn) {}

  /**
   * Starts editing in conversation: sends {@code first} as the session's first turn (one image),
   * saved in a directory named after the session inside {@code save}'s, and returns the session. See {@link EditSession}.
   *
   * @param store where each turn is recorded once its files are on disk (e.g. the history)
   * @throws InvalidRequestException when the model can neither continue a conversation nor edit
   *     images, or the request is invalid (nothing is sent)
   * @throws DarkroomException when the first turn fails
   */
  public EditSession session(ImageRequest first, SaveOptions save, SessionStore store) {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(save, "save");
    String id = SESSION_ID.format(config.clock.instant()) + "-"
        + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    return EditSession.start(this, id, first, save, Objects.requireNonNull(store, "store"));
  }

  /** {@link #session(ImageRequest, SaveOptions, SessionStore)} recording nowhere. */
  public EditSession session(ImageRequest first, SaveOptions save) {
    return session(first, save, SessionStore.NONE);
  }

  /**
   * Continues a session from its recorded turns (e.g. read back from the history) after a crash or
   * on another day; the head is the last turn. Nothing is sent.
   *
   * @param template the session's first request
   * @param save the session's own directory ({@link EditSession#directory()}) and output format
   * @param turns its turns, numbered 1..n in order
   */
  public EditSession resumeSession(String id, ImageRequest template, SaveOptions save, List<EditTurn> turns,
      SessionStore store) {
    ensureOpen();
    return EditSession.resume(this, id, template, save, store, turns);
  }

  private static final java.time.format.DateTimeFormatter SESSION_ID =
      java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  void warn(String message) {
    config.listener.onWarning(message);
  }

  Instant now() {
    return config.clock.instant();
  }

  /** Prepares images as {@link #generate} would send them (loaded, downscaled). For {@link EditSession}. */
  List<PreparedInput> prepare(List<ImageInput> images) {
    return preparer.prepare(images);
  }

  /** The provider a request goes to. */
  ImageProvider provider(ImageRequest request) {
    return providerOf(request);
  }

  private @Nullable PreparedInput prepareMask(ImageRequest request, List<PreparedInput> inputs) {
    if (request.mask().isEmpty()) {
      return null;
    }
    PreparedInput mask = preparer.prepare(List.of(request.mask().get())).get(0);
    PreparedInput first = inputs.get(0);
    MaskCheck.checkPrepared(mask.bytes(), mask.source(), first.width(), first.height(), first.source());
    return mask;
  }

  /**
   * Refuses a model whose shutdown date has come (by this client's clock), unless
   * {@value ModelInfo#ALLOW_SHUTDOWN_ENV} in the client's environment allows it or its table entry
   * says {@code ignoreShutdownDate}.
   *
   * @throws InvalidRequestException saying how to override
   */
  public void checkLifecycle(ModelInfo model) {
    model.requireServedOn(LocalDate.now(config.clock.withZone(ZoneOffset.UTC)),
        ModelInfo.shutdownAllowed(config.env.get(ModelInfo.ALLOW_SHUTDOWN_ENV), model.id()));
  }

  /**
   * What {@link #generate} would send, without sending it: the endpoint, the body (image data
   * elided, no API key) and the estimated cost. Reference image files are loaded and checked; URLs
   * are not downloaded (a warning says so).
   */
  public DryRun dryRun(ImageRequest request) {
    ImageProvider provider = providerOf(request);
    ProviderClient client = describer(provider);
    checkLifecycle(request.model());
    request.model().lifecycleWarning(LocalDate.now(config.clock.withZone(ZoneOffset.UTC))).ifPresent(config.listener::onWarning);
    request.warnings().forEach(config.listener::onWarning);
    List<PreparedInput> inputs = preparer.describe(request.images());
    boolean urls = request.images().stream().anyMatch(i -> i.kind() == ImageInput.Kind.URL)
        || request.mask().map(m -> m.kind() == ImageInput.Kind.URL).orElse(false);
    if (urls) {
      config.listener.onWarning("reference image URLs are not downloaded in a dry run; they are fetched and"
          + " checked just before sending");
    }
    PreparedInput mask = urls ? request.mask().map(m -> preparer.describe(List.of(m)).get(0)).orElse(null)
        : prepareMask(request, inputs);
    ProviderCall call = new ProviderCall(request, inputs, mask, Math.min(request.count(), provider.imagesPerCall(request)),
        config.timeout, t -> {}, ProviderCall.PartialSink.NONE);
    CostEstimate estimate = estimate(request);
    return new DryRun(client.endpoint(call), client.describe(call), estimate.upToUsd(), estimate.upperBound());
  }

  /**
   * The expected cost in USD, an upper bound where the provider decides ({@link #estimate}): per image,
   * the provider's estimate of image tokens at the image rate and of thinking and text tokens at the
   * text-output rate, plus the prompt (about 4 characters a token) at the input rate and about 560
   * tokens per reference image at the image input rate. Budgets ({@code --max-cost}) compare against this.
   */
  public static BigDecimal estimateCost(ImageRequest request) {
    return estimate(request).upToUsd();
  }

  /** The estimated cost of {@code request}, saying whether it is an upper bound. See {@link #estimateCost}. */
  public static CostEstimate estimate(ImageRequest request) {
    ModelInfo m = request.model();
    long imageInput = 560L * (request.images().size() + (request.mask().isPresent() ? 1 : 0));
    ImageProvider provider = Providers.find(m.provider()).orElse(null);
    long promptTokens = (request.prompt().length() + (provider == null ? 0 : provider.extraPromptCharacters(request))
        + 3) / 4 + imageInput;
    long imageTokens = provider == null ? m.estimatedImageTokens(request.effectiveImageSize(), null)
        : provider.estimatedImageTokens(request);
    long textTokens = provider == null ? 0 : provider.estimatedTextTokens(request);
    Usage one = new Usage(promptTokens, imageTokens + textTokens, imageTokens, 0, 0,
        promptTokens + imageTokens + textTokens, m.usesPixelSizes() ? imageInput : 0);
    BigDecimal usd = m.pricing().cost(one).multiply(BigDecimal.valueOf(request.count())).setScale(6, RoundingMode.HALF_UP);
    return new CostEstimate(usd, provider != null && provider.estimateIsUpperBound(request));
  }

  /**
   * An estimated cost.
   *
   * @param upToUsd the estimate in USD; the most the request should cost when {@code upperBound}
   * @param upperBound whether the provider decides part of the cost (automatic quality, thinking), so
   *     the actual cost is usually lower
   */
  public record CostEstimate(BigDecimal upToUsd, boolean upperBound) {}

  /**
   * One provider call for {@code n} images; {@code perCall} is the plan's images per call, so this
   * call's first image is number {@code call × perCall + 1}.
   */
  private Generation runCall(ProviderClient provider, ImageRequest request, List<PreparedInput> inputs,
      @Nullable PreparedInput mask, ImageSaver saver, int call, int n, int perCall,
      @Nullable Conversation conversation, java.util.function.Consumer<List<Conversation.Part>> modelTurn) {
    GenerationListener listener = config.listener;
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while waiting for a free slot", e, DarkroomException.Details.none());
    }
    GenerationRecorder.Call record = null;
    try {
      List<String> hashes = inputs.stream().map(PreparedInput::sourceSha256).toList();
      long beginNanos = System.nanoTime();
      record = config.recorder.begin(request, hashes, call, config.maxInputSide);
      long startNanos = System.nanoTime();
      listener.onPhase(call, GenerationListener.PHASE_HISTORY, Duration.ofNanos(startNanos - beginNanos));
      ProviderCall pc = new ProviderCall(request, inputs, mask, n, config.timeout,
          text -> listener.onThought(call, text),
          (index, raw) -> listener.onPartialImage(call, index, saver.partial(request, inputs, toImage(raw), call,
              perCall, index, listener)),
          (step, total) -> listener.onProgress(call, step, total));
      if (conversation != null) {
        pc = pc.withConversation(conversation);
      }
      ProviderCall sent = pc;
      AtomicInteger attempts = new AtomicInteger();
      Retrier.Outcome<ProviderResponse> outcome;
      try {
        outcome = retrier.run(
            attempt -> {
              attempts.set(attempt);
              listener.onAttempt(call, attempt);
              return provider.generate(sent);
            },
            (attempt, delay, cause) -> listener.onRetry(call, attempt, delay, cause));
      } catch (DarkroomException e) {
        e.attempts(attempts.get());
        throw e;
      }
      ProviderResponse r = outcome.value();
      Duration latency = Duration.ofNanos(System.nanoTime() - startNanos);
      listener.onPhase(call, GenerationListener.PHASE_HTTP, latency);
      long decodeStart = System.nanoTime();
      List<GeneratedImage> finals = new ArrayList<>();
      List<GeneratedImage> thoughts = new ArrayList<>();
      for (RawImage raw : r.images()) {
        (raw.thought() ? thoughts : finals).add(toImage(raw));
      }
      listener.onPhase(call, GenerationListener.PHASE_DECODE, Duration.ofNanos(System.nanoTime() - decodeStart));
      BigDecimal cost = r.charged() ? request.model().pricing().cost(r.usage()) : BigDecimal.ZERO.setScale(8);
      Generation g = new Generation(request.model().id(), r.modelVersion(), r.responseId(), finals, thoughts,
          r.text(), r.thoughts(), r.reason(), r.groundingSources(), r.searchQueries(), latency, outcome.attempts(),
          r.usage(), cost).withEngineTime(r.engineTime());
      switch (r.outcome()) {
        case BLOCKED -> {
          DarkroomException e = blocked(r, g);
          e.attempts(outcome.attempts());
          throw e;
        }
        case NO_IMAGE -> {
          DarkroomException e = noImage(r, g);
          e.attempts(outcome.attempts());
          throw e;
        }
        case IMAGES -> {
          modelTurn.accept(r.modelTurn());
          Generation done = saver.finish(request, inputs, g, finals, thoughts, call, perCall, listener);
          GenerationRecorder.Call recorded = record;
          long recordStart = System.nanoTime();
          complete(() -> recorded.succeeded(done), listener);
          listener.onPhase(call, GenerationListener.PHASE_HISTORY, Duration.ofNanos(System.nanoTime() - recordStart));
          listener.onCallSucceeded(call, done);
          return done;
        }
        default -> throw new IllegalStateException(r.outcome().name());
      }
    } catch (DarkroomException e) {
      GenerationRecorder.Call recorded = record;
      if (recorded != null) {
        complete(() -> recorded.failed(e), listener);
      }
      listener.onCallFailed(call, e);
      throw e;
    } finally {
      permits.release();
    }
  }

  private static void complete(Runnable recording, GenerationListener listener) {
    try {
      recording.run();
    } catch (RuntimeException e) {
      listener.onWarning("could not record the call in the history: " + e.getMessage());
    }
  }

  static GeneratedImage toImage(RawImage raw) {
    String mime = ImageFormat.sniff(raw.bytes()).map(ImageFormat::mimeType).orElse(raw.mimeType());
    int w = 0;
    int h = 0;
    try {
      var probed = ImageProbe.probe(raw.bytes());
      w = probed.width();
      h = probed.height();
    } catch (IllegalArgumentException e) {
      // Keep the bytes anyway: a paid image is saved even when we cannot measure it.
    }
    return new GeneratedImage(raw.bytes(), mime, w, h, raw.thought(), null, List.of());
  }

  static ContentBlockedException blocked(ProviderResponse r, Generation g) {
    boolean prompt = g.images().isEmpty() && r.usage().outputTokens() == 0 && !r.reason().startsWith("IMAGE_");
    String what = r.reason().startsWith("IMAGE_") ? "the generated image" : prompt ? "the prompt" : "the output";
    String message = "the provider blocked " + what + " (" + r.reason()
        + (r.reasonMessage() == null ? "" : ": " + r.reasonMessage()) + ")"
        + (r.text().isBlank() ? "" : "; the model said: \"" + abbreviate(r.text()) + "\"")
        + (r.charged() ? "" : "; not charged")
        + "; rephrase the prompt or change the reference images (blocked requests are not retried)";
    return new ContentBlockedException(message, r.reason(), g);
  }

  static NoImageException noImage(ProviderResponse r, Generation g) {
    String message = "the model returned no image (" + r.reason()
        + (r.reasonMessage() == null ? "" : ": " + r.reasonMessage()) + ")"
        + (r.text().isBlank() ? "" : "; it said: \"" + abbreviate(r.text()) + "\"")
        + "; ask explicitly for an image, simplify the prompt, or try again";
    return new NoImageException(message, r.reason(), r.text(), g);
  }

  private static String abbreviate(String s) {
    String t = s.strip().replaceAll("\\s+", " ");
    return t.length() <= 300 ? t : t.substring(0, 297) + "...";
  }

  private ImageProvider providerOf(ImageRequest request) {
    ensureOpen();
    return Providers.require(request.model().provider(), "model " + request.model().id());
  }

  private ProviderClient clientFor(ImageProvider provider) {
    ProviderClient client = clients.get(provider.id());
    if (client == null) {
      synchronized (clients) {
        client = clients.get(provider.id());
        if (client == null) {
          client = provider.open(context(provider.id(), false));
          clients.put(provider.id(), client);
        }
      }
    }
    return client;
  }

  /** The client that describes a dry run: the real one when it opens, else one without secrets. */
  private ProviderClient describer(ImageProvider provider) {
    ProviderClient open = clients.get(provider.id());
    if (open != null) {
      return open;
    }
    try {
      return clientFor(provider);
    } catch (InvalidRequestException e) {
      return provider.open(context(provider.id(), true));
    }
  }

  private ProviderContext context(String providerId, boolean describeOnly) {
    return ProviderContext.builder(providerId)
        .settings(config.settings)
        .env(config.env)
        .http(http)
        .scheduler(scheduler)
        .redactor(redactor)
        .userAgent(userAgent)
        .catalog(catalog)
        .timeout(config.timeout)
        .sleeper(config.sleeper)
        .maxInputSide(config.maxInputSide)
        .describeOnly(describeOnly)
        .build();
  }

  /**
   * What the engine of {@code providerId} offers, by kind (checkpoints, LoRAs, samplers…), read from
   * the engine with this client's settings; empty for providers with nothing to discover.
   *
   * @throws InvalidRequestException when the provider is not installed
   * @throws DarkroomException when the engine cannot be reached
   */
  public Map<String, List<String>> inventory(String providerId) {
    ensureOpen();
    return Providers.require(providerId, "the inventory").inventory(context(providerId, false));
  }

  /**
   * The image models {@code providerId} serves right now, read from its own model list with this client's
   * settings ({@link ImageProvider#liveModels}); empty when the provider has no such list.
   *
   * @throws InvalidRequestException when the provider is not installed or a required setting (a key) is missing
   * @throws DarkroomException when the list cannot be read
   */
  public Optional<List<String>> liveModels(String providerId) {
    ensureOpen();
    return Providers.require(providerId, "the model list").liveModels(context(providerId, false));
  }

  /**
   * How many calls the engine of {@code providerId} runs in parallel, read from the engine with this
   * client's settings where the provider can tell (SwarmUI: its usable backends, when the account may list
   * them); empty otherwise, and when the provider is not installed or the engine cannot be asked. For callers
   * choosing a concurrency the user did not set; never throws for an unreachable engine.
   */
  public java.util.OptionalInt suggestedConcurrency(String providerId) {
    ensureOpen();
    Optional<ImageProvider> provider = Providers.find(providerId);
    if (provider.isEmpty()) {
      return java.util.OptionalInt.empty();
    }
    try {
      java.util.OptionalInt n = provider.get().suggestedConcurrency(context(providerId, false));
      return n.isPresent() && n.getAsInt() >= 1 ? n : java.util.OptionalInt.empty();
    } catch (DarkroomException e) {
      return java.util.OptionalInt.empty();
    }
  }

  /**
   * The batch API of {@code providerId}, opened with this client's settings, when the provider has
   * one. The caller closes it.
   *
   * @throws InvalidRequestException when the provider is not installed or a required setting is missing
   */
  public Optional<BatchBackend> openBatch(String providerId, BatchBackend.Settings settings) {
    ensureOpen();
    ImageProvider provider = Providers.require(providerId, "a batch");
    return provider.openBatch(context(providerId, false), settings);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this Darkroom client is closed");
    }
  }

  /**
   * Stops the client's threads. Calls in flight are interrupted and given up to 5 s to cancel their
   * jobs and return. Idempotent and safe to call from several threads at once: a second call (e.g. a
   * job's own {@code try}-with-resources while a Stop button closes it too) returns only once the first
   * has finished, so the HTTP client is never taken down under a cancel that is still being sent.
   */
  @Override
  public void close() {
    closed = true;
    synchronized (closeLock) {
      if (closeDone) {
        return;
      }
      callers.forEach(Thread::interrupt);
      // Each provider client cancels its jobs in flight here, over HTTP: the HTTP client must outlive this.
      clients.values().forEach(ProviderClient::close);
      callExecutor.shutdownNow();
      // Interrupted calls still cancel their jobs over HTTP (a local engine's per-job cancel): give them
      // a moment to finish before the HTTP threads go, so none is left waiting for an answer forever.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
      try {
        callExecutor.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        synchronized (callers) {
          long left;
          while (!callers.isEmpty() && !callers.contains(Thread.currentThread())
              && (left = deadline - System.nanoTime()) > 0) {
            callers.wait(Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left)));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      scheduler.shutdownNow();
      HttpSupport.shutdownNow(http);
      // Not shutdownNow: the client's own tasks are not to be interrupted, and an exchange still in flight
      // (a call that outlived the wait) completes on a thread of its own rather than hanging (see HttpSupport).
      httpExecutor.shutdown();
      closeDone = true;
    }
  }


  private static String readVersion() {
    try (InputStream in = Darkroom.class.getResourceAsStream("/dev/darkroom/darkroom-version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }

  /**
   * The request a call would send.
   *
   * @param endpoint the URL (no secrets)
   * @param body the JSON body, pretty-printed, image data elided
   * @param estimatedCostUsd see {@link #estimateCost(ImageRequest)}
   * @param upperBound whether the estimate is an upper bound ({@link CostEstimate#upperBound()})
   */
  public record DryRun(String endpoint, String body, BigDecimal estimatedCostUsd, boolean upperBound) {}

  /** Configures a {@link Darkroom}. */
  public static final class Builder {
    private final Map<String, String> settings = new java.util.LinkedHashMap<>();
    private final Map<String, String> env = new java.util.LinkedHashMap<>();
    private Duration timeout = Duration.ofSeconds(300);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private @Nullable ModelCatalog catalog;
    private @Nullable String defaultModel;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private GenerationListener listener = GenerationListener.NONE;
    private int maxInputSide = 2048;
    private int maxConcurrency = 8;
    private GenerationRecorder recorder = GenerationRecorder.NONE;

    Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.settings.putAll(settings);
      b.env.putAll(env);
      b.timeout = timeout;
      b.connectTimeout = connectTimeout;
      b.catalog = catalog;
      b.defaultModel = defaultModel;
      b.retryPolicy = retryPolicy;
      b.clock = clock;
      b.sleeper = sleeper;
      b.random = random;
      b.listener = listener;
      b.maxInputSide = maxInputSide;
      b.maxConcurrency = maxConcurrency;
      b.recorder = recorder;
      return b;
    }

    /**
     * Applies environment variables (pass {@code System.getenv()}): {@code DARKROOM_MODEL},
     * {@code DARKROOM_MODELS}, and the map is kept for providers, which read their own variables
     * ({@code GEMINI_API_KEY}, {@code OPENAI_API_KEY}…) when they are opened. Blank values are ignored.
     * Settings given with {@link #setting} win over variables.
     */
    public Builder env(Map<String, String> env) {
      env.forEach((k, v) -> {
        if (k != null && v != null && !v.isBlank()) {
          this.env.put(k, v);
        }
      });
      if (nonBlank(env.get("DARKROOM_MODELS")) != null) {
        catalog = ModelCatalog.fromEnv(env);
      }
      String model = nonBlank(env.get("DARKROOM_MODEL"));
      if (model != null) {
        defaultModel = model;
      }
      return this;
    }

    private static @Nullable String nonBlank(@Nullable String s) {
      return s == null || s.isBlank() ? null : s.trim();
    }

    /**
     * A provider setting, named {@code <provider>.<name>}: e.g. {@code gemini.apiKey},
     * {@code openai.baseUrl}, {@code comfyui.url}. Each provider documents its settings; a setting
     * wins over the provider's environment variables. Secrets given here are never logged or stored.
     * A null or blank value removes the setting.
     */
    public Builder setting(String key, @Nullable String value) {
      Objects.requireNonNull(key, "key");
      if (key.indexOf('.') <= 0) {
        throw new IllegalArgumentException("a setting is named <provider>.<name>, e.g. gemini.apiKey; got " + key);
      }
      if (value == null || value.isBlank()) {
        settings.remove(key);
      } else {
        settings.put(key, value.trim());
      }
      return this;
    }

    /** Whole-request deadline per attempt; default 300 s. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new InvalidRequestException("timeout must be positive, got " + timeout.toSeconds() + " s");
      }
      this.timeout = timeout;
      return this;
    }

    /** Connect timeout; default 10 s. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout);
      return this;
    }

    public Builder catalog(ModelCatalog catalog) {
      this.catalog = Objects.requireNonNull(catalog);
      return this;
    }

    /** The model used when a request names none; must be in the catalog. */
    public Builder defaultModel(@Nullable String model) {
      this.defaultModel = nonBlank(model);
      return this;
    }

    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy);
      return this;
    }

    /** For tests: the clock used for deadlines and dates. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** For tests: how the client waits between retries. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper);
      return this;
    }

    /** For tests: the source of jitter, uniform in [0, 1). */
    public Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random);
      return this;
    }

    public Builder listener(GenerationListener listener) {
      this.listener = Objects.requireNonNull(listener);
      return this;
    }

    /** Reference images are downscaled to this longest side in pixels; 0 sends them unchanged. Default 2048. */
    public Builder maxInputSide(int pixels) {
      if (pixels < 0) {
        throw new InvalidRequestException("max input side must be 0 (off) or positive, got " + pixels);
      }
      this.maxInputSide = pixels;
      return this;
    }

    /** Most provider calls in flight at once for this client; default 8. */
    public Builder maxConcurrency(int calls) {
      if (calls < 1) {
        throw new IllegalArgumentException("maxConcurrency must be at least 1, got " + calls);
      }
      this.maxConcurrency = calls;
      return this;
    }

    /** Where every call is recorded (e.g. the history database); default none. */
    public Builder recorder(GenerationRecorder recorder) {
      this.recorder = Objects.requireNonNull(recorder);
      return this;
    }

    /**
     * Builds the client.
     *
     * @throws InvalidRequestException when the default model is unknown or the model table is bad
     */
    public Darkroom build() {
      return new Darkroom(this);
    }
  }
}
