package dev.darkroom.spi;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A provider's batch as last seen, in provider-neutral terms, for batch listeners
 * and {@code batch status}.
 *
 * @param name the journaled name: {@code provider:id} (e.g. {@code openai:batch_abc}), or the bare id
 *     for a provider that claims its names ({@link ImageProvider#claimsBatchName})
 * @param provider the provider id
 * @param phase the state mapped onto Darkroom's phases
 * @param providerState the provider's own word for it, e.g. {@code BATCH_STATE_RUNNING}'s
 *     {@code RUNNING} or OpenAI's {@code in_progress}
 * @param requests requests in the batch (0 when not reported yet)
 * @param error the provider's explanation when the whole batch failed
 */
public record ProviderBatch(String name, String provider, Phase phase, String providerState, long requests,
    long succeeded, long failed, @Nullable String error) {

  public ProviderBatch {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(providerState, "providerState");
  }

  /** Where a batch is in its life, whatever the provider calls it. */
  public enum Phase {
    /** Accepted, not running yet (Gemini PENDING, OpenAI validating). */
    PENDING,
    /** Running, or finishing (OpenAI in_progress, finalizing, cancelling). */
    RUNNING,
    /** Finished; every request has a result. */
    SUCCEEDED,
    /** The whole batch failed; no results. */
    FAILED,
    /** Cancelled; results only for requests run before. */
    CANCELLED,
    /** Not finished in time; results only for requests run before. */
    EXPIRED;

    /** Whether the batch will not change any more. */
    public boolean terminal() {
      return this != PENDING && this != RUNNING;
    }
  }

  /** The provider's own id of the batch: the name without its {@code provider:} prefix. */
  public String id() {
    return name.startsWith(provider + ":") ? name.substring(provider.length() + 1) : name;
  }

  /** The state to show a person: the phase, with the provider's word when it differs. */
  public String describeState() {
    return providerState.equalsIgnoreCase(phase.name()) ? phase.name()
        : phase.name() + " (" + providerState.toLowerCase(Locale.ROOT) + ")";
  }
}
