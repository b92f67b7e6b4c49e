package dev.darkroom.studio.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.Darkroom;
import dev.darkroom.DarkroomException;
import dev.darkroom.GeneratedImage;
import dev.darkroom.Generation;
import dev.darkroom.GenerationListener;
import dev.darkroom.ImageRequest;
import dev.darkroom.ImageResult;
import dev.darkroom.SaveOptions;
import dev.darkroom.history.GenerationRecord;
import dev.darkroom.history.History;
import dev.darkroom.history.HistoryQuery;
import dev.darkroom.history.OutputFile;
import dev.darkroom.history.OutputKind;
import dev.darkroom.studio.Comparison;
import dev.darkroom.studio.ComparisonPlan;
import dev.darkroom.studio.ComparisonRunner;
import dev.darkroom.studio.Panel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs studio jobs, each on its own client built from the server's (same settings, a listener that
 * turns callbacks into {@link Job} events, the history as recorder under a run of its own), at most
 * {@code maxJobs} at a time. Events: {@code queued}, {@code warning}, {@code attempt}, {@code retry},
 * {@code thought}, {@code progress} (sampler steps), {@code partial} (a streamed partial or engine
 * preview, as a data URL), {@code interim} (a draft the model drew while thinking, Nano Banana Pro's, as a
 * data URL, when its call returns), {@code saved} (a file name), {@code callDone}, {@code panel} (comparisons), {@code error}, and
 * last {@code done} with the status and the images as URLs the server serves.
 */
final class JobRunner implements AutoCloseable {
  private final Darkroom base;
  private final History history;
  private final Path outputDirectory;
  private final ExecutorService executor;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final AtomicInteger counter = new AtomicInteger();

  JobRunner(Darkroom base, History history, Path outputDirectory, int maxJobs) {
    this.base = base;
    this.history = history;
    this.outputDirectory = outputDirectory;
    this.executor = Executors.newFixedThreadPool(maxJobs, r -> {
      Thread t = new Thread(r, "darkroom-studio-job");
      t.setDaemon(true);
      return t;
    });
  }

  Optional<Job> find(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  /** Queues {@code request}; it is already valid (built). */
  Job submit(ImageRequest request) {
    return submit(request.model().id(), request.count(), (client, job) -> {
      ImageResult result = client.generate(request, SaveOptions.builder().directory(outputDirectory).build());
      result.failures().forEach(f -> job.emit("error", error(f)));
      return result.failures().isEmpty() ? "succeeded" : "partial";
    });
  }

  /**
   * Queues the panels of a planned comparison (already validated). Besides the usual events, each
   * finished panel is a {@code panel} event: {@code row}, {@code column}, {@code label}, and {@code url}
   * and {@code record} of its image in the history, or {@code failure} with what happened.
   */
  Job submit(ComparisonPlan plan, int parallelism) {
    Job job = newJob();
    job.emit("queued", HistoryJson.JSON.createObjectNode().put("model", "comparison").put("count", plan.cells().size())
        .put("rows", plan.rows()).put("columns", plan.columns()));
    executor.execute(() -> run(job, (client, j) -> {
      ComparisonRunner runner = ComparisonRunner.builder().client(client).outputDirectory(outputDirectory)
          .baseName("compare").parallelism(parallelism).listener(new ComparisonRunner.Listener() {
            @Override
            public void onPanel(Panel panel) {
              j.emit("panel", panel(j, panel));
            }
          }).build();
      Comparison c = runner.run(plan);
      return c.panels().stream().allMatch(Panel::succeeded) ? "succeeded" : "partial";
    }));
    return job;
  }

  /**
   * What a job does with its own client (built like a generation's: the job's listener, the history as
   * recorder under the job's run); returns the job's status ({@code succeeded} or {@code partial}).
   * Failures it throws end the job as {@code failed} (or {@code cancelled}) with an {@code error} event.
   */
  interface Work {
    String run(Darkroom client, Job job);
  }

  /** Queues {@code work} for {@code model}, announced as making {@code count} images. */
  Job submit(String model, int count, Work work) {
    Job job = newJob();
    job.emit("queued", HistoryJson.JSON.createObjectNode().put("model", model).put("count", count));
    executor.execute(() -> run(job, work));
    return job;
  }

  private Job newJob() {
    String id = "j" + counter.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    Job job = new Job(id, history.newRunId());
    jobs.put(id, job);
    return job;
  }

  private void run(Job job, Work work) {
    String status = "failed";
    try (Darkroom client = base.newBuilder().listener(new Events(job)).recorder(history.withRun(job.runId())).build()) {
      job.attach(Thread.currentThread(), client);
      if (job.cancelled()) {
        status = "cancelled";
        return;
      }
      status = work.run(client, job);
      if (job.cancelled()) {
        status = "cancelled";
      }
    } catch (DarkroomException e) {
      status = job.cancelled() ? "cancelled" : "failed";
      job.emit("error", error(e));
    } catch (RuntimeException e) {
      status = job.cancelled() ? "cancelled" : "failed";
      job.emit("error", HistoryJson.JSON.createObjectNode().put("kind", "INTERNAL")
          .put("message", String.valueOf(e.getMessage())));
    } finally {
      job.detach();
      Thread.interrupted(); // a cancel's interrupt must not outlive the job on this pool thread
      job.emit(Job.DONE, done(job, status));
    }
  }

  /** A finished panel, its image found in the history by the file it was saved to. */
  private ObjectNode panel(Job job, Panel p) {
    ObjectNode o = HistoryJson.JSON.createObjectNode().put("row", p.row()).put("column", p.column())
        .put("label", p.label()).put("model", p.model());
    p.failure().ifPresent(f -> o.put("failure", f.kind() + ": " + f.reason()));
    if (p.path().isPresent()) {
      Path saved = p.path().get().toAbsolutePath().normalize();
      for (GenerationRecord r : history.list(HistoryQuery.builder().runId(job.runId()).limit(1000).build())) {
        for (OutputFile f : r.outputs()) {
          if (f.path().map(x -> x.toAbsolutePath().normalize().equals(saved)).orElse(false)) {
            o.put("record", r.id()).put("url", HistoryJson.fileUrl(r, f));
          }
        }
      }
    }
    return o;
  }

  private ObjectNode done(Job job, String status) {
    ObjectNode o = HistoryJson.JSON.createObjectNode().put("status", status);
    ArrayNode records = o.putArray("records");
    ArrayNode images = o.putArray("images");
    for (GenerationRecord r : history.list(HistoryQuery.builder().runId(job.runId()).limit(1000).build())) {
      records.add(r.id());
      for (OutputFile f : r.outputs()) {
        if (f.kind() != OutputKind.THOUGHT && f.path().isPresent()) {
          images.addObject().put("url", HistoryJson.fileUrl(r, f)).put("record", r.id()).put("width", f.width())
              .put("height", f.height()).put("kind", f.kind().name());
        }
      }
    }
    return o;
  }

  private static ObjectNode error(DarkroomException e) {
    return HistoryJson.JSON.createObjectNode().put("kind", e.kind().name()).put("message", e.getMessage());
  }

  @Override
  public void close() {
    jobs.values().forEach(Job::cancel);
    executor.shutdownNow();
  }

  /** Listener callbacks as job events; partial images travel as data URLs. */
  private static final class Events implements GenerationListener {
    private final Job job;

    Events(Job job) {
      this.job = job;
    }

    private ObjectNode node(int call) {
      return HistoryJson.JSON.createObjectNode().put("call", call);
    }

    @Override
    public void onWarning(String message) {
      job.emit("warning", HistoryJson.JSON.createObjectNode().put("message", message));
    }

    @Override
    public void onAttempt(int call, int attempt) {
      job.emit("attempt", node(call).put("attempt", attempt));
    }

    @Override
    public void onRetry(int call, int attempt, Duration delay, DarkroomException cause) {
      job.emit("retry", node(call).put("attempt", attempt).put("delayMs", delay.toMillis())
          .put("message", cause.getMessage()));
    }

    @Override
    public void onThought(int call, String text) {
      job.emit("thought", node(call).put("text", text));
    }

    @Override
    public void onProgress(int call, int step, int total) {
      job.emit("progress", node(call).put("step", step).put("total", total));
    }

    @Override
    public void onPartialImage(int call, int index, GeneratedImage partial) {
      job.emit("partial", node(call).put("index", index).put("dataUrl", dataUrl(partial)));
    }

    @Override
    public void onImageSaved(int call, Path path, GeneratedImage image) {
      job.emit("saved", node(call).put("name", path.getFileName().toString()).put("thought", image.isThought())
          .put("width", image.width()).put("height", image.height()));
    }

    private static String dataUrl(GeneratedImage image) {
      return "data:" + image.mimeType() + ";base64," + Base64.getEncoder().encodeToString(image.bytes());
    }

    @Override
    public void onCallSucceeded(int call, Generation generation) {
      // Gemini sends the drafts it drew while thinking with the answer: shown before the final image arrives.
      for (GeneratedImage draft : generation.thoughtImages()) {
        job.emit("interim", node(call).put("dataUrl", dataUrl(draft)));
      }
      job.emit("callDone", node(call).put("images", generation.images().size()));
    }
  }
}
