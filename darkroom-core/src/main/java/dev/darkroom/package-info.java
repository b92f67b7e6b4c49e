/** Darkroom's public API. Start with {@link dev.darkroom.Darkroom} and {@link dev.darkroom.ImageRequest}. Nothing here is null unless marked {@code @Nullable}. */
@NullMarked
package dev.darkroom;

import org.jspecify.annotations.NullMarked;
