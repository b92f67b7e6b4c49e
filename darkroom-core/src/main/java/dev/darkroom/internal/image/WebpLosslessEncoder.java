package dev.darkroom.internal.image;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * A small, spec-conformant lossless WebP (VP8L) encoder.
 *
 * <p>It applies the subtract-green transform, uses no colour cache and a single prefix-code group,
 * and finds backward references only for runs of the previous pixel and of the row above. Prefix
 * codes are canonical Huffman codes built from the real symbol frequencies, limited to 15 bits
 * (7 for the code-length code). Output is a complete RIFF file. Stateless and thread-safe.
 *
 * @see <a href="https://developers.google.com/speed/webp/docs/webp_lossless_bitstream_specification">
 *     WebP lossless bitstream specification</a>
 */
final class WebpLosslessEncoder {
  /** Largest width or height VP8L can express (14 bits). */
  static final int MAX_DIMENSION = 16384;

  private static final int MIN_PAYLOAD = 16;
  private static final int NUM_LENGTH_CODES = 24;
  private static final int GREEN_ALPHABET = 256 + NUM_LENGTH_CODES;
  private static final int DISTANCE_ALPHABET = 40;
  private static final int MAX_LENGTH = 4096;
  private static final int MIN_MATCH = 3;
  private static final int MAX_CODE_LENGTH = 15;
  private static final int MAX_CODE_LENGTH_CODE_LENGTH = 7;
  private static final int SUBTRACT_GREEN = 2;
  private static final int[] CODE_LENGTH_ORDER = {
      17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

  private WebpLosslessEncoder() {}

  /** Encodes {@code image} (converted to non-premultiplied sRGB ARGB) as a lossless WebP file. */
  static byte[] encode(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    if (width > MAX_DIMENSION || height > MAX_DIMENSION) {
      throw new IllegalArgumentException("lossless WebP supports at most " + MAX_DIMENSION + "x"
          + MAX_DIMENSION + " pixels, image is " + width + "x" + height);
    }
    int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
    boolean alphaUsed = false;
    for (int i = 0; i < pixels.length; i++) {
      int p = pixels[i];
      alphaUsed |= (p >>> 24) != 0xFF;
      int green = (p >>> 8) & 0xFF;
      int red = ((p >>> 16) - green) & 0xFF;
      int blue = (p - green) & 0xFF;
      pixels[i] = (p & 0xFF00FF00) | (red << 16) | blue;
    }

    Tokens tokens = Tokens.of(pixels, width);
    int[] greenFreq = new int[GREEN_ALPHABET];
    int[] redFreq = new int[256];
    int[] blueFreq = new int[256];
    int[] alphaFreq = new int[256];
    int[] distanceFreq = new int[DISTANCE_ALPHABET];
    for (int t = 0; t < tokens.size; t++) {
      int length = tokens.lengths[t];
      if (length == 0) {
        int p = tokens.values[t];
        greenFreq[(p >>> 8) & 0xFF]++;
        redFreq[(p >>> 16) & 0xFF]++;
        blueFreq[p & 0xFF]++;
        alphaFreq[p >>> 24]++;
      } else {
        greenFreq[256 + prefix(length)]++;
        distanceFreq[prefix(tokens.values[t])]++;
      }
    }

    BitWriter out = new BitWriter(pixels.length + 64);
    out.put(0x2F, 8);
    out.put(width - 1, 14);
    out.put(height - 1, 14);
    out.put(alphaUsed ? 1 : 0, 1);
    out.put(0, 3); // version
    out.put(1, 1); // a transform follows
    out.put(SUBTRACT_GREEN, 2);
    out.put(0, 1); // no more transforms
    out.put(0, 1); // no colour cache
    out.put(0, 1); // no meta prefix codes: one group for the whole image

    PrefixCode green = PrefixCode.write(out, greenFreq);
    PrefixCode red = PrefixCode.write(out, redFreq);
    PrefixCode blue = PrefixCode.write(out, blueFreq);
    PrefixCode alpha = PrefixCode.write(out, alphaFreq);
    PrefixCode distance = PrefixCode.write(out, distanceFreq);

    for (int t = 0; t < tokens.size; t++) {
      int length = tokens.lengths[t];
      if (length == 0) {
        int p = tokens.values[t];
        green.put(out, (p >>> 8) & 0xFF);
        red.put(out, (p >>> 16) & 0xFF);
        blue.put(out, p & 0xFF);
        alpha.put(out, p >>> 24);
      } else {
        green.put(out, 256 + prefix(length));
        putExtraBits(out, length);
        int distanceCode = tokens.values[t];
        distance.put(out, prefix(distanceCode));
        putExtraBits(out, distanceCode);
      }
    }
    return riff(out.toByteArray());
  }

  /**
   * Wraps the bitstream in a RIFF container. Bitstreams shorter than {@link #MIN_PAYLOAD} bytes get
   * trailing zero bytes inside the chunk, which decoders ignore: some decoders (TwelveMonkeys 3.12)
   * read eight bytes ahead and fail on tiny images otherwise.
   */
  private static byte[] riff(byte[] bitstream) {
    byte[] payload = bitstream.length >= MIN_PAYLOAD ? bitstream : Arrays.copyOf(bitstream, MIN_PAYLOAD);
    int padded = payload.length + (payload.length & 1);
    byte[] file = new byte[20 + padded];
    System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, file, 0, 4);
    Bytes.put32le(file, 4, 12L + padded);
    System.arraycopy("WEBPVP8L".getBytes(StandardCharsets.US_ASCII), 0, file, 8, 8);
    Bytes.put32le(file, 16, payload.length);
    System.arraycopy(payload, 0, file, 20, payload.length);
    return file;
  }

  /** The prefix code (spec section 5.2.2) of a length or distance code value of at least 1. */
  static int prefix(int value) {
    int d = value - 1;
    if (d < 4) {
      return d;
    }
    int highest = 31 - Integer.numberOfLeadingZeros(d);
    return 2 * highest + ((d >>> (highest - 1)) & 1);
  }

  private static void putExtraBits(BitWriter out, int value) {
    int d = value - 1;
    if (d >= 4) {
      int bits = 30 - Integer.numberOfLeadingZeros(d);
      out.put(d & ((1 << bits) - 1), bits);
    }
  }

  /** The LZ77 parse: literal pixels (length 0) and backward references (length, distance code). */
  private static final class Tokens {
    int[] values;
    int[] lengths;
    int size;

    private Tokens(int capacity) {
      values = new int[capacity];
      lengths = new int[capacity];
    }

    static Tokens of(int[] px, int width) {
      int n = px.length;
      Tokens tokens = new Tokens(Math.max(16, n / 4));
      int i = 0;
      while (i < n) {
        int max = Math.min(MAX_LENGTH, n - i);
        int left = i >= 1 ? matchLength(px, i, 1, max) : 0;
        int above = i >= width ? matchLength(px, i, width, max) : 0;
        if (Math.max(left, above) >= MIN_MATCH) {
          // Distance codes 1 and 2 are the plane codes for (0,1) "above" and (1,0) "left".
          boolean useAbove = above > left;
          int length = useAbove ? above : left;
          tokens.add(useAbove ? 1 : 2, length);
          i += length;
        } else {
          tokens.add(px[i], 0);
          i++;
        }
      }
      return tokens;
    }

    private static int matchLength(int[] px, int at, int distance, int max) {
      int k = 0;
      while (k < max && px[at + k] == px[at + k - distance]) {
        k++;
      }
      return k;
    }

    private void add(int value, int length) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
        lengths = Arrays.copyOf(lengths, size * 2);
      }
      values[size] = value;
      lengths[size] = length;
      size++;
    }
  }

  /** A canonical prefix code, stored bit-reversed so it can be written least significant first. */
  private static final class PrefixCode {
    private final int[] lengths;
    private final int[] reversedCodes;

    private PrefixCode(int[] lengths) {
      this.lengths = lengths;
      this.reversedCodes = canonicalReversed(lengths);
    }

    void put(BitWriter out, int symbol) {
      out.put(reversedCodes[symbol], lengths[symbol]);
    }

    /** Chooses the simple or normal representation for the histogram, writes it, returns the code. */
    static PrefixCode write(BitWriter out, int[] freq) {
      int used = 0;
      int first = -1;
      int second = -1;
      for (int s = 0; s < freq.length; s++) {
        if (freq[s] > 0) {
          used++;
          if (first < 0) {
            first = s;
          } else if (second < 0) {
            second = s;
          }
        }
      }
      if (used <= 2 && Math.max(first, second) < 256) {
        return writeSimple(out, freq.length, Math.max(first, 0), second);
      }
      int[] lengths = huffmanLengths(freq, MAX_CODE_LENGTH);
      writeNormal(out, lengths);
      return new PrefixCode(lengths);
    }

    /** One symbol costs zero bits; two symbols get one bit each, the smaller symbol coded 0. */
    private static PrefixCode writeSimple(BitWriter out, int alphabet, int first, int second) {
      out.put(1, 1);
      out.put(second < 0 ? 0 : 1, 1);
      if (first < 2) {
        out.put(0, 1);
        out.put(first, 1);
      } else {
        out.put(1, 1);
        out.put(first, 8);
      }
      int[] lengths = new int[alphabet];
      if (second >= 0) {
        out.put(second, 8);
        lengths[first] = 1;
        lengths[second] = 1;
      }
      return new PrefixCode(lengths);
    }

    private static void writeNormal(BitWriter out, int[] lengths) {
      // Run-length encode the code lengths with symbols 0-15 (literal), 16 (repeat previous
      // non-zero 3-6 times), 17 (3-10 zeros) and 18 (11-138 zeros).
      int[] symbols = new int[lengths.length];
      int[] extras = new int[lengths.length];
      int count = 0;
      for (int i = 0; i < lengths.length; ) {
        int value = lengths[i];
        int run = 1;
        while (i + run < lengths.length && lengths[i + run] == value) {
          run++;
        }
        i += run;
        if (value == 0) {
          while (run > 0) {
            if (run >= 11) {
              int k = Math.min(run, 138);
              symbols[count] = 18;
              extras[count++] = k - 11;
              run -= k;
            } else if (run >= 3) {
              symbols[count] = 17;
              extras[count++] = run - 3;
              run = 0;
            } else {
              symbols[count++] = 0;
              run--;
            }
          }
        } else {
          symbols[count++] = value;
          run--;
          while (run > 0) {
            if (run >= 3) {
              int k = Math.min(run, 6);
              symbols[count] = 16;
              extras[count++] = k - 3;
              run -= k;
            } else {
              symbols[count++] = value;
              run--;
            }
          }
        }
      }
      int[] freq = new int[19];
      for (int t = 0; t < count; t++) {
        freq[symbols[t]]++;
      }
      PrefixCode lengthCode = new PrefixCode(huffmanLengths(freq, MAX_CODE_LENGTH_CODE_LENGTH));
      int num = 4;
      for (int j = 0; j < CODE_LENGTH_ORDER.length; j++) {
        if (lengthCode.lengths[CODE_LENGTH_ORDER[j]] != 0) {
          num = Math.max(num, j + 1);
        }
      }
      out.put(0, 1); // normal code
      out.put(num - 4, 4);
      for (int j = 0; j < num; j++) {
        out.put(lengthCode.lengths[CODE_LENGTH_ORDER[j]], 3);
      }
      out.put(0, 1); // code lengths for the whole alphabet follow
      for (int t = 0; t < count; t++) {
        int symbol = symbols[t];
        lengthCode.put(out, symbol);
        if (symbol == 16) {
          out.put(extras[t], 2);
        } else if (symbol == 17) {
          out.put(extras[t], 3);
        } else if (symbol == 18) {
          out.put(extras[t], 7);
        }
      }
    }

    /**
     * Huffman code lengths for the non-zero frequencies, at most {@code limit} bits. The code is
     * always complete and has at least two symbols (a lone symbol gets a zero-frequency partner),
     * because decoders reject incomplete trees. Over-long codes are fixed by raising the smallest
     * frequencies until the tree is shallow enough.
     */
    static int[] huffmanLengths(int[] freq, int limit) {
      int n = freq.length;
      long[] weights = new long[n];
      int used = 0;
      for (int s = 0; s < n; s++) {
        weights[s] = freq[s];
        if (freq[s] > 0) {
          used++;
        }
      }
      if (used == 1) {
        for (int s = 0; s < n; s++) {
          if (weights[s] == 0) {
            weights[s] = 1;
            break;
          }
        }
      }
      for (long floor = 1; ; floor *= 2) {
        int[] lengths = tryLengths(weights, floor);
        if (Arrays.stream(lengths).max().orElse(0) <= limit) {
          return lengths;
        }
      }
    }

    private static int[] tryLengths(long[] weights, long floor) {
      int n = weights.length;
      int[] parent = new int[2 * n];
      PriorityQueue<long[]> queue =
          new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
              : Long.compare(a[1], b[1]));
      for (int s = 0; s < n; s++) {
        if (weights[s] > 0) {
          queue.add(new long[] {Math.max(weights[s], floor), s});
        }
      }
      int next = n;
      while (queue.size() > 1) {
        long[] a = queue.poll();
        long[] b = queue.poll();
        parent[(int) a[1]] = next;
        parent[(int) b[1]] = next;
        queue.add(new long[] {a[0] + b[0], next});
        next++;
      }
      int root = next - 1;
      int[] depth = new int[2 * n];
      for (int node = root - 1; node >= n; node--) {
        depth[node] = depth[parent[node]] + 1;
      }
      int[] lengths = new int[n];
      for (int s = 0; s < n; s++) {
        if (weights[s] > 0) {
          lengths[s] = depth[parent[s]] + 1;
        }
      }
      return lengths;
    }

    private static int[] canonicalReversed(int[] lengths) {
      int[] countPerLength = new int[MAX_CODE_LENGTH + 2];
      for (int length : lengths) {
        countPerLength[length]++;
      }
      countPerLength[0] = 0;
      int[] nextCode = new int[MAX_CODE_LENGTH + 2];
      int code = 0;
      for (int bits = 1; bits <= MAX_CODE_LENGTH; bits++) {
        code = (code + countPerLength[bits - 1]) << 1;
        nextCode[bits] = code;
      }
      int[] reversed = new int[lengths.length];
      for (int s = 0; s < lengths.length; s++) {
        int length = lengths[s];
        if (length > 0) {
          reversed[s] = Integer.reverse(nextCode[length]++) >>> (32 - length);
        }
      }
      return reversed;
    }
  }

  /** Packs bits least significant first, as VP8L requires. */
  private static final class BitWriter {
    private byte[] buffer;
    private int position;
    private long accumulator;
    private int pending;

    BitWriter(int capacity) {
      buffer = new byte[capacity];
    }

    void put(int value, int bits) {
      accumulator |= (value & ((1L << bits) - 1)) << pending;
      pending += bits;
      while (pending >= 8) {
        if (position == buffer.length) {
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        buffer[position++] = (byte) accumulator;
        accumulator >>>= 8;
        pending -= 8;
      }
    }

    byte[] toByteArray() {
      if (pending > 0) {
        put(0, 8 - pending);
      }
      return Arrays.copyOf(buffer, position);
    }
  }
}
