/**
 * Echo, the smallest provider: no network, no key. It answers every call with a PNG of the size asked,
 * filled with its one option, {@code tint}. It exists to show what a provider implements
 * ({@link dev.darkroom.echo.EchoProvider} is the whole seam) and to prove, in this module's tests, that a
 * provider plugs into generate, history, rerun, compare, batch and the CLI without changing them.
 */
@NullMarked
package dev.darkroom.echo;

import org.jspecify.annotations.NullMarked;
