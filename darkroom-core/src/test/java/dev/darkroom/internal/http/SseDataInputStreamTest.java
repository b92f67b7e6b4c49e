package dev.darkroom.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseDataInputStreamTest {
  private static String filter(String sse, int chunk) throws IOException {
    InputStream trickle = new FilterInputStream(new ByteArrayInputStream(sse.getBytes(StandardCharsets.UTF_8))) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, chunk));
      }
    };
    return new String(new SseDataInputStream(trickle).readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void keepsOnlyDataPayloadsWhateverTheChunking() throws IOException {
    String sse = ": keep-alive\r\nevent: message\r\ndata: {\"a\":1}\r\n\r\nid: 7\ndata:{\"b\":\n\ndata: {\"c\":\"d\"}\n\n";
    for (int chunk : new int[] {1, 2, 3, 7, 1000}) {
      assertThat(filter(sse, chunk)).as("chunk %d", chunk).isEqualTo("{\"a\":1}\n{\"b\":\n{\"c\":\"d\"}\n");
    }
  }

  @Test
  void lastEventWithoutTrailingNewlineIsKept() throws IOException {
    assertThat(filter("data: {\"x\":true}", 4)).isEqualTo("{\"x\":true}");
  }

  @Test
  void linesThatOnlyStartLikeDataAreDropped() throws IOException {
    assertThat(filter("dat: nope\ndatum: no\ndata: yes\n", 3)).isEqualTo("yes\n");
  }
}
