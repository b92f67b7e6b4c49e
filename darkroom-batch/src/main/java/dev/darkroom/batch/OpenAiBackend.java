package dev.darkroom.batch;

import dev.darkroom.ImageRequest;
import dev.darkroom.openai.OpenAiBatchClient;
import java.util.List;
import java.util.function.Consumer;

/** OpenAI's Batch API behind {@link BatchBackend}: one batch per model and endpoint (generations, edits). */
final class OpenAiBackend implements BatchBackend {
  private final OpenAiBatchClient client;
  private final java.util.Map<String, OpenAiBatchClient.Job> finished = new java.util.concurrent.ConcurrentHashMap<>();

  OpenAiBackend(OpenAiBatchClient client) {
    this.client = client;
  }

  @Override
  public String provider() {
    return "openai";
  }

  @Override
  public void check(ImageRequest request) {
    OpenAiBatchClient.check(request);
  }

  @Override
  public String group(ImageRequest request) {
    return request.model().id() + " " + OpenAiBatchClient.endpointOf(request);
  }

  @Override
  public ProviderBatch submit(String label, List<Entry> entries) {
    return view(client.create(label, entries.stream()
        .map(e -> new OpenAiBatchClient.Entry(e.key(), e.request())).toList()));
  }

  @Override
  public ProviderBatch get(String id) {
    return view(client.get(id));
  }

  @Override
  public ProviderBatch await(String id, Consumer<ProviderBatch> onPoll) {
    OpenAiBatchClient.Job job = client.await(id, j -> onPoll.accept(view(j)));
    finished.put(job.id(), job);
    return view(job);
  }

  @Override
  public boolean hasResults(ProviderBatch batch) {
    return batch.phase().terminal() && batch.phase() != ProviderBatch.Phase.FAILED;
  }

  @Override
  public void results(ProviderBatch batch, Consumer<Result> sink) {
    String id = BatchBackend.idOf(batch.name());
    OpenAiBatchClient.Job job = finished.remove(id);
    job = job != null ? job : client.get(id);
    if (!job.hasResults()) {
      return;
    }
    client.results(job, r -> {
      if (!r.notExecuted()) {
        sink.accept(new Result(r.key(), r.response(), r.error()));
      }
    });
  }

  @Override
  public void cancel(String id) {
    client.cancel(id);
  }

  private static ProviderBatch view(OpenAiBatchClient.Job job) {
    ProviderBatch.Phase phase = switch (job.state()) {
      case VALIDATING, UNKNOWN -> ProviderBatch.Phase.PENDING;
      case IN_PROGRESS, FINALIZING, CANCELLING -> ProviderBatch.Phase.RUNNING;
      case COMPLETED -> ProviderBatch.Phase.SUCCEEDED;
      case FAILED -> ProviderBatch.Phase.FAILED;
      case EXPIRED -> ProviderBatch.Phase.EXPIRED;
      case CANCELLED -> ProviderBatch.Phase.CANCELLED;
    };
    return new ProviderBatch(BatchBackend.journalName("openai", job.id()), "openai", phase, job.state().wire(),
        job.total(), job.completed(), job.failed(), job.error());
  }
}
