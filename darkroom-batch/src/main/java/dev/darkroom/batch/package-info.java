/**
 * Batch runs: job files expanded from prompt templates, data files and matrices
 * ({@link dev.darkroom.batch.JobFile}), run in parallel under a rate limit with a crash-safe journal
 * ({@link dev.darkroom.batch.BatchRunner}), directly or through Gemini's half-price Batch API.
 */
@NullMarked
package dev.darkroom.batch;

import org.jspecify.annotations.NullMarked;
