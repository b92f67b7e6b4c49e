package dev.darkroom.internal.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Turns a server-sent-events stream into the concatenation of its {@code data:} payloads, one per
 * line, so a JSON parser can read the events as a sequence of root values without buffering whole
 * events. Comment, {@code event:}, {@code id:} and {@code retry:} lines are dropped. Works on a
 * buffer at a time: data lines (which carry multi-megabyte images) are copied in bulk.
 */
public final class SseDataInputStream extends FilterInputStream {
  private static final byte[] DATA = {'d', 'a', 't', 'a', ':'};

  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int limit;
  private boolean eof;

  /** Where we are in the current line. */
  private enum State { LINE_START, PREFIX, AFTER_COLON, DATA, SKIP }

  private State state = State.LINE_START;
  private int prefixMatched;

  public SseDataInputStream(InputStream in) {
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
      if (pos == limit && !fill()) {
        return -1;
      }
      while (pos < limit && written < len) {
        byte c = buf[pos];
        switch (state) {
          case LINE_START -> {
            if (c == '\n' || c == '\r') {
              pos++;
            } else if (c == 'd') {
              state = State.PREFIX;
              prefixMatched = 1;
              pos++;
            } else {
              state = State.SKIP;
            }
          }
          case PREFIX -> {
            if (c == DATA[prefixMatched]) {
              pos++;
              if (++prefixMatched == DATA.length) {
                state = State.AFTER_COLON;
              }
            } else {
              state = State.SKIP;
            }
          }
          case AFTER_COLON -> {
            if (c == ' ') {
              pos++;
            }
            state = State.DATA;
          }
          case DATA -> {
            int end = pos;
            int max = Math.min(limit, pos + (len - written));
            while (end < max && buf[end] != '\n' && buf[end] != '\r') {
              end++;
            }
            int n = end - pos;
            System.arraycopy(buf, pos, b, off + written, n);
            written += n;
            pos = end;
            if (pos < limit && written < len && (buf[pos] == '\n' || buf[pos] == '\r')) {
              b[off + written++] = '\n';
              pos++;
              state = State.LINE_START;
            }
          }
          case SKIP -> {
            while (pos < limit && buf[pos] != '\n') {
              pos++;
            }
            if (pos < limit) {
              pos++;
              state = State.LINE_START;
            }
          }
          default -> throw new IllegalStateException(state.name());
        }
      }
    }
    return written;
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.read(buf, 0, buf.length);
    if (n < 0) {
      eof = true;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  @Override
  public int available() {
    return 0;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
