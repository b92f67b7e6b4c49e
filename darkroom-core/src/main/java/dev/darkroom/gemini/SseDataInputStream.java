package dev.darkroom.gemini;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Turns a server-sent-events stream into the concatenation of its {@code data:} payloads, one per
 * line, so a JSON parser can read the events as a sequence of root values without buffering whole
 * events. Comment, {@code event:}, {@code id:} and {@code retry:} lines are dropped.
 */
final class SseDataInputStream extends FilterInputStream {
  private static final byte[] DATA = {'d', 'a', 't', 'a', ':'};

  private boolean lineStart = true;
  private boolean inData;

  SseDataInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int written = 0;
    while (written == 0) {
      int c = in.read();
      if (c < 0) {
        return -1;
      }
      if (lineStart) {
        lineStart = false;
        if (c == 'd') {
          if (matchRestOfPrefix()) {
            inData = true;
            int next = in.read();
            if (next < 0) {
              return -1;
            }
            if (next == ' ') {
              continue;
            }
            c = next;
          }
        } else if (c == '\n' || c == '\r') {
          lineStart = true;
          continue;
        }
      }
      if (c == '\n') {
        lineStart = true;
        boolean wasData = inData;
        inData = false;
        if (wasData) {
          b[off + written++] = '\n';
        }
        continue;
      }
      if (c == '\r') {
        continue;
      }
      if (inData) {
        b[off + written++] = (byte) c;
        // Copy the rest of the line in bulk while it is plain data.
        while (written < len) {
          int d = in.read();
          if (d < 0) {
            break;
          }
          if (d == '\n' || d == '\r') {
            if (d == '\n') {
              lineStart = true;
              inData = false;
              b[off + written++] = '\n';
            }
            break;
          }
          b[off + written++] = (byte) d;
        }
      }
      // other lines are dropped up to their newline
    }
    return written;
  }

  private boolean matchRestOfPrefix() throws IOException {
    for (int i = 1; i < DATA.length; i++) {
      int c = in.read();
      if (c != DATA[i]) {
        if (c == '\n') {
          lineStart = true;
        }
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
