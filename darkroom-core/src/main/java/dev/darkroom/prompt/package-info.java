/**
 * Prompt weighting across engines: one parsed model of a prompt ({@link dev.darkroom.prompt.ParsedPrompt}),
 * a parser for each dialect and a renderer for each target ({@link dev.darkroom.prompt.PromptSyntax}).
 *
 * <p>Dialects: A1111/Forge {@code (word:1.2)}, {@code ((word))}, {@code [word]}, {@code <lora:name:0.8>},
 * {@code BREAK}, {@code AND}; compel {@code word++}, {@code (word)1.3}; ComfyUI {@code (word:1.2)} with
 * {@code embedding:name}; VQGAN+CLIP {@code a cat:3 | a dog | blurry:-1}; and plain text for engines without
 * weights (Gemini, OpenAI). Each parser follows its engine's real parser, including its leniency with bad input.
 * Rendering keeps what the target can express and names everything else in a warning, or refuses when strict.
 *
 * <p>Weights are the engines' numbers, not pixel-equivalent effects: A1111 scales token vectors and restores
 * their mean, ComfyUI and compel interpolate from the empty prompt. Nothing here is null unless marked
 * {@code @Nullable}.
 */
@NullMarked
package dev.darkroom.prompt;

import org.jspecify.annotations.NullMarked;
