/**
 * Batch runs: job files expanded from prompt templates, data files and matrices
 * ({@link dev.darkroom.batch.JobFile}), run in parallel under a rate limit with a crash-safe journal
 * ({@link dev.darkroom.batch.BatchRunner}), directly or through the provider's half-price Batch API (Gemini's or OpenAI's, behind
 * one package-private {@code BatchBackend} seam).
 */
@NullMarked
package dev.darkroom.batch;

import org.jspecify.annotations.NullMarked;
