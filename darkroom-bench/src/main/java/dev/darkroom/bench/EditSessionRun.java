package dev.darkroom.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.darkroom.Darkroom;
import dev.darkroom.EditSession;
import dev.darkroom.EditTurn;
import dev.darkroom.ImageRequest;
import dev.darkroom.RetryPolicy;
import dev.darkroom.SaveOptions;
import dev.darkroom.spi.Conversation;
import dev.darkroom.testkit.FakeGemini;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * One editing session in its own JVM: {@code EditSessionRun <baseUrl> <turns> <directory>}. Sends
 * the first turn and {@code turns - 1} follow-ups to a {@code gemini-3-pro-image} session on the
 * fake server, and prints one line per turn:
 *
 * <pre>TURN n=K requestMB=R retainedMB=H liveMB=L</pre>
 *
 * <ul>
 *   <li>{@code requestMB}: base64 bytes of the earlier turns the request must carry (signatures and
 *       images), computed from the session's turns as the provider writes them;
 *   <li>{@code retainedMB}: heap in use after two forced collections just before the send, what the
 *       session and client keep between turns;
 *   <li>{@code liveMB}: the largest heap occupancy right after any collection during the send.
 * </ul>
 *
 * and then {@code RESULT turns=N}. A run that completes under a given {@code -Xmx} shows that the
 * peak of the whole session fits in it.
 */
public final class EditSessionRun {
  private EditSessionRun() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    int turns = Integer.parseInt(args[1]);
    Path dir = Files.createDirectories(Path.of(args[2]));
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();
    AtomicLong live = new AtomicLong();
    listen(live, heap.stream().map(MemoryPoolMXBean::getName).collect(Collectors.toSet()));
    try (Darkroom client = Darkroom.builder()
        .setting("gemini.apiKey", FakeGemini.DEFAULT_API_KEY)
        .setting("gemini.baseUrl", baseUrl)
        .retryPolicy(RetryPolicy.none())
        .build()) {
      ImageRequest first = ImageRequest.builder().model("gemini-3-pro-image").prompt("A lighthouse on a cliff")
          .aspectRatio("1:1").build();
      long retained = retained();
      live.set(0);
      EditSession session = client.session(first, SaveOptions.toDirectory(dir));
      print(1, 0, retained, live.get());
      for (int n = 2; n <= turns; n++) {
        long request = requestBytes(session);
        retained = retained();
        live.set(0);
        session.send("make it more stormy, step " + n);
        print(n, request, retained, live.get());
      }
      System.out.println("RESULT turns=" + session.turns().size());
    }
  }

  private static void print(int n, long request, long retained, long live) {
    System.out.println(String.format(Locale.ROOT, "TURN n=%d requestMB=%.1f retainedMB=%.1f liveMB=%.1f", n,
        request / 1e6, retained / 1e6, live / 1e6));
    System.out.flush();
  }

  /** Base64 size of the signatures and images of the head's branch, as the next request carries them. */
  private static long requestBytes(EditSession session) throws IOException {
    long total = 0;
    for (EditTurn t = session.head(); ; t = session.turn(t.parentId().get())) {
      for (Path p : t.userImages()) {
        total += (Files.size(p) + 2) / 3 * 4;
      }
      for (Conversation.Part part : t.modelParts()) {
        total += (part.signatureLength() + 2) / 3 * 4;
        if (part.image().isPresent() && part.image().get().file().isPresent()) {
          total += (Files.size(part.image().get().file().get()) + 2) / 3 * 4;
        }
      }
      if (t.parentId().isEmpty()) {
        return total;
      }
    }
  }

  private static long retained() throws InterruptedException {
    System.gc();
    System.gc();
    Thread.sleep(50);
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void listen(AtomicLong maxLive, Set<String> heapPools) {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
          return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        if (info.getGcCause().equals("System.gc()")) {
          return;
        }
        long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
            .filter(e -> heapPools.contains(e.getKey()))
            .mapToLong(e -> e.getValue().getUsed()).sum();
        maxLive.accumulateAndGet(used, Math::max);
      }, null, null);
    }
  }
}
