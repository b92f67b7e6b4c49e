/**
 * AUTOMATIC1111, Forge and Forge Neo (the web UIs started with {@code --api}) as a Darkroom provider over
 * {@code /sdapi/v1/*}. {@link dev.darkroom.a1111.A1111Provider} is found through {@link java.util.ServiceLoader};
 * {@link dev.darkroom.a1111.A1111Options} carries the engine's knobs on a request. Everything else is internal.
 */
@NullMarked
package dev.darkroom.a1111;

import org.jspecify.annotations.NullMarked;
