package dev.darkroom.testkit;

import dev.darkroom.testkit.internal.HttpRequestData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Every request a fake server received, in order, plus the queue {@code takeRequest} drains. Thread-safe. */
final class RequestLog {
  private final List<RecordedRequest> recorded = new ArrayList<>();
  private final BlockingQueue<RecordedRequest> untaken = new LinkedBlockingQueue<>();
  private volatile boolean recordBodies = true;

  void recordBodies(boolean record) {
    this.recordBodies = record;
  }

  void record(HttpRequestData request) {
    RecordedRequest entry;
    synchronized (recorded) {
      entry = new RecordedRequest(request, recorded.size(), recordBodies);
      recorded.add(entry);
    }
    untaken.add(entry);
  }

  List<RecordedRequest> all() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  int count() {
    synchronized (recorded) {
      return recorded.size();
    }
  }

  RecordedRequest take(Duration timeout) throws InterruptedException {
    return poll(timeout).orElseThrow(() -> new IllegalStateException(
        "No request arrived within " + timeout.toSeconds() + " s"));
  }

  Optional<RecordedRequest> poll(Duration timeout) throws InterruptedException {
    return Optional.ofNullable(untaken.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
  }
}
