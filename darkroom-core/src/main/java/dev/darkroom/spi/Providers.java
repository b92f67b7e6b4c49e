package dev.darkroom.spi;

import dev.darkroom.InvalidRequestException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The providers on the class path, found once with {@link ServiceLoader} the first time anything
 * asks (never at start-up), in id order.
 */
public final class Providers {
  private static volatile Map<String, ImageProvider> loaded;

  private Providers() {}

  /** Every installed provider, by id. */
  public static Map<String, ImageProvider> all() {
    Map<String, ImageProvider> map = loaded;
    if (map == null) {
      synchronized (Providers.class) {
        map = loaded;
        if (map == null) {
          List<ImageProvider> list = new ArrayList<>();
          ServiceLoader.load(ImageProvider.class, Providers.class.getClassLoader()).forEach(list::add);
          list.sort((a, b) -> a.id().compareTo(b.id()));
          Map<String, ImageProvider> m = new LinkedHashMap<>();
          for (ImageProvider p : list) {
            m.putIfAbsent(p.id(), p);
          }
          map = Collections.unmodifiableMap(m);
          loaded = map;
        }
      }
    }
    return map;
  }

  /** The provider with this id, if installed. */
  public static Optional<ImageProvider> find(String id) {
    return Optional.ofNullable(all().get(id));
  }

  /**
   * The provider with this id.
   *
   * @param forWhat what needs it, e.g. {@code model comfyui:sdxl.safetensors}
   * @throws InvalidRequestException when it is not installed, naming the installed ones
   */
  public static ImageProvider require(String id, String forWhat) {
    ImageProvider p = all().get(id);
    if (p == null) {
      throw new InvalidRequestException(forWhat + " uses provider '" + id + "', which is not installed; installed: "
          + (all().isEmpty() ? "none" : String.join(", ", all().keySet()))
          + " (add the darkroom-" + id + " module to the class path)", "provider", List.copyOf(all().keySet()));
    }
    return p;
  }

  /** The provider that owns a journaled batch name ({@code provider:id}, or one it claims). */
  public static Optional<ImageProvider> ownerOfBatch(String journalName) {
    int colon = journalName.indexOf(':');
    int slash = journalName.indexOf('/');
    if (colon > 0 && (slash < 0 || colon < slash)) {
      return find(journalName.substring(0, colon));
    }
    return all().values().stream().filter(p -> p.claimsBatchName(journalName)).findFirst();
  }
}
