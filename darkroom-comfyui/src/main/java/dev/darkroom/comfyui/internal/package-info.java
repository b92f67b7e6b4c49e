/**
 * Internal: ComfyUI's wire format (API-format graphs, {@code /object_info}, routes, websocket events, the PNG
 * {@code prompt} chunk). Public only so the provider and its tests can reach it; not API, may change without notice.
 */
@NullMarked
package dev.darkroom.comfyui.internal;

import org.jspecify.annotations.NullMarked;
