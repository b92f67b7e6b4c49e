package dev.darkroom.prompt;

import java.util.List;

/** Writes spans as text without weights, recording each dropped weight, BREAK and embedding as a loss. */
final class TextOnly {
  private TextOnly() {}

  static String text(List<Span> spans, Losses losses, String target) {
    StringBuilder b = new StringBuilder();
    for (Span s : spans) {
      switch (s.kind()) {
        case BREAK -> {
          losses.lose("BREAK", "dropped; " + target + " has no chunk boundaries");
          b.append(' ');
        }
        case EMBEDDING -> {
          losses.lose("embedding " + s.text(), "written as the plain word '" + s.text() + "'; " + target
              + " has no textual inversion");
          b.append(s.text());
        }
        case TEXT -> b.append(s.text());
      }
      if (s.kind() != Span.Kind.BREAK && !Weights.isOne(s.weight()) && !s.text().isBlank()) {
        losses.lose("weight " + Weights.format(s.weight()) + " on '" + s.text().strip() + "'",
            "dropped; " + target + " has no token weights");
      }
    }
    return b.toString().replaceAll("[ \\t]{2,}", " ").strip();
  }

  static void loras(ParsedPrompt prompt, Losses losses, String target) {
    for (LoraRef l : prompt.loras()) {
      losses.lose("LoRA " + l.name(), "dropped; " + target + " cannot load LoRAs");
    }
  }
}
