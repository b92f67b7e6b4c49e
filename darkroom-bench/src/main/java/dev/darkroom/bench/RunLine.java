package dev.darkroom.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@code RESULT k=v k=v} line printed by a child JVM. */
final class RunLine {
  final Map<String, String> values = new HashMap<>();

  static RunLine parse(List<String> output) {
    for (String line : output) {
      if (line.startsWith("RESULT ")) {
        RunLine r = new RunLine();
        for (String kv : line.substring(7).trim().split("\\s+")) {
          int eq = kv.indexOf('=');
          r.values.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return r;
      }
    }
    throw new IllegalStateException("no RESULT line in child output:\n" + String.join("\n", output));
  }

  double num(String key) {
    return Double.parseDouble(values.get(key));
  }
}
