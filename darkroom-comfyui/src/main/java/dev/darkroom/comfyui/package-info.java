/**
 * ComfyUI, the local Stable Diffusion engine, as a Darkroom provider. {@link dev.darkroom.comfyui.ComfyOptions}
 * carries the engine's own knobs (checkpoint, refiner, LoRAs, sampler…) alongside a request. Nothing here is
 * null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.darkroom.comfyui;

import org.jspecify.annotations.NullMarked;
