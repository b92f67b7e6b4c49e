/** Internal: retries, deadlines and secret redaction around provider calls. Not API. */
@NullMarked
package dev.darkroom.internal.http;

import org.jspecify.annotations.NullMarked;
