/** Studio internals: HTML escaping and pages, sheet layout, text wrapping, image helpers. Not API. */
@NullMarked
package dev.darkroom.studio.internal;

import org.jspecify.annotations.NullMarked;
