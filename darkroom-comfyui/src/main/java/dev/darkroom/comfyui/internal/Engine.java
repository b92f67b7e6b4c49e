package dev.darkroom.comfyui.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One ComfyUI engine of a pool: its client, its node lists (fetched once and kept until it fails or a job needs
 * something they lack), whether it is out after a failure, and the jobs this client picked it for that are not
 * queued yet. Thread-safe.
 */
public final class Engine {
  private final ComfyClient client;
  private @Nullable ObjectInfo info;
  private long downSince = Long.MIN_VALUE;
  private boolean down;
  private int reserved;
  private int inFlight;
  private long lastPick;

  Engine(ComfyClient client) {
    this.client = client;
  }

  public ComfyClient client() {
    return client;
  }

  /** The base URL, for messages. */
  public String url() {
    return client.baseUrl().toString();
  }

  /**
   * The engine's node lists, fetched on first use.
   *
   * @param refresh fetch again even when known
   * @throws dev.darkroom.DarkroomException when the engine cannot be reached
   */
  public ObjectInfo info(boolean refresh) {
    ObjectInfo i;
    synchronized (this) {
      i = refresh ? null : info;
    }
    if (i == null) {
      i = client.objectInfo();
      synchronized (this) {
        info = i;
        down = false;
      }
    }
    return i;
  }

  synchronized void forgetInfo() {
    info = null;
  }

  synchronized void markDown(long now) {
    if (!down) {
      down = true;
      downSince = now;
    }
  }

  /** Marks the engine up after a job went through. */
  public synchronized void markUp() {
    down = false;
  }

  synchronized boolean isUp(long now, Duration cooldown) {
    return !down || now - downSince >= cooldown.toNanos();
  }

  synchronized long downSince() {
    return downSince;
  }

  synchronized void reserve(long pick) {
    reserved++;
    inFlight++;
    lastPick = pick;
  }

  /** The job picked for this engine is over (done, failed or abandoned). */
  public synchronized void finish() {
    if (inFlight > 0) {
      inFlight--;
    }
  }

  /** This client's jobs on the engine, picked and not over. */
  synchronized int inFlight() {
    return inFlight;
  }

  /** The job picked for this engine is queued, or was abandoned before it was. */
  public synchronized void release() {
    if (reserved > 0) {
      reserved--;
    }
  }

  synchronized int reserved() {
    return reserved;
  }

  synchronized long lastPick() {
    return lastPick;
  }

  @Override
  public String toString() {
    return "Engine[" + url() + "]";
  }
}
