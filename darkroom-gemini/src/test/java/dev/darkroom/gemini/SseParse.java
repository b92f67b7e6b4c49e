package dev.darkroom.gemini;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.darkroom.internal.http.SseDataInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Benchmark access to the package-private SSE parsing path; test code, shipped in the test-jar for darkroom-bench only. */
public final class SseParse {
  private static final GeminiResponseReader READER = new GeminiResponseReader(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).maxDocumentLength(-1).build())
      .build());

  private SseParse() {}

  /** Parses an SSE body as GeminiClient does; returns a checksum of the images and text. */
  public static long parse(byte[] sse) throws IOException {
    return parse(new SseDataInputStream(new ByteArrayInputStream(sse)));
  }

  private static long parse(InputStream in) throws IOException {
    ResponseAccumulator acc = READER.read(in, t -> { });
    return acc.images.stream().mapToLong(i -> i.bytes().length).sum() * 31 + acc.text.length();
  }
}
