/**
 * Darkroom studio: ways to look at generations rather than read about them.
 *
 * <ul>
 *   <li>{@link dev.darkroom.studio.ComparisonRunner} runs variants of one prompt (models, system
 *       prompts, parameters) K times each, or gathers existing generations from the history, into a
 *       {@link dev.darkroom.studio.Comparison}; {@link dev.darkroom.studio.ComparisonSheet} renders it
 *       as one captioned PNG (with every panel's provenance) and an HTML page.
 *   <li>{@link dev.darkroom.studio.Gallery} writes a static, self-contained HTML gallery of history
 *       records that opens from a local folder.
 *   <li>{@link dev.darkroom.studio.GridComposer} packs several prompts into one grid generation and
 *       saves each cell under its own name with its own prompt, to cut the cost per image.
 * </ul>
 */
@NullMarked
package dev.darkroom.studio;

import org.jspecify.annotations.NullMarked;
