/** Internal: the interface every image provider implements. Not API. */
@NullMarked
package dev.darkroom.internal.provider;

import org.jspecify.annotations.NullMarked;
