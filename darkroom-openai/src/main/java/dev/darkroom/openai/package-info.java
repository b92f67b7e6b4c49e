/**
 * OpenAI's Images API (GPT Image models): JSON generation bodies, multipart edit bodies, streamed
 * partial images, usage and error mapping. Only {@link dev.darkroom.openai.OpenAiProvider} is public.
 */
@NullMarked
package dev.darkroom.openai;

import org.jspecify.annotations.NullMarked;
