/**
 * Safe output files: atomic, never-clobbering writes ({@link dev.darkroom.internal.io.AtomicFiles}),
 * output naming that cannot escape the output directory
 * ({@link dev.darkroom.internal.io.OutputNames}), and an up-front writability check
 * ({@link dev.darkroom.internal.io.WritableDirs}).
 *
 * <p>Internal: not exported and subject to change. Nothing here prints or exits. Bad names and
 * unusable directories raise {@link java.lang.IllegalArgumentException} naming the value;
 * file-system failures while writing raise {@link java.io.IOException}.
 */
@NullMarked
package dev.darkroom.internal.io;

import org.jspecify.annotations.NullMarked;
