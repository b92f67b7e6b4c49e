package dev.darkroom.echo;

import dev.darkroom.ImageRequest;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.spi.BatchBackend;
import dev.darkroom.spi.ProviderBatch;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A batch API held in memory: a batch is finished as soon as it is submitted. Batches live for the
 * life of the JVM (shared by every backend opened), so a submit and a later collect in the same
 * process find each other, as they would at a real provider.
 */
final class EchoBatchBackend implements BatchBackend {
  private static final Map<String, List<Entry>> BATCHES = new ConcurrentHashMap<>();
  private static final Map<String, Boolean> CANCELLED = new ConcurrentHashMap<>();
  private static final AtomicLong IDS = new AtomicLong();

  @Override
  public String provider() {
    return EchoProvider.ID;
  }

  @Override
  public void check(ImageRequest request) {
    if (!request.model().provider().equals(EchoProvider.ID)) {
      throw new InvalidRequestException("model " + request.model().id() + " is not an echo model", "model",
          List.of("echo-1"));
    }
  }

  @Override
  public String group(ImageRequest request) {
    return request.model().id();
  }

  @Override
  public ProviderBatch submit(String label, List<Entry> entries) {
    String id = "echo-batch-" + IDS.incrementAndGet();
    BATCHES.put(id, List.copyOf(entries));
    return new ProviderBatch(EchoProvider.ID + ":" + id, EchoProvider.ID, ProviderBatch.Phase.PENDING, "queued",
        entries.size(), 0, 0, null);
  }

  @Override
  public ProviderBatch get(String id) {
    List<Entry> entries = BATCHES.get(id);
    if (entries == null) {
      throw new InvalidRequestException("no echo batch " + id, "batch", List.of());
    }
    boolean cancelled = CANCELLED.containsKey(id);
    return new ProviderBatch(EchoProvider.ID + ":" + id, EchoProvider.ID,
        cancelled ? ProviderBatch.Phase.CANCELLED : ProviderBatch.Phase.SUCCEEDED, cancelled ? "cancelled" : "done",
        entries.size(), cancelled ? 0 : entries.size(), 0, null);
  }

  @Override
  public ProviderBatch await(String id, Consumer<ProviderBatch> onPoll) {
    ProviderBatch batch = get(id);
    onPoll.accept(batch);
    return batch;
  }

  @Override
  public boolean hasResults(ProviderBatch batch) {
    return batch.phase() == ProviderBatch.Phase.SUCCEEDED;
  }

  @Override
  public void results(ProviderBatch batch, Consumer<Result> sink) {
    if (!hasResults(batch)) {
      return;
    }
    for (Entry e : BATCHES.getOrDefault(batch.id(), List.of())) {
      sink.accept(new Result(e.key(), EchoClient.answer(e.request(), 1), null));
    }
  }

  @Override
  public void cancel(String id) {
    get(id);
    CANCELLED.put(id, true);
  }
}
