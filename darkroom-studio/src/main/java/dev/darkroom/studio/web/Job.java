package dev.darkroom.studio.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One generation started from the studio: its events in order (kept, so a page that connects late
 * or reconnects replays them), and the thread running it, which {@link #cancel} interrupts. The last
 * event is always {@code done}. Thread-safe.
 */
final class Job {
  /** Event types, as the pages see them. */
  static final String DONE = "done";

  private final String id;
  private final String runId;
  private final List<Event> events = new ArrayList<>();
  private boolean finished;
  private volatile boolean cancelled;
  private @Nullable Thread thread;
  private @Nullable AutoCloseable client;

  record Event(int index, String type, ObjectNode data) {}

  Job(String id, String runId) {
    this.id = id;
    this.runId = runId;
  }

  String id() {
    return id;
  }

  /** The history run every call of this job is recorded under. */
  String runId() {
    return runId;
  }

  boolean cancelled() {
    return cancelled;
  }

  /** Adds an event; ignored once {@code done} was emitted. */
  synchronized void emit(String type, ObjectNode data) {
    if (finished) {
      return;
    }
    events.add(new Event(events.size(), type, data));
    if (type.equals(DONE)) {
      finished = true;
    }
    notifyAll();
  }

  /**
   * The event at {@code index}, waiting up to {@code millis} for it.
   *
   * @return empty when it did not arrive in time (or the job is finished and has no such event)
   */
  synchronized Optional<Event> await(int index, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (index >= events.size() && !finished) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        return Optional.empty();
      }
      wait(left);
    }
    return index < events.size() ? Optional.of(events.get(index)) : Optional.empty();
  }

  synchronized boolean finished() {
    return finished;
  }

  synchronized void attach(Thread thread, AutoCloseable client) {
    this.thread = thread;
    this.client = client;
    if (cancelled) {
      thread.interrupt();
    }
  }

  synchronized void detach() {
    this.thread = null;
    this.client = null;
  }

  /** Interrupts the running call and closes its client; returns false when the job had already finished. */
  boolean cancel() {
    Thread t;
    AutoCloseable c;
    synchronized (this) {
      if (finished) {
        return false;
      }
      cancelled = true;
      t = thread;
      c = client;
    }
    if (t != null) {
      t.interrupt();
    }
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        // closing only stops threads; the job reports how it ended
      }
    }
    return true;
  }
}
