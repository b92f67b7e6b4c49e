package dev.darkroom.cli;

import dev.darkroom.Darkroom;
import dev.darkroom.GenerationRecorder;
import dev.darkroom.ModelCatalog;
import dev.darkroom.batch.BatchListener;
import dev.darkroom.batch.BatchPlan;
import dev.darkroom.batch.BatchRunner;
import dev.darkroom.spi.BatchBackend;
import dev.darkroom.history.History;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The client, history and runner one {@code batch} command works with; closes them all. Batch APIs
 * are opened by the runner only for the providers the run needs, so an OpenAI-only user needs no
 * Gemini key. {@code --api-key} and {@code --base-url} apply to the run's provider; a run over several
 * providers takes each one's key from its own environment variable.
 */
final class BatchSession implements AutoCloseable {
  final History history;
  final Darkroom darkroom;
  final BatchRunner runner;
  /** The concurrency the runner uses, and where it came from. */
  final BatchOptions.Concurrency concurrency;

  /**
   * @param providers the providers of the run's jobs (and of its journaled batches)
   * @param batchApi whether the run may use the providers' batch APIs
   */
  BatchSession(Environment env, ConnectionOptions connection, HomeOptions home, ModelCatalog catalog,
      BatchOptions options, int maxInputSide, BatchListener listener, Set<String> providers, boolean batchApi) {
    if (providers.size() > 1 && connection.providerSpecific()) {
      throw CliException.usage("--api-key, --base-url, --project, --location, --credentials-file and"
          + " --access-token-file apply to one provider, and this run"
          + " uses " + String.join(", ", providers) + "; set each provider's key and endpoint in its environment"
          + " variables");
    }
    String main = providers.size() == 1 ? providers.iterator().next() : "none";
    this.history = home.open(env, HistoryOptions.staleAfter(connection.timeoutSeconds));
    try {
      ConnectionOptions c = connection;
      this.darkroom = ClientFactory.create(env, c, catalog, dev.darkroom.GenerationListener.NONE, maxInputSide,
          GenerationRecorder.NONE, main, b -> {
            if (options.inlineLimit != null) {
              providers.forEach(p -> b.setting(p + ".batchInlineLimitBytes", options.inlineLimit.toString()));
            }
          });
    } catch (RuntimeException e) {
      history.close();
      throw e;
    }
    this.concurrency = options.resolve(!batchApi && providers.size() == 1,
        () -> darkroom.suggestedConcurrency(main));
    this.runner = BatchRunner.builder()
        .darkroom(darkroom)
        .history(history)
        .batchSettings(new BatchBackend.Settings(Duration.ofSeconds(Math.max(1, options.pollSeconds)),
            Duration.ofSeconds(60)))
        .concurrency(concurrency.value())
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

  @Override
  public void close() {
    runner.close();
    darkroom.close();
    history.close();
  }
}
