package dev.darkroom.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The state of one fake ComfyUI: the prompt queue (pending jobs ordered by number, one running job),
 * history, output files, the node-output cache, and the WebSocket clients; plus a worker thread
 * that executes jobs one at a time through {@link ComfyRun}. All state is guarded by this object's
 * monitor; events are sent outside it.
 */
public final class ComfyEngine implements AutoCloseable {
  /** ComfyUI keeps at most this many history entries. */
  public static final int MAXIMUM_HISTORY_SIZE = 10_000;
  private static final List<String> SENSITIVE_EXTRA_DATA = List.of("auth_token_comfy_org", "api_key_comfy_org");

  /** A queued or running prompt. Immutable except for the running flag. */
  public record Job(JsonNode number, double order, String promptId, ObjectNode prompt,
      ObjectNode extraData, List<String> outputs, Optional<String> clientId) {
    /** The queue item as {@code /queue} and history show it: {@code [number, id, prompt, extra_data, outputs]}. */
    public ArrayNode item() {
      ArrayNode item = Json.NODES.arrayNode();
      item.add(number.deepCopy());
      item.add(promptId);
      item.add(prompt.deepCopy());
      item.add(extraData.deepCopy());
      ArrayNode out = item.addArray();
      outputs.forEach(out::add);
      return item;
    }
  }

  /** One connected WebSocket client. */
  public static final class Client {
    final WebSocketSession socket;
    volatile boolean previewMetadata;

    Client(WebSocketSession socket) {
      this.socket = socket;
    }
  }

  private final ComfySettings settings;
  private final ComfyFiles files = new ComfyFiles();
  private final Map<String, Client> clients = new ConcurrentHashMap<>();
  private final Queue<ComfyFaultPlan> jobFaults = new ConcurrentLinkedQueue<>();
  private final Queue<ComfyFaultPlan> promptFaults = new ConcurrentLinkedQueue<>();
  private final List<Job> pending = new ArrayList<>();
  /** Queued jobs whose {@code POST /prompt} response is not written yet (by identity). */
  private final Set<Job> unanswered = Collections.newSetFromMap(new IdentityHashMap<>());
  private final LinkedHashMap<String, ObjectNode> history = new LinkedHashMap<>();
  private final Map<String, ObjectNode> cache = new HashMap<>();
  private final Object pulse = new Object();
  private final Thread worker;
  private volatile Map<String, ComfyNodeDef> nodes;
  private volatile Runnable onGoAway = () -> { };
  private Job running;
  private long number;
  private long epoch;
  private volatile boolean interruptRequested;
  private volatile boolean closed;
  private volatile String runningClient;
  private volatile String lastNode;

  public ComfyEngine(ComfySettings settings) {
    this.settings = settings;
    this.nodes = ComfyNodeCatalog.nodes(settings.checkpoints, settings.loras, settings.vaes,
        allInputImages());
    this.worker = new Thread(this::workLoop, "darkroom-fake-comfyui-worker");
    worker.setDaemon(true);
    worker.start();
  }

  public ComfySettings settings() {
    return settings;
  }

  public Map<String, ComfyNodeDef> nodes() {
    return nodes;
  }

  public ComfyFiles files() {
    return files;
  }

  /** What to do when a {@code GO_AWAY} fault fires (drop every connection and stop listening). */
  public void onGoAway(Runnable action) {
    this.onGoAway = action;
  }

  public void addFault(ComfyFaultPlan fault) {
    (fault.kind() == ComfyFaultPlan.Kind.QUEUE_FULL ? promptFaults : jobFaults).add(fault);
  }

  /** Whether the next {@code POST /prompt} must be refused as if the queue were full. */
  public synchronized boolean refuseAsFull() {
    return promptFaults.poll() != null || pending.size() >= settings.maxPending;
  }

  // ---- queue ----

  /**
   * The number of the next prompt, as ComfyUI draws it for every {@code POST /prompt} that has no
   * {@code number}, valid or not: 0, 1, 2 …, negated with {@code front}.
   */
  public synchronized JsonNode nextNumber(boolean front) {
    long n = number++;
    return Json.NODES.numberNode(front ? -n : n);
  }

  /**
   * Queues a validated prompt; {@code number} orders the queue (lowest first). The job may start
   * at once, but until {@link #answered(Job)} is called for it a {@code GO_AWAY} fault on it waits
   * (see {@link #awaitAnswered}), so the request that queued it gets its response first.
   *
   * @return the queued job; the caller must pass it to {@link #answered(Job)} once the
   *     {@code POST /prompt} response is written or could not be
   */
  public Job enqueue(JsonNode number, String promptId, ObjectNode prompt, ObjectNode extraData,
      List<String> outputs, Optional<String> clientId) {
    Job job;
    synchronized (this) {
      for (String key : SENSITIVE_EXTRA_DATA) {
        extraData.remove(key);
      }
      extraData.put("create_time", System.currentTimeMillis());
      job = new Job(number, number.asDouble(), promptId, prompt, extraData, outputs, clientId);
      unanswered.add(job);
      pending.add(job);
      pending.sort(Comparator.comparingDouble(Job::order).thenComparing(Job::promptId));
      notifyAll();
    }
    broadcastStatus();
    return job;
  }

  /** Records that the response to the {@code POST /prompt} that queued {@code job} was written (or failed). */
  public synchronized void answered(Job job) {
    if (unanswered.remove(job)) {
      notifyAll();
    }
  }

  /**
   * Waits until the {@code POST /prompt} that queued {@code job} has been answered, unless a
   * restart or close comes first. A real engine takes far longer to reach a sampler step than to
   * answer the request, so a scripted go-away must not overtake that response.
   *
   * @return false if the job no longer belongs to the live engine (restarted, closed or interrupted thread)
   */
  synchronized boolean awaitAnswered(Job job, long jobEpoch) {
    while (unanswered.contains(job)) {
      if (!isCurrent(jobEpoch)) {
        return false;
      }
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return isCurrent(jobEpoch);
  }

  public synchronized int tasksRemaining() {
    return pending.size() + (running == null ? 0 : 1);
  }

  public synchronized List<Job> pendingJobs() {
    return List.copyOf(pending);
  }

  public synchronized Optional<Job> runningJob() {
    return Optional.ofNullable(running);
  }

  /** Removes the first pending job with this id; false if none (the running job is never removed). */
  public boolean deletePending(String promptId) {
    boolean removed;
    synchronized (this) {
      removed = false;
      for (Iterator<Job> it = pending.iterator(); it.hasNext(); ) {
        if (it.next().promptId().equals(promptId)) {
          it.remove();
          removed = true;
          break;
        }
      }
    }
    if (removed) {
      broadcastStatus();
    }
    return removed;
  }

  /** Empties the pending queue (every client's jobs). */
  public void clearPending() {
    synchronized (this) {
      pending.clear();
    }
    broadcastStatus();
  }

  /** Interrupts whatever runs now (or, with an id, only that prompt if it is the one running). */
  public boolean interrupt(Optional<String> promptId) {
    synchronized (this) {
      if (promptId.isPresent() && (running == null || !running.promptId().equals(promptId.get()))) {
        return false;
      }
      interruptRequested = true;
    }
    synchronized (pulse) {
      pulse.notifyAll();
    }
    return true;
  }

  /** {@code /api/jobs/{id}/cancel}: interrupts the running job or dequeues a pending one. */
  public boolean cancel(String promptId) {
    synchronized (this) {
      if (running != null && running.promptId().equals(promptId)) {
        return interrupt(Optional.of(promptId));
      }
    }
    return deletePending(promptId);
  }

  // ---- history ----

  public synchronized Optional<ObjectNode> history(String promptId) {
    ObjectNode entry = history.get(promptId);
    return entry == null ? Optional.empty() : Optional.of(entry.deepCopy());
  }

  /** History entries, oldest first; {@code maxItems} keeps only the newest ones. */
  public synchronized ObjectNode history(Optional<Integer> maxItems) {
    ObjectNode out = Json.object();
    int skip = maxItems.map(m -> Math.max(0, history.size() - m)).orElse(0);
    int i = 0;
    for (Map.Entry<String, ObjectNode> entry : history.entrySet()) {
      if (i++ >= skip) {
        out.set(entry.getKey(), entry.getValue().deepCopy());
      }
    }
    return out;
  }

  public synchronized List<Map.Entry<String, ObjectNode>> historyEntries() {
    List<Map.Entry<String, ObjectNode>> out = new ArrayList<>();
    history.forEach((k, v) -> out.add(Map.entry(k, v.deepCopy())));
    return out;
  }

  public synchronized void clearHistory() {
    history.clear();
  }

  public synchronized void deleteHistory(String promptId) {
    history.remove(promptId);
  }

  synchronized void recordHistory(Job job, ObjectNode entry, long jobEpoch) {
    if (jobEpoch != epoch) {
      return;
    }
    if (history.size() > MAXIMUM_HISTORY_SIZE) {
      history.remove(history.keySet().iterator().next());
    }
    history.put(job.promptId(), entry);
    running = null;
  }

  // ---- cache ----

  synchronized Optional<ObjectNode> cached(String signature) {
    return cache.containsKey(signature) ? Optional.of(cache.get(signature)) : Optional.empty();
  }

  synchronized boolean isCached(String signature) {
    return cache.containsKey(signature);
  }

  synchronized void replaceCache(Map<String, ObjectNode> entries) {
    cache.clear();
    cache.putAll(entries);
  }

  synchronized void addToCache(String signature, ObjectNode ui) {
    cache.put(signature, ui);
  }

  // ---- inputs ----

  /** Stores an uploaded input image and offers it to {@code LoadImage}. */
  public void addInputImage(String subfolder, String name, byte[] bytes) {
    files.put("input", subfolder, name, bytes);
    nodes = ComfyNodeCatalog.nodes(settings.checkpoints, settings.loras, settings.vaes, allInputImages());
  }

  private List<String> allInputImages() {
    List<String> names = new ArrayList<>(settings.inputImages);
    for (String stored : files.names("input")) {
      if (!names.contains(stored)) {
        names.add(stored);
      }
    }
    return names;
  }

  // ---- websocket ----

  /** Registers a client socket; a reconnect with the same id replaces the old socket. */
  public String connect(Optional<String> clientId, WebSocketSession socket) {
    String sid = clientId.filter(s -> !s.isEmpty()).orElse(UUID.randomUUID().toString().replace("-", ""));
    Client old = clients.put(sid, new Client(socket));
    if (old != null && old.socket != socket) {
      old.socket.close(1000, "");
    }
    ObjectNode data = Json.object();
    data.set("status", queueInfo());
    data.put("sid", sid);
    socket.sendText(message("status", data));
    String node = lastNode;
    if (sid.equals(runningClient) && node != null) {
      socket.sendText(message("executing", Json.object().put("node", node)));
    }
    return sid;
  }

  /** Handles a text message from a client: the first may announce feature flags. */
  public void onClientText(String sid, String text, boolean first) {
    Client client = clients.get(sid);
    if (client == null || !first) {
      return;
    }
    try {
      JsonNode message = Json.MAPPER.readTree(text);
      if ("feature_flags".equals(message.path("type").asText())) {
        client.previewMetadata = message.path("data").path("supports_preview_metadata").asBoolean(false);
        client.socket.sendText(message("feature_flags", serverFeatures()));
      }
    } catch (java.io.IOException e) {
      // ComfyUI logs invalid JSON and carries on
    }
  }

  public void disconnect(String sid, WebSocketSession socket) {
    clients.computeIfPresent(sid, (key, client) -> client.socket == socket ? null : client);
  }

  public int clientCount() {
    return clients.size();
  }

  /** Drops every WebSocket without a closing handshake. */
  public void abortClients() {
    clients.values().forEach(c -> c.socket.abort());
    clients.clear();
  }

  /** The {@code features} object ComfyUI announces. */
  public ObjectNode serverFeatures() {
    ObjectNode features = Json.object();
    features.put("supports_preview_metadata", true);
    features.put("supports_model_type_tags", true);
    features.put("max_upload_size", 100L * 1024 * 1024);
    features.putObject("extension").putObject("manager").put("supports_v4", true);
    features.put("node_replacements", true);
    features.put("assets", false);
    return features;
  }

  public ObjectNode queueInfo() {
    ObjectNode info = Json.object();
    info.putObject("exec_info").put("queue_remaining", tasksRemaining());
    return info;
  }

  void send(Optional<String> clientId, String type, ObjectNode data) {
    clientId.map(clients::get).ifPresent(c -> c.socket.sendText(message(type, data)));
  }

  void sendPreview(Optional<String> clientId, byte[] jpeg, ObjectNode metadata) {
    Client client = clientId.map(clients::get).orElse(null);
    if (client == null) {
      return;
    }
    if (client.previewMetadata) {
      metadata.put("image_type", "image/jpeg");
      byte[] meta = Json.bytes(metadata);
      java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocate(8 + meta.length + jpeg.length);
      frame.putInt(4).putInt(meta.length).put(meta).put(jpeg);
      client.socket.sendBinary(frame.array());
    } else {
      java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocate(8 + jpeg.length);
      frame.putInt(1).putInt(1).put(jpeg);
      client.socket.sendBinary(frame.array());
    }
  }

  void broadcastStatus() {
    ObjectNode data = Json.object();
    data.set("status", queueInfo());
    String text = message("status", data);
    clients.values().forEach(c -> c.socket.sendText(text));
  }

  private static String message(String type, ObjectNode data) {
    ObjectNode message = Json.object();
    message.put("type", type);
    message.set("data", data);
    return new String(Json.bytes(message), java.nio.charset.StandardCharsets.UTF_8);
  }

  // ---- execution ----

  boolean interruptRequested() {
    return interruptRequested;
  }

  synchronized boolean isCurrent(long jobEpoch) {
    return jobEpoch == epoch && !closed;
  }

  void setExecuting(String clientId, String node) {
    runningClient = clientId;
    lastNode = node;
  }

  /**
   * Waits {@code millis} unless an interrupt, a restart or close comes first.
   *
   * @return false if the wait was cut short by one of those
   */
  boolean pause(long millis, long jobEpoch) {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    synchronized (pulse) {
      while (true) {
        if (interruptRequested || !isCurrent(jobEpoch)) {
          return false;
        }
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
          return true;
        }
        try {
          pulse.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }

  void goAway() {
    onGoAway.run();
  }

  /** Forgets the queue, the running job, history and cache, as a restarted process would; files stay. */
  public void reset() {
    synchronized (this) {
      epoch++;
      pending.clear();
      unanswered.clear();
      running = null;
      history.clear();
      cache.clear();
      number = 0;
      interruptRequested = false;
      runningClient = null;
      lastNode = null;
      notifyAll();
    }
    synchronized (pulse) {
      pulse.notifyAll();
    }
  }

  private void workLoop() {
    while (!closed) {
      Job job;
      long jobEpoch;
      synchronized (this) {
        while (pending.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        job = pending.remove(0);
        running = job;
        jobEpoch = epoch;
        interruptRequested = false;
      }
      broadcastStatus();
      ComfyFaultPlan fault = jobFaults.poll();
      try {
        new ComfyRun(this, job, jobEpoch, fault).execute();
      } catch (RuntimeException e) {
        // a broken job must not stop the worker; the job simply leaves no history
      } finally {
        synchronized (this) {
          if (running == job) {
            running = null;
          }
        }
      }
      if (isCurrent(jobEpoch)) {
        broadcastStatus();
        send(job.clientId(), "executing", nodeNull(job.promptId()));
      }
      setExecuting(null, null);
    }
  }

  private static ObjectNode nodeNull(String promptId) {
    ObjectNode data = Json.object();
    data.putNull("node");
    data.put("prompt_id", promptId);
    return data;
  }

  @Override
  public void close() {
    closed = true;
    synchronized (this) {
      notifyAll();
    }
    synchronized (pulse) {
      pulse.notifyAll();
    }
    abortClients();
    worker.interrupt();
  }
}
