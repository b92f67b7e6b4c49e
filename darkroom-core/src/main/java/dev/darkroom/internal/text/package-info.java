/**
 * Text helpers shared by the library's messages: the closest known name to a mistyped one
 * ({@link dev.darkroom.internal.text.Closest}).
 *
 * <p>Internal: not exported and subject to change.
 */
@NullMarked
package dev.darkroom.internal.text;

import org.jspecify.annotations.NullMarked;
