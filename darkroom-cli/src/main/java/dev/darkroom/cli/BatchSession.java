package dev.darkroom.cli;

import dev.darkroom.Darkroom;
import dev.darkroom.GenerationRecorder;
import dev.darkroom.ModelCatalog;
import dev.darkroom.batch.BatchListener;
import dev.darkroom.batch.BatchRunner;
import dev.darkroom.gemini.GeminiBatchClient;
import dev.darkroom.history.History;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The clients, history and runner one {@code batch} command works with; closes them all. */
final class BatchSession implements AutoCloseable {
  final History history;
  final Darkroom darkroom;
  final @Nullable GeminiBatchClient batchClient;
  final BatchRunner runner;

  BatchSession(Environment env, ConnectionOptions connection, HomeOptions home, ModelCatalog catalog,
      BatchOptions options, int maxInputSide, BatchListener listener, boolean batchApi) {
    this.history = home.open(env, HistoryOptions.staleAfter(connection.timeoutSeconds));
    try {
      // --api-key/--base-url apply to Gemini (the Batch API is Gemini's); other providers' jobs use
      // their own environment variables (OPENAI_API_KEY ...).
      this.darkroom = ClientFactory.create(env, connection, catalog, dev.darkroom.GenerationListener.NONE,
          maxInputSide, GenerationRecorder.NONE, "gemini");
      this.batchClient = batchApi ? batchClient(env, connection, options, maxInputSide) : null;
    } catch (RuntimeException e) {
      history.close();
      throw e;
    }
    this.runner = BatchRunner.builder()
        .darkroom(darkroom)
        .history(history)
        .batchClient(batchClient)
        .concurrency(options.concurrency)
        .requestsPerMinute(options.rpm)
        .maxCostUsd(options.maxCost)
        .listener(listener)
        .sleeper(env.sleeper())
        .maxInputSide(maxInputSide)
        .build();
  }

  private static GeminiBatchClient batchClient(Environment env, ConnectionOptions connection, BatchOptions options,
      int maxInputSide) {
    Map<String, String> vars = new HashMap<>(env.variables());
    GeminiBatchClient.Builder b = GeminiBatchClient.builder()
        .env(vars)
        .sleeper(env.sleeper())
        .timeout(Duration.ofSeconds(connection.timeoutSeconds))
        .maxInputSide(maxInputSide)
        .pollInterval(Duration.ofSeconds(Math.max(1, options.pollSeconds)), Duration.ofSeconds(60));
    if (connection.apiKey != null) {
      b.apiKey(connection.apiKey);
    }
    if (connection.baseUrl != null) {
      b.baseUrl(connection.baseUrl);
    }
    if (options.inlineLimit != null) {
      b.inlineLimitBytes(options.inlineLimit);
    }
    return b.build();
  }

  @Override
  public void close() {
    if (batchClient != null) {
      batchClient.close();
    }
    darkroom.close();
    history.close();
  }
}
