package dev.darkroom.gemini;

import dev.darkroom.GroundingSource;
import dev.darkroom.Usage;
import dev.darkroom.spi.RawImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Collects one response, or the events of a streamed response, as they are parsed. Streamed
 * events carry text as deltas and the image whole; the last event carries the finish reason and
 * final usage.
 */
final class ResponseAccumulator {
  final List<RawImage> images = new ArrayList<>();
  final StringBuilder text = new StringBuilder();
  final StringBuilder thoughts = new StringBuilder();
  final Map<String, GroundingSource> sources = new LinkedHashMap<>();
  final List<String> searchQueries = new ArrayList<>();
  @Nullable String finishReason;
  @Nullable String finishMessage;
  @Nullable String blockReason;
  @Nullable String blockReasonMessage;
  final List<String> blockedCategories = new ArrayList<>();
  @Nullable Usage usage;
  @Nullable String responseId;
  @Nullable String modelVersion;
  /** Whether to keep {@link #modelTurn} (a conversation continues). */
  boolean keepTurn;
  /** The model turn's non-thought parts with their signatures, when {@link #keepTurn}. */
  final List<dev.darkroom.spi.Conversation.Part> modelTurn = new ArrayList<>();
  int candidates;
  int events;
  private final Consumer<String> thoughtSink;

  ResponseAccumulator(Consumer<String> thoughtSink) {
    this.thoughtSink = thoughtSink;
  }

  void addText(String value, boolean thought) {
    if (thought) {
      thoughts.append(value);
      thoughtSink.accept(value);
    } else {
      text.append(value);
    }
  }

  void addQuery(String query) {
    if (!searchQueries.contains(query)) {
      searchQueries.add(query);
    }
  }
}
