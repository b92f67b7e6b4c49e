package dev.darkroom.openai;

import dev.darkroom.ImageRequest;
import dev.darkroom.spi.BatchBackend;
import dev.darkroom.spi.ProviderBatch;
import java.util.List;
import java.util.function.Consumer;

/** OpenAI's Batch API behind {@link BatchBackend}: one batch per model and endpoint (generations, edits). */
final class OpenAiBatchBackend implements BatchBackend {
  private final OpenAiBatchClient client;
  private final java.util.Map<String, OpenAiBatchClient.Job> finished = new java.util.concurrent.ConcurrentHashMap<>();

  OpenAiBatchBackend(OpenAiBatchClient client) {
    this.client = client;
  }

  @Override
  public String provider() {
    return OpenAiProvider.ID;
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
    String id = batch.id();
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

  @Override
  public void close() {
    client.close();
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
    return new ProviderBatch(OpenAiProvider.ID + ":" + job.id(), OpenAiProvider.ID, phase, job.state().wire(),
        job.total(), job.completed(), job.failed(), job.error());
  }
}
