package dev.darkroom.comfyui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.DarkroomException;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.TransportException;
import dev.darkroom.spi.Redactor;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The engines a client may use, one or many, and the choice of engine per job.
 *
 * <p><b>Choice.</b> Among the engines that are up and have the job's checkpoint, refiner, LoRAs, VAE, sampler,
 * scheduler and embeddings (from each engine's cached {@code /object_info}), the one with the shortest queue:
 * this client's jobs on it plus the other jobs its {@code /queue} shows (other users' too); ties go to the engine
 * picked least recently. With one candidate no
 * {@code /queue} is read.
 *
 * <p><b>Failures.</b> An engine that cannot be reached, or that fails in a way that is about the engine and not
 * the job, is {@linkplain #markDown taken out} for the cooldown and then tried again. When every engine is out,
 * the one that went out first is tried anyway, so a lone engine is always retried.
 *
 * <p>When no engine has what a job needs, the engines' lists are read again once (a model may have just been
 * added), then the job is refused with the first engine's message (the value and the engine's values, closest
 * first). Thread-safe.
 */
public final class EnginePool {
  private final List<Engine> engines;
  private final Duration cooldown;
  private final LongSupplier nanoTime;
  private long picks;

  /**
   * @param urls base URLs, at least one
   * @param requestTimeout the deadline for each HTTP request (not for a whole job)
   * @param nanoTime the clock for cooldowns
   */
  public EnginePool(List<String> urls, @Nullable ComfyAuth auth, HttpClient http, Redactor redactor,
      Duration requestTimeout, Duration cooldown, LongSupplier nanoTime) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("no engine");
    }
    List<Engine> list = new ArrayList<>();
    for (String url : urls) {
      ComfyClient client = ComfyClient.builder().baseUrl(url).auth(auth).httpClient(http)
          .requestTimeout(requestTimeout.compareTo(Duration.ofSeconds(60)) < 0 ? requestTimeout : Duration.ofSeconds(60))
          .build();
      list.add(new Engine(client));
    }
    this.engines = List.copyOf(list);
    this.cooldown = cooldown;
    this.nanoTime = nanoTime;
  }

  /** The engines, in configuration order. */
  public List<Engine> engines() {
    return engines;
  }

  /**
   * Picks the engine for a job and reserves it: call {@link Engine#release} when the job is queued (or abandoned
   * before) and {@link Engine#finish} when it is over.
   *
   * @param exclude engines already tried for this job
   * @throws InvalidRequestException when no engine has what the job needs
   * @throws DarkroomException the last engine failure when no engine can be reached
   */
  public Engine pick(GraphSettings settings, String prompt, List<Engine> exclude) {
    DarkroomException unreachable = null;
    InvalidRequestException refused = null;
    for (int round = 0; round < 2; round++) {
      List<Engine> candidates = new ArrayList<>();
      for (Engine e : ordered(exclude)) {
        try {
          ObjectInfo info = e.info(round > 0);
          info.check(settings, prompt);
          candidates.add(e);
        } catch (InvalidRequestException x) {
          if (refused == null) {
            refused = x;
          }
        } catch (DarkroomException x) {
          markDown(e);
          unreachable = x;
        }
      }
      if (!candidates.isEmpty()) {
        return pickAndReserve(candidates);
      }
      if (refused == null) {
        break;
      }
      refused = round == 0 ? null : refused;
    }
    if (refused != null) {
      throw refused;
    }
    if (unreachable != null) {
      throw unreachable;
    }
    throw new TransportException("no ComfyUI engine left to try (all " + engines.size() + " failed for this job)",
        null, DarkroomException.Details.none().retryable(true));
  }

  /** Takes an engine out for the cooldown and forgets its node lists. */
  public void markDown(Engine e) {
    e.markDown(nanoTime.getAsLong());
    e.forgetInfo();
  }

  /** Engines not excluded: those up first (in order), then those out, the earliest out first. */
  private List<Engine> ordered(List<Engine> exclude) {
    long now = nanoTime.getAsLong();
    List<Engine> up = new ArrayList<>();
    List<Engine> down = new ArrayList<>();
    for (Engine e : engines) {
      if (exclude.contains(e)) {
        continue;
      }
      (e.isUp(now, cooldown) ? up : down).add(e);
    }
    if (!up.isEmpty()) {
      return up;
    }
    down.sort(Comparator.comparingLong(Engine::downSince));
    return down.isEmpty() ? List.of() : List.of(down.get(0));
  }

  /**
   * The candidate with the least work: this client's jobs on it (picked, not over) plus the other jobs its
   * {@code /queue} shows (its length less this client's queued jobs). Read and reserved under one lock, so
   * concurrent picks spread.
   */
  private Engine pickAndReserve(List<Engine> candidates) {
    long[] remote = new long[candidates.size()];
    for (int i = 0; i < candidates.size(); i++) {
      Engine e = candidates.get(i);
      if (candidates.size() == 1) {
        break;
      }
      try {
        JsonNode q = e.client().queue();
        remote[i] = q.path("queue_running").size() + q.path("queue_pending").size();
      } catch (DarkroomException x) {
        markDown(e);
        remote[i] = -1;
      }
    }
    synchronized (this) {
      Engine best = null;
      long bestScore = Long.MAX_VALUE;
      for (int i = 0; i < candidates.size(); i++) {
        Engine e = candidates.get(i);
        if (remote[i] < 0) {
          continue;
        }
        long ours = e.inFlight();
        long queuedOurs = ours - e.reserved();
        long score = ours + Math.max(0, remote[i] - queuedOurs);
        if (best == null || score < bestScore || (score == bestScore && e.lastPick() < best.lastPick())) {
          best = e;
          bestScore = score;
        }
      }
      if (best == null) {
        best = candidates.get(0);
      }
      best.reserve(++picks);
      return best;
    }
  }

}
