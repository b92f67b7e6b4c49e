/**
 * Darkroom's history: a write-ahead record of every generation in an embedded SQLite database, with
 * queries for recent generations, spend reports and exact re-runs.
 *
 * <p>Start at {@link dev.darkroom.history.History}: open one, pass it to
 * {@code Darkroom.Builder.recorder}, then {@link dev.darkroom.history.History#list list},
 * {@link dev.darkroom.history.History#get get}, {@link dev.darkroom.history.History#cost cost} and
 * {@link dev.darkroom.history.History#rebuildRequest rebuildRequest}. Rows are
 * {@link dev.darkroom.history.GenerationRecord}s. Database failures are
 * {@link dev.darkroom.history.HistoryException}s.
 */
@NullMarked
package dev.darkroom.history;

import org.jspecify.annotations.NullMarked;
