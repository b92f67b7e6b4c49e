package dev.darkroom.swarmui;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads SwarmUI's {@code ListBackends} answer: an object keyed by backend id, each entry with
 * {@code status} ({@code running}, {@code loading}, {@code idle}, {@code waiting}, {@code errored},
 * {@code disabled}) and {@code enabled}. Without the {@code view_backends_list} permission SwarmUI answers
 * {@code {"error_id": "bad_permissions", ...}} instead.
 */
final class SwarmBackends {
  /** Statuses of backends that take no generations. */
  private static final Set<String> UNUSABLE = Set.of("errored", "disabled");

  private SwarmBackends() {}

  /**
   * The backends that can take generations: enabled and neither errored nor disabled (one that is still
   * loading or waiting counts, as SwarmUI queues work for it). Empty for an error answer or none usable.
   */
  static OptionalInt usable(JsonNode answer) {
    if (!answer.isObject() || answer.has("error") || answer.has("error_id")) {
      return OptionalInt.empty();
    }
    int count = 0;
    for (JsonNode backend : answer) {
      if (!backend.isObject()) {
        continue;
      }
      String status = backend.path("status").asText("").toLowerCase(Locale.ROOT);
      if (backend.path("enabled").asBoolean(true) && !UNUSABLE.contains(status)) {
        count++;
      }
    }
    return count == 0 ? OptionalInt.empty() : OptionalInt.of(count);
  }
}
