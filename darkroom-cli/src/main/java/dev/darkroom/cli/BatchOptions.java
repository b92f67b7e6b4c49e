package dev.darkroom.cli;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** How a batch run sends its jobs: concurrency, rate, cost limit, direct or Batch API. */
final class BatchOptions {
  /** Parallel requests when neither {@code --concurrency} nor the engine says otherwise. */
  static final int DEFAULT_CONCURRENCY = 4;

  @Option(names = "--concurrency", paramLabel = "N",
      description = "Parallel requests (default: the engine's backend count where it tells, as SwarmUI does when"
          + " the account may list backends; else " + DEFAULT_CONCURRENCY + ").")
  @Nullable Integer concurrency;

  @Option(names = "--rpm", paramLabel = "N", defaultValue = "0",
      description = "Stay under N requests per minute (default: no limit; 429s still pause every worker).")
  int rpm;

  @Option(names = "--max-cost", paramLabel = "USD",
      description = "Refuse to start when the estimate exceeds USD; stop starting jobs once the spend reaches it.")
  @Nullable BigDecimal maxCost;

  @Option(names = "--via", paramLabel = "direct|batch-api", defaultValue = "direct",
      description = "direct (default), or batch-api: the provider's Batch API (Gemini, OpenAI) at half price, results within 24 h.")
  String via;

  @Option(names = "--no-wait", description = "With --via batch-api: submit, print the run id and return; collect later with 'batch resume'.")
  boolean noWait;

  @Option(names = "--inline-limit", paramLabel = "BYTES", hidden = true,
      description = "Batch API submissions at least this large go as an uploaded JSONL file (default 20 MB).")
  @Nullable Long inlineLimit;

  @Option(names = "--poll", paramLabel = "SECONDS", hidden = true, defaultValue = "5",
      description = "First wait between polls of a provider batch (default: ${DEFAULT-VALUE}).")
  int pollSeconds;

  /** The defaults, for commands that only reach existing batches (status, cancel). */
  static BatchOptions defaults() {
    BatchOptions o = new BatchOptions();
    o.concurrency = DEFAULT_CONCURRENCY;
    o.via = "batch-api";
    o.pollSeconds = 5;
    return o;
  }

  boolean batchApi() {
    return switch (via) {
      case "direct" -> false;
      case "batch-api" -> true;
      default -> throw CliException.usage("invalid --via '" + via + "': allowed are direct and batch-api");
    };
  }

  /**
   * The concurrency to run with: {@code --concurrency} when given; else, when {@code askEngine} (a direct
   * run on one provider), what its engine suggests (capped at 256); else {@value #DEFAULT_CONCURRENCY}.
   *
   * @param suggested asks the run's provider, called only when needed
   */
  Concurrency resolve(boolean askEngine, java.util.function.Supplier<java.util.OptionalInt> suggested) {
    if (concurrency != null) {
      return new Concurrency(concurrency, "--concurrency");
    }
    if (askEngine) {
      java.util.OptionalInt n = suggested.get();
      if (n.isPresent()) {
        return new Concurrency(Math.min(256, Math.max(1, n.getAsInt())), "engine");
      }
    }
    return new Concurrency(DEFAULT_CONCURRENCY, "default");
  }

  /** A run's concurrency and where it came from: {@code --concurrency}, {@code engine} or {@code default}. */
  record Concurrency(int value, String source) {}

  void validate() {
    batchApi();
    if (concurrency != null && (concurrency < 1 || concurrency > 256)) {
      throw CliException.usage("--concurrency must be 1 to 256, got " + concurrency);
    }
    if (rpm < 0) {
      throw CliException.usage("--rpm must be 0 (no limit) or positive, got " + rpm);
    }
    if (maxCost != null && maxCost.signum() < 0) {
      throw CliException.usage("--max-cost must not be negative, got " + maxCost.toPlainString());
    }
  }
}
