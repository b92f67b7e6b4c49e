package dev.darkroom.internal.provider;

import dev.darkroom.ImageRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything one attempt needs.
 *
 * @param request the validated request
 * @param inputs its reference images, prepared
 * @param timeout the whole-attempt deadline
 * @param thoughts receives streamed thought text; a no-op when nobody listens
 */
public record ProviderCall(ImageRequest request, List<PreparedInput> inputs, Duration timeout, Consumer<String> thoughts) {}
