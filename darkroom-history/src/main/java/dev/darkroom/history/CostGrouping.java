package dev.darkroom.history;

/** How {@link History#cost} groups rows into lines. */
public enum CostGrouping {
  /** One line per calendar day in the query's time zone, oldest first; keys like {@code 2026-11-22}. */
  DAY,
  /** One line per model id, alphabetically. */
  MODEL,
  /** One line per run id, alphabetically (run ids start with their time, so that is chronological); rows outside any run have the key {@code ""}. */
  RUN
}
