/**
 * Training sets from generated images: {@link dev.darkroom.studio.dataset.DatasetExport} copies images
 * chosen from the history or a folder into a kohya ({@code N_name/} with {@code .txt} captions) or
 * diffusers ({@code metadata.jsonl}) training folder, skipping duplicates and images that are too
 * small, and reports the SDXL aspect buckets the images fall into.
 */
@NullMarked
package dev.darkroom.studio.dataset;

import org.jspecify.annotations.NullMarked;
