package dev.darkroom.batch;

import dev.darkroom.ContentBlockedException;
import dev.darkroom.Darkroom;
import dev.darkroom.DarkroomException;
import dev.darkroom.DeferredResults;
import dev.darkroom.ErrorKind;
import dev.darkroom.Generation;
import dev.darkroom.GenerationListener;
import dev.darkroom.GenerationRecorder;
import dev.darkroom.ImageRequest;
import dev.darkroom.ImageResult;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.NoImageException;
import dev.darkroom.Provenance;
import dev.darkroom.RetryPolicy;
import dev.darkroom.ServerException;
import dev.darkroom.Sleeper;
import dev.darkroom.TransportException;
import dev.darkroom.batch.internal.RateGate;
import dev.darkroom.spi.BatchBackend;
import dev.darkroom.spi.ImageProvider;
import dev.darkroom.spi.ProviderBatch;
import dev.darkroom.spi.Providers;
import dev.darkroom.history.BatchJobRecord;
import dev.darkroom.history.BatchJobStatus;
import dev.darkroom.history.BatchJournal;
import dev.darkroom.history.BatchRunState;
import dev.darkroom.history.History;
import dev.darkroom.internal.io.AtomicFiles;
import dev.darkroom.spi.PreparedInput;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link BatchPlan}: many generations, fast, within the provider's limits, never paying twice
 * for an image and never losing one.
 *
 * <pre>{@code
 * try (History history = History.openDefault(System.getenv());
 *     Darkroom darkroom = Darkroom.fromEnv()) {
 *   BatchRunner runner = BatchRunner.builder().darkroom(darkroom).history(history)
 *       .concurrency(8).requestsPerMinute(60).build();
 *   BatchSummary summary = runner.run(JobFile.plan(Path.of("pokemon.yaml"), darkroom.catalog()));
 * }
 * }</pre>
 *
 * <p><b>Concurrency and rate limits.</b> {@link Builder#concurrency} workers take jobs from one queue.
 * Every attempt first passes one shared gate: requests are spaced evenly under
 * {@link Builder#requestsPerMinute}, and when any worker gets a 429 the gate closes for all of them
 * for the delay the provider asked for (RetryInfo), else for the retry policy's backoff. Retries are
 * therefore done here, not in the client (which runs with {@link RetryPolicy#none()}); other transient
 * failures (5xx, resets) back off only the worker that saw them. Blocked prompts, missing images and
 * timeouts are not retried (a timed-out call may be billed).
 *
 * <p><b>Crash safety.</b> Every call is recorded in the history under the run id before it is sent;
 * a job is journaled done in the transaction that completes its call, after its file is on disk. A
 * later run of the same plan skips jobs done by any run (their key is in the journal and their file
 * exists), and adopts a file a killed process saved but could not journal (its embedded provenance
 * names the same prompt and model), so after a kill at any moment only the calls in flight are paid
 * again. Temporary files that a kill left in the output directories (older than an hour) are deleted
 * when a run, submission or collection starts.
 *
 * <p><b>Cost.</b> With {@link Builder#maxCostUsd}, a run whose estimate exceeds the limit is refused
 * before anything is sent, and no new job starts once the actual spend reaches it.
 *
 * <p><b>Batch API.</b> {@link #submit} sends the jobs through their provider's batch API (Gemini's
 * or OpenAI's, half price; one batch per model, and for OpenAI per endpoint), journals the batch names
 * with their provider, and {@link #collect} later (from any process) waits for them and saves every
 * result with provenance, recorded at the batch price. Models whose table entry has no batch price,
 * and providers without a batch client, are refused before anything is sent.
 *
 * <p>Thread-safe; a runner may run one plan at a time.
 */
public final class BatchRunner implements AutoCloseable {
  /** How a run sends its jobs, as journaled. */
  public static final String VIA_DIRECT = "direct";
  /** How a run sends its jobs, as journaled. */
  public static final String VIA_BATCH_API = "batch-api";
  /**
   * How old a leftover temporary file ({@code .<name>.<random>.tmp}) in an output directory must be
   * before a run deletes it: older than any save in progress.
   */
  static final Duration STALE_TEMPORARY_AGE = Duration.ofHours(1);

  private final Darkroom base;
  private final History history;
  private final BatchJournal journal;
  private final Map<String, BatchBackend> backends = new java.util.concurrent.ConcurrentHashMap<>();
  private final BatchBackend.Settings batchSettings;
  private final int concurrency;
  private final int requestsPerMinute;
  private final @Nullable BigDecimal maxCost;
  private final RetryPolicy retryPolicy;
  private final BatchListener listener;
  private final Sleeper sleeper;
  private final LongSupplier nanoTime;
  private final DoubleSupplier random;
  private final int maxInputSide;

  private BatchRunner(Builder b) {
    this.base = Objects.requireNonNull(b.darkroom, "darkroom");
    this.history = Objects.requireNonNull(b.history, "history");
    this.journal = history.batchJournal();
    b.backends.forEach(x -> backends.put(x.provider(), x));
    this.batchSettings = b.batchSettings;
    this.concurrency = b.concurrency;
    this.requestsPerMinute = b.requestsPerMinute;
    this.maxCost = b.maxCost;
    this.retryPolicy = b.retryPolicy;
    this.listener = b.listener;
    this.sleeper = b.sleeper;
    this.nanoTime = b.nanoTime;
    this.random = b.random;
    this.maxInputSide = b.maxInputSide;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The history's journal this runner writes. */
  public BatchJournal journal() {
    return journal;
  }

  /** Runs the plan under a fresh run id. See {@link #run(BatchPlan, String)}. */
  public BatchSummary run(BatchPlan plan) {
    return run(plan, history.newRunId());
  }

  /**
   * Generates every job of the plan not done yet, directly, under {@code runId} (a new one, or the id
   * of a run to resume).
   *
   * @throws InvalidRequestException before anything is sent: the estimate exceeds the cost limit, or
   *     an output file exists that this job did not make
   */
  public BatchSummary run(BatchPlan plan, String runId) {
    long start = nanoTime.getAsLong();
    removeStaleTemporaries(plan);
    Triage t = triage(plan, runId);
    BigDecimal estimate = BatchPlan.estimateCost(t.todo);
    checkEstimate(estimate, "");
    journal.startRun(runId, plan.file(), plan.fileSha256(), VIA_DIRECT, options(), planned(plan));
    recordSkipped(runId, t);
    listener.onStart(runId, plan.jobs().size(), t.alreadyDone.size(), t.todo.size(), estimate);
    Tally tally = new Tally();
    Map<ImageRequest, String> keys = Collections.synchronizedMap(new IdentityHashMap<>());
    t.todo.forEach(j -> keys.put(j.request(), j.key()));
    GenerationRecorder recorder = journal.recorder(runId, keys::get);
    RateGate gate = new RateGate(requestsPerMinute, nanoTime, sleeper);
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<BatchJob> queue = new ConcurrentLinkedQueue<>(t.todo);
    AtomicInteger notStarted = new AtomicInteger();
    try (Darkroom client = base.newBuilder()
            .retryPolicy(RetryPolicy.none())
            .maxConcurrency(concurrency)
            .recorder(recorder)
            .listener(new GenerationListener() {
              @Override
              public void onWarning(String message) {
                listener.onWarning(message);
              }
            })
            .build()) {
      ExecutorService workers = Executors.newFixedThreadPool(concurrency, r -> {
        Thread th = new Thread(r, "darkroom-batch-worker");
        th.setDaemon(true);
        return th;
      });
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
          futures.add(workers.submit(() -> {
            BatchJob job;
            while ((job = queue.poll()) != null) {
              if (stop.get() || costReached(tally)) {
                if (!stop.getAndSet(true)) {
                  listener.onCostLimitReached(tally.spent(), maxCost);
                }
                notStarted.incrementAndGet();
                continue;
              }
              runJob(client, gate, job, runId, tally);
            }
            return null;
          }));
        }
        for (Future<?> f : futures) {
          try {
            f.get();
          } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures.forEach(x -> x.cancel(true));
            throw new TransportException("interrupted while running batch " + runId, e,
                DarkroomException.Details.none());
          }
        }
      } finally {
        workers.shutdownNow();
      }
    }
    journal.setState(runId, notStarted.get() == 0 ? BatchRunState.FINISHED : BatchRunState.RUNNING);
    return tally.summary(runId, plan.jobs().size(), t, notStarted.get(), elapsed(start), List.of());
  }

  private boolean costReached(Tally tally) {
    return maxCost != null && tally.spent().compareTo(maxCost) >= 0;
  }

  private void runJob(Darkroom client, RateGate gate, BatchJob job, String runId, Tally tally) {
    for (int attempt = 1; ; attempt++) {
      try {
        gate.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransportException("interrupted while waiting to send " + job.name(), e,
            DarkroomException.Details.none());
      }
      listener.onJobStarted(job, attempt);
      try {
        ImageResult result = client.generate(job.request(), job.saveOptions());
        Generation g = result.generations().get(0);
        tally.done(g.costUsd());
        listener.onJobDone(job, g);
        return;
      } catch (DarkroomException e) {
        BigDecimal cost = paidFor(e);
        if (e.isRetryable() && attempt < retryPolicy.maxAttempts()) {
          Duration delay = retryPolicy.delayAfter(attempt, e.retryAfter().orElse(null), random);
          listener.onRetry(job, attempt, delay, e);
          if (e.kind() == ErrorKind.QUOTA) {
            gate.pauseFor(delay);
            listener.onPause(delay, e);
          } else {
            try {
              sleeper.sleep(delay);
            } catch (InterruptedException ie) {
              Thread.currentThread().interrupt();
              throw new TransportException("interrupted while waiting to retry " + job.name(), ie,
                  DarkroomException.Details.none());
            }
          }
          tally.spend(cost);
          continue;
        }
        journal.markFailed(runId, job.key(), e.kind().name(), String.valueOf(e.getMessage()), cost);
        tally.failed(job, e, cost);
        listener.onJobFailed(job, e);
        return;
      }
    }
  }

  private static BigDecimal paidFor(DarkroomException e) {
    if (e instanceof ContentBlockedException b) {
      return b.generation().map(Generation::costUsd).orElse(BigDecimal.ZERO);
    }
    if (e instanceof NoImageException n) {
      return n.generation().map(Generation::costUsd).orElse(BigDecimal.ZERO);
    }
    return BigDecimal.ZERO;
  }

  // ---- Batch API ----

  /**
   * Sends every job not done yet through its provider's batch API (one batch per model, and for
   * OpenAI per endpoint) under {@code runId} and journals their names; with {@code wait}, then
   * {@link #collect}s them.
   *
   * @throws InvalidRequestException before anything is sent: as {@link #run(BatchPlan, String)}; a job's
   *     provider has no batch client; a job's model is not offered through the batch API, or the job
   *     asks for what a batch cannot carry (partial images)
   */
  public BatchSummary submit(BatchPlan plan, String runId, boolean wait) {
    long start = nanoTime.getAsLong();
    removeStaleTemporaries(plan);
    Triage t = triage(plan, runId);
    checkBatchable(plan, t.todo);
    BigDecimal estimate = BatchPlan.estimateBatchCost(t.todo);
    checkEstimate(estimate, " at batch prices");
    journal.startRun(runId, plan.file(), plan.fileSha256(), VIA_BATCH_API, options(), planned(plan));
    recordSkipped(runId, t);
    listener.onStart(runId, plan.jobs().size(), t.alreadyDone.size(), t.todo.size(), estimate);
    List<String> names = send(runId, t.todo);
    if (!wait || names.isEmpty()) {
      if (names.isEmpty()) {
        journal.setState(runId, BatchRunState.FINISHED);
      }
      Tally tally = new Tally();
      return tally.summary(runId, plan.jobs().size(), t, 0, elapsed(start), names);
    }
    BatchSummary collected = collect(plan, runId);
    return new BatchSummary(runId, plan.jobs().size(), t.alreadyDone.size(), t.adopted.size(), collected.done(),
        collected.failures(), collected.notStarted(), collected.spentUsd(), elapsed(start), collected.batches());
  }

  private List<String> send(String runId, List<BatchJob> todo) {
    Map<String, List<BatchJob>> groups = new LinkedHashMap<>();
    for (BatchJob j : todo) {
      BatchBackend backend = backendFor(j);
      groups.computeIfAbsent(backend.provider() + "\n" + backend.group(j.request()), g -> new ArrayList<>()).add(j);
    }
    List<String> names = new ArrayList<>();
    for (List<BatchJob> group : groups.values()) {
      BatchBackend backend = backendFor(group.get(0));
      List<BatchBackend.Entry> entries = group.stream().map(j -> new BatchBackend.Entry(j.key(), j.request())).toList();
      ProviderBatch created = backend.submit(runId, entries);
      journal.markSubmitted(runId, group.stream().map(BatchJob::key).toList(), created.name());
      listener.onBatchState(created);
      names.add(created.name());
    }
    return names;
  }

  /** Refuses, before anything is sent, jobs no batch API here can take. */
  private void checkBatchable(BatchPlan plan, List<BatchJob> todo) {
    for (BatchJob j : todo) {
      try {
        backendFor(j).check(j.request());
      } catch (InvalidRequestException e) {
        throw new InvalidRequestException(plan.file().getFileName() + ": " + j.origin() + ": " + e.getMessage());
      }
    }
  }

  private BatchBackend backendFor(BatchJob job) {
    return backend(job.request().model().provider(), job.name() + " uses " + job.request().model().id());
  }

  /** The backend of a journaled batch name. */
  private BatchBackend backendFor(String journalName) {
    String provider = providerOf(journalName);
    return backend(provider, "batch " + journalName);
  }

  /**
   * The provider's batch API: given to the builder, else opened from the client's settings (and
   * closed with the runner).
   */
  private BatchBackend backend(String provider, String forWhat) {
    BatchBackend backend = backends.get(provider);
    if (backend != null) {
      return backend;
    }
    synchronized (backends) {
      backend = backends.get(provider);
      if (backend == null) {
        backend = base.openBatch(provider, batchSettings).orElseThrow(() -> new InvalidRequestException(forWhat
            + " of provider " + provider + ", which has no batch API; send it directly"));
        backends.put(provider, backend);
        opened.add(backend);
      }
      return backend;
    }
  }

  private final List<BatchBackend> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Closes the batch APIs this runner opened itself. */
  @Override
  public void close() {
    opened.forEach(BatchBackend::close);
  }

  /** The provider of a journaled batch name: its {@code provider:} prefix, or the provider that claims it. */
  static String providerOf(String journalName) {
    return Providers.ownerOfBatch(journalName).map(ImageProvider::id).orElseThrow(() -> new InvalidRequestException(
        "batch " + journalName + " belongs to no installed provider; installed: "
            + String.join(", ", Providers.all().keySet())));
  }

  /** The provider's own id of a journaled batch name. */
  static String idOf(String journalName) {
    String provider = providerOf(journalName);
    return journalName.startsWith(provider + ":") ? journalName.substring(provider.length() + 1) : journalName;
  }

  /** The providers whose batch clients a run's journaled batch names need. */
  public static Set<String> providersOf(List<String> journalNames) {
    Set<String> providers = new java.util.TreeSet<>();
    journalNames.forEach(n -> providers.add(providerOf(n)));
    return providers;
  }

  /**
   * A journaled batch as its provider describes it now.
   *
   * @throws InvalidRequestException when the runner has no client for its provider
   */
  public ProviderBatch batch(String journalName) {
    return backendFor(journalName).get(idOf(journalName));
  }

  /**
   * Waits for the run's provider batches, polling with backoff, and saves each result: images with
   * provenance at the job's output path, recorded in the history at the batch price and journaled done.
   * Per-request errors and blocked results fail their job; the jobs of a batch that failed, expired or
   * was cancelled without a result for them go back to pending (a resume sends them again); results it
   * has (OpenAI keeps those of requests run before expiry or cancellation) are saved. Jobs of the plan that are neither done
   * nor submitted are sent as a new batch first, so this is also how a Batch API run is resumed.
   */
  public BatchSummary collect(BatchPlan plan, String runId) {
    long start = nanoTime.getAsLong();
    Tally tally = new Tally();
    removeStaleTemporaries(plan);
    Triage t = triage(plan, runId);
    if (!t.todo.isEmpty()) {
      checkBatchable(plan, t.todo);
      BigDecimal estimate = BatchPlan.estimateBatchCost(t.todo);
      checkEstimate(estimate, " at batch prices");
      journal.startRun(runId, plan.file(), plan.fileSha256(), VIA_BATCH_API, options(), planned(plan));
      recordSkipped(runId, t);
      send(runId, t.todo);
    }
    Map<String, Set<String>> waiting = new LinkedHashMap<>();
    for (BatchJobRecord r : journal.jobs(runId)) {
      if (r.status() == BatchJobStatus.SUBMITTED && r.batchName() != null) {
        waiting.computeIfAbsent(r.batchName(), n -> new LinkedHashSet<>()).add(r.key());
      }
    }
    waiting.keySet().forEach(this::backendFor); // every provider needed has a client, before any waiting
    DeferredResults finisher = new DeferredResults(maxInputSide, new GenerationListener() {
      @Override
      public void onWarning(String message) {
        listener.onWarning(message);
      }
    });
    Map<ImageRequest, String> keys = Collections.synchronizedMap(new IdentityHashMap<>());
    plan.jobs().forEach(j -> keys.put(j.request(), j.key()));
    GenerationRecorder recorder = journal.recorder(runId, keys::get);
    Duration since = Duration.between(journal.run(runId).map(r -> r.created()).orElse(java.time.Instant.now()),
        java.time.Instant.now());
    for (Map.Entry<String, Set<String>> e : waiting.entrySet()) {
      String name = e.getKey();
      Set<String> pending = new LinkedHashSet<>(e.getValue());
      BatchBackend backend = backendFor(name);
      ProviderBatch job = backend.await(idOf(name), listener::onBatchState);
      if (backend.hasResults(job)) {
        backend.results(job, result -> {
          if (!pending.remove(result.key())) {
            listener.onWarning("batch " + name + " returned a result for " + result.key()
                + ", which is not a job of run " + runId + " waiting in it; ignored");
            return;
          }
          Optional<BatchJob> planned = plan.job(result.key());
          if (planned.isEmpty()) {
            listener.onWarning("the job file changed since " + name + " was submitted: its result for key "
                + result.key().substring(0, Math.min(12, result.key().length())) + " matches no job and is not saved");
            journal.markFailed(runId, result.key(), ErrorKind.INVALID_REQUEST.name(),
                "the job file changed; no job has this key any more", BigDecimal.ZERO);
            return;
          }
          saveResult(planned.get(), result, finisher, recorder, runId, since, tally);
        });
      }
      if (job.phase() == ProviderBatch.Phase.SUCCEEDED) {
        for (String key : pending) {
          ServerException missing = new ServerException("batch " + name + " returned no result for this job");
          journal.markFailed(runId, key, missing.kind().name(), missing.getMessage(), BigDecimal.ZERO);
          plan.job(key).ifPresent(j -> {
            tally.failed(j, missing, BigDecimal.ZERO);
            listener.onJobFailed(j, missing);
          });
        }
      } else {
        String why = "batch " + name + " ended " + job.phase() + (job.error() == null ? "" : ": " + job.error())
            + "; resume the run to send its jobs again";
        for (String key : pending) {
          journal.markPending(runId, key, why);
          ServerException failure = new ServerException(why);
          plan.job(key).ifPresent(j -> {
            tally.failed(j, failure, BigDecimal.ZERO);
            listener.onJobFailed(j, failure);
          });
        }
      }
    }
    boolean open = journal.jobs(runId).stream().anyMatch(r -> r.status() == BatchJobStatus.SUBMITTED);
    journal.setState(runId, open ? BatchRunState.SUBMITTED : BatchRunState.FINISHED);
    return tally.summary(runId, plan.jobs().size(), t, 0, elapsed(start), List.of());
  }

  private void saveResult(BatchJob job, BatchBackend.Result result, DeferredResults finisher,
      GenerationRecorder recorder, String runId, Duration latency, Tally tally) {
    if (result.error() != null) {
      DarkroomException e = result.error();
      journal.markFailed(runId, job.key(), e.kind().name(), String.valueOf(e.getMessage()), BigDecimal.ZERO);
      tally.failed(job, e, BigDecimal.ZERO);
      listener.onJobFailed(job, e);
      return;
    }
    if (Files.exists(job.output()) && madeBy(job)) {
      journal.markAdopted(runId, job.key(), job.output(), "adopted");
      tally.adopted();
      return;
    }
    List<PreparedInput> inputs = finisher.prepare(job.request());
    GenerationRecorder.Call call = recorder.begin(job.request(),
        inputs.stream().map(PreparedInput::sourceSha256).toList(), 0, maxInputSide);
    try {
      Generation g = finisher.finish(job.request(), inputs, Objects.requireNonNull(result.response()), latency,
          job.saveOptions());
      call.succeeded(g);
      tally.done(g.costUsd());
      listener.onJobDone(job, g);
    } catch (DarkroomException e) {
      call.failed(e);
      BigDecimal cost = paidFor(e);
      journal.markFailed(runId, job.key(), e.kind().name(), String.valueOf(e.getMessage()), cost);
      tally.failed(job, e, cost);
      listener.onJobFailed(job, e);
    }
  }

  /**
   * Cancels the run's provider batches that are still running and puts their jobs back to pending.
   *
   * @return the names of the batches asked to cancel
   */
  public List<String> cancel(String runId) {
    List<String> names = new ArrayList<>();
    Map<String, List<String>> byBatch = new LinkedHashMap<>();
    for (BatchJobRecord r : journal.jobs(runId)) {
      if (r.status() == BatchJobStatus.SUBMITTED && r.batchName() != null) {
        byBatch.computeIfAbsent(r.batchName(), n -> new ArrayList<>()).add(r.key());
      }
    }
    for (Map.Entry<String, List<String>> e : byBatch.entrySet()) {
      backendFor(e.getKey()).cancel(idOf(e.getKey()));
      names.add(e.getKey());
      for (String key : e.getValue()) {
        journal.markPending(runId, key, "cancelled with batch " + e.getKey());
      }
    }
    journal.setState(runId, BatchRunState.CANCELLED);
    return names;
  }

  // ---- shared ----

  /**
   * Deletes, in each of the plan's output directories, the temporary files that a killed process left
   * while saving ({@link AtomicFiles#removeStaleTemporaries}); only those older than
   * {@link #STALE_TEMPORARY_AGE}, so another run saving into the same directory now is not disturbed.
   * A directory that cannot be cleaned is reported as a warning; the run goes on.
   */
  private void removeStaleTemporaries(BatchPlan plan) {
    Set<Path> dirs = new LinkedHashSet<>();
    plan.jobs().forEach(j -> {
      Path parent = j.output().getParent();
      if (parent != null) {
        dirs.add(parent);
      }
    });
    for (Path dir : dirs) {
      try {
        List<Path> removed = AtomicFiles.removeStaleTemporaries(dir, STALE_TEMPORARY_AGE);
        if (!removed.isEmpty()) {
          listener.onWarning("removed " + removed.size() + " temporary file" + (removed.size() == 1 ? "" : "s")
              + " left in " + dir + " by an interrupted save");
        }
      } catch (IOException | RuntimeException e) {
        listener.onWarning("could not remove leftover temporary files in " + dir + ": " + e.getMessage());
      }
    }
  }

  private record Triage(List<BatchJob> todo, Map<BatchJob, BatchJobRecord> alreadyDone, List<BatchJob> adopted,
      int waitingElsewhere) {}

  /** Sorts the plan's jobs into done before, adoptable, waiting in another run's batch, and to do. */
  private Triage triage(BatchPlan plan, String runId) {
    List<BatchJob> todo = new ArrayList<>();
    Map<BatchJob, BatchJobRecord> done = new LinkedHashMap<>();
    List<BatchJob> adopted = new ArrayList<>();
    int elsewhere = 0;
    for (BatchJob job : plan.jobs()) {
      Optional<BatchJobRecord> earlier = journal.done(job.key());
      if (earlier.isPresent() && Files.exists(earlier.get().outputPath())) {
        done.put(job, earlier.get());
        continue;
      }
      Optional<BatchJobRecord> submitted = journal.submitted(job.key());
      if (submitted.isPresent()) {
        if (!submitted.get().runId().equals(runId)) {
          elsewhere++;
          listener.onWarning(job.name() + " is waiting in " + submitted.get().batchName() + " of run "
              + submitted.get().runId() + "; it is not sent again (darkroom batch resume " + submitted.get().runId() + ")");
        }
        continue;
      }
      if (Files.exists(job.output())) {
        if (madeBy(job)) {
          adopted.add(job);
          continue;
        }
        throw new InvalidRequestException(plan.file().getFileName() + ": " + job.origin() + ": field 'output': "
            + job.output() + " already exists and was not made by this job; move it away or change 'output'");
      }
      todo.add(job);
    }
    return new Triage(todo, done, adopted, elsewhere);
  }

  private static boolean madeBy(BatchJob job) {
    try {
      return Provenance.read(job.output())
          .map(p -> p.prompt().equals(job.request().prompt()) && p.model().equals(job.request().model().id()))
          .orElse(false);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void recordSkipped(String runId, Triage t) {
    t.alreadyDone.forEach((job, earlier) -> {
      if (!earlier.runId().equals(runId)) {
        journal.markAdopted(runId, job.key(), earlier.outputPath(), "done in run " + earlier.runId());
      }
    });
    t.adopted.forEach(job -> journal.markAdopted(runId, job.key(), job.output(), "adopted"));
  }

  private void checkEstimate(BigDecimal estimate, String how) {
    if (maxCost != null && estimate.compareTo(maxCost) > 0) {
      throw new InvalidRequestException("the estimated cost" + how + " is $" + estimate.stripTrailingZeros().toPlainString()
          + ", over the limit of $" + maxCost.stripTrailingZeros().toPlainString()
          + "; raise the limit, run fewer jobs, or use the batch API (half price)");
    }
  }

  private static List<BatchJournal.PlannedJob> planned(BatchPlan plan) {
    return plan.jobs().stream()
        .map(j -> new BatchJournal.PlannedJob(j.key(), j.index(), j.name(), j.output())).toList();
  }

  private String options() {
    return "{\"concurrency\":" + concurrency + ",\"rpm\":" + requestsPerMinute
        + (maxCost == null ? "" : ",\"maxCostUsd\":" + maxCost.toPlainString()) + "}";
  }

  private Duration elapsed(long start) {
    return Duration.ofNanos(nanoTime.getAsLong() - start);
  }

  /** Counters of one invocation. */
  private static final class Tally {
    private BigDecimal spent = BigDecimal.ZERO;
    private int done;
    private int adopted;
    private final List<BatchSummary.Failure> failures = new ArrayList<>();

    synchronized void done(BigDecimal cost) {
      done++;
      spent = spent.add(cost);
    }

    synchronized void adopted() {
      adopted++;
    }

    synchronized void spend(BigDecimal cost) {
      spent = spent.add(cost);
    }

    synchronized void failed(BatchJob job, DarkroomException e, BigDecimal cost) {
      failures.add(new BatchSummary.Failure(job, e));
      spent = spent.add(cost);
    }

    synchronized BigDecimal spent() {
      return spent;
    }

    synchronized BatchSummary summary(String runId, int total, Triage t, int notStarted, Duration elapsed,
        List<String> batches) {
      List<BatchSummary.Failure> sorted = new ArrayList<>(failures);
      sorted.sort(java.util.Comparator.comparingInt(f -> f.job().index()));
      return new BatchSummary(runId, total, t.alreadyDone.size(), t.adopted.size() + adopted, done, sorted,
          notStarted + t.waitingElsewhere, spent, elapsed, batches);
    }
  }

  /** Configures a {@link BatchRunner}. */
  public static final class Builder {
    private @Nullable Darkroom darkroom;
    private @Nullable History history;
    private final List<BatchBackend> backends = new ArrayList<>();
    private BatchBackend.Settings batchSettings = BatchBackend.Settings.defaults();
    private int concurrency = 4;
    private int requestsPerMinute;
    private @Nullable BigDecimal maxCost;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private BatchListener listener = BatchListener.NONE;
    private Sleeper sleeper = Sleeper.SYSTEM;
    private LongSupplier nanoTime = System::nanoTime;
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private int maxInputSide = 2048;

    private Builder() {}

    /**
     * The client whose configuration (key, endpoint, model table, timeout) jobs are sent with; the
     * runner derives its own from it with {@link Darkroom#newBuilder()}. Required.
     */
    public Builder darkroom(Darkroom darkroom) {
      this.darkroom = Objects.requireNonNull(darkroom, "darkroom");
      return this;
    }

    /** Where calls are recorded and the journal kept. Required. */
    public Builder history(History history) {
      this.history = Objects.requireNonNull(history, "history");
      return this;
    }

    /**
     * A provider's batch API to use for {@link #submit}, {@link #collect} and {@link #cancel} (the
     * caller closes it). Providers without one given here are opened from the client's settings
     * when a job needs them ({@code Darkroom.openBatch}).
     */
    public Builder backend(BatchBackend backend) {
      this.backends.add(Objects.requireNonNull(backend, "backend"));
      return this;
    }

    /** How batches opened by the runner poll; default 10 s growing to 60 s. */
    public Builder batchSettings(BatchBackend.Settings settings) {
      this.batchSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Parallel requests; default 4. */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1 || concurrency > 256) {
        throw new IllegalArgumentException("concurrency must be 1 to 256, got " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /** Requests per minute to stay under (spaced evenly, 2% margin); 0, the default, for no limit. */
    public Builder requestsPerMinute(int rpm) {
      if (rpm < 0) {
        throw new IllegalArgumentException("requests per minute must be 0 (no limit) or positive, got " + rpm);
      }
      this.requestsPerMinute = rpm;
      return this;
    }

    /** A spending limit in USD; null (the default) for none. */
    public Builder maxCostUsd(@Nullable BigDecimal usd) {
      if (usd != null && usd.signum() < 0) {
        throw new IllegalArgumentException("max cost must not be negative, got " + usd);
      }
      this.maxCost = usd;
      return this;
    }

    /** Attempts per job and the backoff between them; default {@link RetryPolicy#defaults()}. */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder listener(BatchListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** For tests: how waiting is done (rate spacing, pauses, backoff). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** For tests: the monotonic clock of the rate gate, in nanoseconds. */
    public Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
      return this;
    }

    /** For tests: the jitter source, uniform in [0, 1). */
    public Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** Longest side of reference images for Batch API results' provenance; default 2048, as the client. */
    public Builder maxInputSide(int pixels) {
      this.maxInputSide = pixels;
      return this;
    }

    public BatchRunner build() {
      return new BatchRunner(this);
    }
  }
}
