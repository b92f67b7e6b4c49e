package dev.darkroom.bench;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * Bytes allocated by all threads of this JVM. On JDK 21+ it uses
 * {@code getTotalThreadAllocatedBytes()} (which also counts threads that have ended); on JDK 17 it
 * sums {@code getThreadAllocatedBytes} over live threads, sampled every 5 ms by a daemon thread so
 * that short-lived threads (HTTP client workers, connection readers) are still counted up to their
 * last sample.
 */
final class AllocationMeter implements AutoCloseable {
  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final Method total;
  private final Map<Long, Long> lastSeen = new HashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;

  AllocationMeter() {
    threads.setThreadAllocatedMemoryEnabled(true);
    Method m = null;
    try {
      m = com.sun.management.ThreadMXBean.class.getMethod("getTotalThreadAllocatedBytes");
      m.invoke(threads);
    } catch (ReflectiveOperationException | RuntimeException e) {
      m = null;
    }
    total = m;
    if (total == null) {
      sampler = new Thread(() -> {
        while (running) {
          sample();
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "allocation-sampler");
      sampler.setDaemon(true);
      sampler.start();
    } else {
      sampler = null;
    }
  }

  String method() {
    return total != null ? "getTotalThreadAllocatedBytes" : "sampled getThreadAllocatedBytes";
  }

  private synchronized void sample() {
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] > 0) {
        lastSeen.merge(ids[i], bytes[i], Math::max);
      }
    }
  }

  /** Bytes allocated so far by every thread seen. */
  synchronized long allocated() {
    if (total != null) {
      try {
        return (Long) total.invoke(threads);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    sample();
    long sum = 0;
    for (long b : lastSeen.values()) {
      sum += b;
    }
    return sum;
  }

  @Override
  public void close() {
    running = false;
    if (sampler != null) {
      sampler.interrupt();
    }
  }
}
