/** Internal: job-file parsing, job keys, the shared rate gate, the Batch API driver. Not API. */
@NullMarked
package dev.darkroom.batch.internal;

import org.jspecify.annotations.NullMarked;
