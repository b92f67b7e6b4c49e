package dev.darkroom.cli;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** How a batch run sends its jobs: concurrency, rate, cost limit, direct or Batch API. */
final class BatchOptions {
  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
      description = "Parallel requests (default: ${DEFAULT-VALUE}).")
  int concurrency;

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
    o.concurrency = 4;
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

  void validate() {
    batchApi();
    if (concurrency < 1 || concurrency > 256) {
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
