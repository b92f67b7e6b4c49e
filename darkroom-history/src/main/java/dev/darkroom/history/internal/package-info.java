/**
 * SQLite plumbing for the history store: opening and checking the file
 * ({@link dev.darkroom.history.internal.Database}), versioned schema migrations
 * ({@link dev.darkroom.history.internal.Migrations}), retry on a busy database, and process-liveness
 * checks for write-ahead rows ({@link dev.darkroom.history.internal.ProcessOwner}).
 *
 * <p>Internal: not exported and subject to change. Every failure surfaces as a
 * {@link dev.darkroom.history.HistoryException} naming the database file.
 */
@NullMarked
package dev.darkroom.history.internal;

import org.jspecify.annotations.NullMarked;
