package dev.darkroom.cli;

import dev.darkroom.Darkroom;
import dev.darkroom.GenerationRecorder;
import dev.darkroom.ModelCatalog;
import dev.darkroom.batch.BatchListener;
import dev.darkroom.batch.BatchPlan;
import dev.darkroom.batch.BatchRunner;
import dev.darkroom.gemini.GeminiBatchClient;
import dev.darkroom.history.History;
import dev.darkroom.openai.OpenAiBatchClient;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The clients, history and runner one {@code batch} command works with; closes them all. Batch API
 * clients are made only for the providers the run needs, so an OpenAI-only user needs no Gemini key.
 * {@code --api-key} and {@code --base-url} apply to the run's provider when it has one, else to Gemini;
 * other providers' jobs use their own environment variables ({@code OPENAI_API_KEY} ...).
 */
final class BatchSession implements AutoCloseable {
  final History history;
  final Darkroom darkroom;
  final @Nullable GeminiBatchClient geminiBatches;
  final @Nullable OpenAiBatchClient openAiBatches;
  final BatchRunner runner;

  /**
   * @param providers the providers of the run's jobs (and of its journaled batches)
   * @param batchApi whether to make Batch API clients for those providers
   */
  BatchSession(Environment env, ConnectionOptions connection, HomeOptions home, ModelCatalog catalog,
      BatchOptions options, int maxInputSide, BatchListener listener, Set<String> providers, boolean batchApi) {
    String main = providers.size() == 1 ? providers.iterator().next() : "gemini";
    this.history = home.open(env, HistoryOptions.staleAfter(connection.timeoutSeconds));
    Darkroom client = null;
    GeminiBatchClient gemini = null;
    OpenAiBatchClient openai = null;
    try {
      client = ClientFactory.create(env, connection, catalog, dev.darkroom.GenerationListener.NONE,
          maxInputSide, GenerationRecorder.NONE, main);
      if (batchApi && providers.contains("gemini")) {
        gemini = geminiClient(env, main.equals("gemini") ? connection : null, options, maxInputSide);
      }
      if (batchApi && providers.contains("openai")) {
        openai = openAiClient(env, main.equals("openai") ? connection : null, options, maxInputSide);
      }
    } catch (RuntimeException e) {
      if (gemini != null) {
        gemini.close();
      }
      if (client != null) {
        client.close();
      }
      history.close();
      throw e;
    }
    this.darkroom = client;
    this.geminiBatches = gemini;
    this.openAiBatches = openai;
    this.runner = BatchRunner.builder()
        .darkroom(darkroom)
        .history(history)
        .batchClient(geminiBatches)
        .openAiBatchClient(openAiBatches)
        .concurrency(options.concurrency)
        .requestsPerMinute(options.rpm)
        .maxCostUsd(options.maxCost)
        .listener(listener)
        .sleeper(env.sleeper())
        .maxInputSide(maxInputSide)
        .build();
  }

  /** The providers of a plan's jobs. */
  static Set<String> providersOf(BatchPlan plan) {
    Set<String> providers = new TreeSet<>();
    plan.jobs().forEach(j -> providers.add(j.request().model().provider()));
    return providers;
  }

  /** The providers of a plan's jobs and of journaled batch names. */
  static Set<String> providersOf(@Nullable BatchPlan plan, Collection<String> batchNames) {
    Set<String> providers = new TreeSet<>(BatchRunner.providersOf(java.util.List.copyOf(batchNames)));
    if (plan != null) {
      providers.addAll(providersOf(plan));
    }
    return providers;
  }

  private static GeminiBatchClient geminiClient(Environment env, @Nullable ConnectionOptions connection,
      BatchOptions options, int maxInputSide) {
    GeminiBatchClient.Builder b = GeminiBatchClient.builder()
        .env(env.variables())
        .sleeper(env.sleeper())
        .maxInputSide(maxInputSide)
        .pollInterval(Duration.ofSeconds(Math.max(1, options.pollSeconds)), Duration.ofSeconds(60));
    if (connection != null) {
      b.timeout(Duration.ofSeconds(connection.timeoutSeconds));
      if (connection.apiKey != null) {
        b.apiKey(connection.apiKey);
      }
      if (connection.baseUrl != null) {
        b.baseUrl(connection.baseUrl);
      }
    }
    if (options.inlineLimit != null) {
      b.inlineLimitBytes(options.inlineLimit);
    }
    return b.build();
  }

  private static OpenAiBatchClient openAiClient(Environment env, @Nullable ConnectionOptions connection,
      BatchOptions options, int maxInputSide) {
    OpenAiBatchClient.Builder b = OpenAiBatchClient.builder()
        .env(env.variables())
        .sleeper(env.sleeper())
        .maxInputSide(maxInputSide)
        .pollInterval(Duration.ofSeconds(Math.max(1, options.pollSeconds)), Duration.ofSeconds(60));
    if (connection != null) {
      b.timeout(Duration.ofSeconds(connection.timeoutSeconds));
      if (connection.apiKey != null) {
        b.apiKey(connection.apiKey);
      }
      if (connection.baseUrl != null) {
        b.baseUrl(connection.baseUrl);
      }
    }
    return b.build();
  }

  @Override
  public void close() {
    if (geminiBatches != null) {
      geminiBatches.close();
    }
    if (openAiBatches != null) {
      openAiBatches.close();
    }
    darkroom.close();
    history.close();
  }
}
