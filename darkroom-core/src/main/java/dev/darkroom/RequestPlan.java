package dev.darkroom;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The requests of a command that makes several (a comparison, a grid, a batch, axes), every one
 * resolved and validated before the first is sent. A typo in one element of ten costs nothing:
 * {@link Builder#build()} refuses the whole plan with one {@link InvalidRequestException} that lists
 * every bad element, each with its label and, where known, the closest valid value.
 *
 * <pre>{@code
 * RequestPlan.Builder plan = RequestPlan.builder();
 * for (String model : models) {
 *   plan.add(model, () -> base.newBuilder(catalog).model(model).build());
 * }
 * RequestPlan valid = plan.build();          // throws before anything is sent
 * valid.entries().forEach(e -> darkroom.generate(e.request(), save));
 * }</pre>
 *
 * <p>Only failures that can be known before sending belong here (unknown models, sizes, ratios,
 * options a model lacks, unreadable inputs, unfilled placeholders); what only the provider can say
 * (blocked, quota, server errors) is the running command's business.
 */
public final class RequestPlan {
  private final List<Entry> entries;

  private RequestPlan(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** A new, empty plan builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The planned requests, in the order they were added. */
  public List<Entry> entries() {
    return entries;
  }

  /** The planned requests alone, in order. */
  public List<ImageRequest> requests() {
    return entries.stream().map(Entry::request).toList();
  }

  /** The estimated cost in USD of every entry ({@link Darkroom#estimateCost(ImageRequest)}), summed. */
  public BigDecimal estimatedCostUsd() {
    BigDecimal sum = BigDecimal.ZERO;
    for (Entry e : entries) {
      sum = sum.add(Darkroom.estimateCost(e.request()));
    }
    return sum;
  }

  /**
   * The setting at fault in a refusal: for a plan's refusal ({@link Builder#build()}), the
   * {@link InvalidRequestException#field() field} every refused element names when they all name the
   * same one (two unknown models on an axis: {@code model}), else {@code plan}; for any other refusal,
   * its own field. Lets a form or job file point at the setting while the message still lists every
   * bad element.
   */
  public static Optional<String> fieldAtFault(InvalidRequestException e) {
    if (!e.field().filter("plan"::equals).isPresent() || e.getSuppressed().length == 0) {
      return e.field();
    }
    String common = null;
    for (Throwable t : e.getSuppressed()) {
      String field = t instanceof InvalidRequestException r ? r.field().orElse(null) : null;
      if (field == null || (common != null && !common.equals(field))) {
        return e.field();
      }
      common = field;
    }
    return Optional.of(common);
  }

  /**
   * One planned request.
   *
   * @param label what the user calls this element (a variant label, a job, an axis cell)
   * @param request the validated request
   */
  public record Entry(String label, ImageRequest request) {
    public Entry {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(request, "request");
    }
  }

  /**
   * Collects elements and the problems found in them. Not thread-safe. Problems are kept in the order
   * found; the same problem is listed once, with every label that has it.
   */
  public static final class Builder {
    /** Problems listed in the message; the rest are counted. */
    private static final int MAX_LISTED = 20;

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Set<String>> problems = new LinkedHashMap<>();
    /** The first refusal of each problem, by problem text; attached to the plan's refusal. */
    private final Map<String, RuntimeException> refusals = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Builds one element's request now; when that throws {@link InvalidRequestException} or
     * {@link IllegalArgumentException}, records the problem under {@code label} instead.
     *
     * @return the request, or empty when it was refused
     */
    public java.util.Optional<ImageRequest> add(String label, Supplier<ImageRequest> request) {
      Objects.requireNonNull(label, "label");
      try {
        ImageRequest r = Objects.requireNonNull(request.get(), "request");
        entries.add(new Entry(label, r));
        return java.util.Optional.of(r);
      } catch (InvalidRequestException | IllegalArgumentException e) {
        refuse(label, e);
        return java.util.Optional.empty();
      }
    }

    /** Adds an already validated request. */
    public Builder add(Entry entry) {
      entries.add(Objects.requireNonNull(entry, "entry"));
      return this;
    }

    /** Records a problem found while reading an element, before a request could be built. */
    public Builder refuse(String label, String problem) {
      refusals.computeIfAbsent(problem, InvalidRequestException::new);
      problems.computeIfAbsent(problem, k -> new LinkedHashSet<>()).add(label);
      return this;
    }

    /**
     * Records a refusal by its message (which names the closest valid value where one is known); the
     * exception itself is kept for {@link #fieldAtFault}.
     */
    public Builder refuse(String label, RuntimeException e) {
      String problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      refusals.putIfAbsent(problem, e);
      return refuse(label, problem);
    }

    /** Whether a problem has been recorded. */
    public boolean hasProblems() {
      return !problems.isEmpty();
    }

    /**
     * The problems recorded so far, one line each: {@code label: message}, or {@code label | label:
     * message} when several elements have the same problem (a shared setting no model takes).
     */
    public List<String> problems() {
      List<String> lines = new ArrayList<>();
      problems.forEach((message, labels) -> lines.add(String.join(" | ", labels) + ": " + message));
      return lines;
    }

    /**
     * The plan, when every element is valid.
     *
     * @throws InvalidRequestException listing every problem (the first 20, then a count), one a line,
     *     when there is any (its
     *     {@link InvalidRequestException#field()} is {@code plan}, and each problem's own refusal is
     *     attached as a suppressed exception: see {@link #fieldAtFault}); nothing has been sent
     */
    public RequestPlan build() {
      if (!problems.isEmpty()) {
        InvalidRequestException refused = new InvalidRequestException(describe(problems()), "plan", List.of());
        refusals.values().forEach(refused::addSuppressed);
        throw refused;
      }
      return new RequestPlan(entries);
    }

    private static String describe(List<String> problems) {
      if (problems.size() == 1) {
        return problems.get(0) + " (nothing was sent)";
      }
      StringBuilder sb = new StringBuilder(problems.size() + " problems in the plan; nothing was sent:");
      for (String p : problems.subList(0, Math.min(problems.size(), MAX_LISTED))) {
        sb.append("\n  ").append(p);
      }
      if (problems.size() > MAX_LISTED) {
        sb.append("\n  ... and ").append(problems.size() - MAX_LISTED).append(" more");
      }
      return sb.toString();
    }
  }
}
