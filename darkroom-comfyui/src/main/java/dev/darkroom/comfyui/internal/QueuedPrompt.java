package dev.darkroom.comfyui.internal;

/**
 * A prompt the engine accepted.
 *
 * @param promptId the id events and {@code /history} use (ours when the server accepts client ids)
 * @param number its queue number
 */
public record QueuedPrompt(String promptId, double number) {}
