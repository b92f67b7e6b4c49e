/** Google's Gemini API (Nano Banana models): request writing, streaming response reading, error mapping. */
@NullMarked
package dev.darkroom.gemini;

import org.jspecify.annotations.NullMarked;
