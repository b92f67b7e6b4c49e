/**
 * Grid images: parsing a {@code ROWSxCOLS} spec and slicing one generated image into its cells.
 *
 * <p>{@link dev.darkroom.internal.grid.GridSlicer} finds the separating lines ("gutters") and the
 * outer border an image model draws around grid cells, so cells come out without slivers of
 * border; when an image has no such lines it falls back to an even split that keeps every pixel.
 *
 * <p>Internal: not exported and subject to change. Nothing here prints or exits. Bad arguments
 * raise {@link java.lang.IllegalArgumentException} with a message that names the value.
 */
@NullMarked
package dev.darkroom.internal.grid;

import org.jspecify.annotations.NullMarked;
