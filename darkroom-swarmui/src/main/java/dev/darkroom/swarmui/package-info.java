/**
 * SwarmUI as a Darkroom provider: {@link dev.darkroom.swarmui.SwarmUIProvider} (found through
 * {@link java.util.ServiceLoader}) and its request options, {@link dev.darkroom.swarmui.SwarmOptions}.
 * Everything else in this package is internal.
 */
@NullMarked
package dev.darkroom.swarmui;

import org.jspecify.annotations.NullMarked;
