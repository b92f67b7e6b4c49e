package dev.darkroom.gemini;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Bench access to Darkroom's package-private SSE parsing path (same package, bench jar only). */
public final class SseParse {
  private static final GeminiResponseReader READER = new GeminiResponseReader(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).maxDocumentLength(-1).build())
      .build());

  private SseParse() {}

  /** Parses an SSE body as GeminiProvider does today; returns the bytes of all images. */
  public static long current(byte[] sse) throws IOException {
    return parse(new SseDataInputStream(new BufferedInputStream(new ByteArrayInputStream(sse), 64 * 1024)));
  }

  /** The same with the proposed {@link BulkSseDataInputStream}. */
  public static long proposed(byte[] sse) throws IOException {
    return parse(new BulkSseDataInputStream(new ByteArrayInputStream(sse)));
  }

  private static long parse(InputStream in) throws IOException {
    ResponseAccumulator acc = READER.read(in, t -> { });
    return acc.images.stream().mapToLong(i -> i.bytes().length).sum() * 31 + acc.text.length();
  }
}
