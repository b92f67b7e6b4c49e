/** The A1111 client: request bodies, name checks against the engine, progress polling, error mapping. */
@NullMarked
package dev.darkroom.a1111.internal;

import org.jspecify.annotations.NullMarked;
