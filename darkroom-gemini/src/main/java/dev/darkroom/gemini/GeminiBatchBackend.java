package dev.darkroom.gemini;

import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.spi.BatchBackend;
import dev.darkroom.spi.ProviderBatch;
import java.util.List;
import java.util.function.Consumer;

/** Gemini's Batch API behind {@link BatchBackend}. */
final class GeminiBatchBackend implements BatchBackend {
  private final GeminiBatchClient client;
  private final java.util.Map<String, GeminiBatchClient.Job> finished = new java.util.concurrent.ConcurrentHashMap<>();

  GeminiBatchBackend(GeminiBatchClient client) {
    this.client = client;
  }

  @Override
  public String provider() {
    return GeminiProvider.ID;
  }

  @Override
  public void check(ImageRequest request) {
    if (!request.model().supportsBatch()) {
      throw new InvalidRequestException("model " + request.model().id() + " is not offered through Gemini's Batch API"
          + " (its model table entry has no batchDiscount); send it directly, not through a batch API");
    }
  }

  @Override
  public String group(ImageRequest request) {
    return request.model().id();
  }

  @Override
  public ProviderBatch submit(String label, List<Entry> entries) {
    return view(client.create(label, entries.stream()
        .map(e -> new GeminiBatchClient.Entry(e.key(), e.request())).toList()));
  }

  @Override
  public ProviderBatch get(String id) {
    return view(client.get(id));
  }

  @Override
  public ProviderBatch await(String id, Consumer<ProviderBatch> onPoll) {
    GeminiBatchClient.Job job = client.await(id, j -> onPoll.accept(view(j)));
    finished.put(job.name(), job);
    return view(job);
  }

  @Override
  public boolean hasResults(ProviderBatch batch) {
    return batch.phase() == ProviderBatch.Phase.SUCCEEDED;
  }

  @Override
  public void results(ProviderBatch batch, Consumer<Result> sink) {
    // The results call needs the batch as Gemini describes it (inline or file output).
    GeminiBatchClient.Job job = finished.remove(batch.name());
    client.results(job != null ? job : client.get(batch.name()),
        r -> sink.accept(new Result(r.key(), r.response(), r.error())));
  }

  @Override
  public void cancel(String id) {
    client.cancel(id);
  }

  @Override
  public void close() {
    client.close();
  }

  private static ProviderBatch view(GeminiBatchClient.Job job) {
    ProviderBatch.Phase phase = switch (job.state()) {
      case SUCCEEDED -> ProviderBatch.Phase.SUCCEEDED;
      case FAILED -> ProviderBatch.Phase.FAILED;
      case CANCELLED -> ProviderBatch.Phase.CANCELLED;
      case EXPIRED -> ProviderBatch.Phase.EXPIRED;
      case RUNNING -> ProviderBatch.Phase.RUNNING;
      case PENDING, UNSPECIFIED -> ProviderBatch.Phase.PENDING;
    };
    return new ProviderBatch(job.name(), GeminiProvider.ID, phase, job.state().name(), job.requestCount(),
        job.succeededCount(), job.failedCount(), job.error());
  }
}
