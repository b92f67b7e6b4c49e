package dev.darkroom.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * One measured client in its own JVM: {@code ClientRun <client> <case> <baseUrl> <warmup> <ops>}.
 * Runs {@code warmup} untimed operations, then {@code ops} timed ones, and prints one line
 * {@code RESULT key=value ...} with figures per image:
 *
 * <ul>
 *   <li>{@code wallMs}: elapsed time per image;
 *   <li>{@code cpuMs}: CPU time of the whole client JVM per image (all threads, GC and JIT
 *       included), the client-side work independent of the server;
 *   <li>{@code allocMB}: bytes allocated per image by all threads;
 *   <li>{@code peakMB}: peak of the sum of the heap pools' peak usage during the timed part;
 *   <li>{@code liveMB}: largest heap occupancy right after a collection during the timed part.
 * </ul>
 */
public final class ClientRun {
  private ClientRun() {}

  public static void main(String[] args) throws Exception {
    String clientName = args[0];
    Scenario scenario = Scenario.of(args[1]);
    String baseUrl = args[2];
    int warmup = Integer.parseInt(args[3]);
    int ops = Integer.parseInt(args[4]);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (AllocationMeter meter = new AllocationMeter();
        BenchClient client = BenchClient.create(clientName, baseUrl)) {
      long bytes = 0;
      for (int i = 0; i < warmup; i++) {
        bytes += client.run(scenario);
      }
      System.gc();
      Thread.sleep(100);
      List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP).toList();
      AtomicLong liveAfterGc = new AtomicLong();
      listenToCollections(liveAfterGc, heap.stream().map(MemoryPoolMXBean::getName).collect(Collectors.toSet()));
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      long alloc0 = meter.allocated();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      for (int i = 0; i < ops; i++) {
        bytes += client.run(scenario);
      }
      long t1 = System.nanoTime();
      long cpu1 = os.getProcessCpuTime();
      long alloc1 = meter.allocated();
      long peak = heap.stream().map(MemoryPoolMXBean::getPeakUsage).mapToLong(MemoryUsage::getUsed).sum();
      double images = (double) ops * scenario.images;
      System.out.println(String.format(Locale.ROOT,
          "RESULT client=%s case=%s images=%d wallMs=%.3f cpuMs=%.3f allocMB=%.3f peakMB=%.1f liveMB=%.1f"
              + " imageBytes=%d allocMethod=%s",
          clientName, scenario.id, (long) images, (t1 - t0) / 1e6 / images, (cpu1 - cpu0) / 1e6 / images,
          (alloc1 - alloc0) / 1048576.0 / images, peak / 1048576.0, liveAfterGc.get() / 1048576.0,
          bytes / Math.max(1, warmup + ops), meter.method().replace(' ', '_')));
    }
  }

  private static void listenToCollections(AtomicLong maxLive, Set<String> heapPools) {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
          return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
            .filter(e -> heapPools.contains(e.getKey()))
            .mapToLong(e -> e.getValue().getUsed()).sum();
        maxLive.accumulateAndGet(used, Math::max);
      }, null, null);
    }
  }
}
