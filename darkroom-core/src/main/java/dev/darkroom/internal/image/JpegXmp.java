package dev.darkroom.internal.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Embeds and reads XMP in JPEG files (Adobe XMP Specification Part 3, section 1.1.3).
 *
 * <p>The packet goes into an APP1 segment after SOI and any leading APP0 (JFIF) and Exif APP1
 * segments. A packet larger than one segment allows (65502 bytes of UTF-8) is written as
 * <em>extended XMP</em>: the main packet then holds only {@code xmp:CreatorTool} and
 * {@code xmpNote:HasExtendedXMP}, naming by GUID the full packet that follows in as many extension
 * segments as needed. Entropy-coded data is copied unchanged.
 */
public final class JpegXmp {
  /** The largest main packet, in UTF-8 bytes, that fits in one APP1 segment. */
  public static final int MAX_MAIN_PACKET_BYTES = 65502;

  private static final int APP0 = 0xE0;
  private static final int APP1 = 0xE1;
  private static final int SOS = 0xDA;
  private static final int EOI = 0xD9;
  private static final String XMP_ID = "http://ns.adobe.com/xap/1.0/\0";
  private static final String EXTENSION_ID = "http://ns.adobe.com/xmp/extension/\0";
  private static final String EXIF_ID = "Exif\0";
  private static final int GUID_LENGTH = 32;
  private static final int MAX_SEGMENT_PAYLOAD = 65535 - 2;
  private static final int MAX_EXTENSION_CHUNK =
      MAX_SEGMENT_PAYLOAD - EXTENSION_ID.length() - GUID_LENGTH - 8;
  private static final int MAX_EXTENDED_BYTES = 64 * 1024 * 1024;

  private JpegXmp() {}

  /**
   * Returns a copy of {@code jpeg} carrying {@code xmpPacket}, replacing any XMP (main and
   * extended) already present.
   *
   * @throws IllegalArgumentException if {@code jpeg} is not a well-formed JPEG up to its first scan
   */
  public static byte[] withXmp(byte[] jpeg, String xmpPacket) {
    Parsed parsed = parse(jpeg);
    List<byte[]> xmpSegments = segmentsFor(xmpPacket);
    ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + 1024);
    out.write(0xFF);
    out.write(0xD8);
    boolean inserted = false;
    for (Segment segment : parsed.segments) {
      boolean keepsLead = segment.marker == APP0
          || (segment.marker == APP1 && segment.payloadStartsWith(jpeg, EXIF_ID));
      if (!inserted && !keepsLead && !segment.isXmp(jpeg)) {
        xmpSegments.forEach(s -> out.write(s, 0, s.length));
        inserted = true;
      }
      if (!segment.isXmp(jpeg)) {
        out.write(jpeg, segment.start, segment.end - segment.start);
      }
    }
    if (!inserted) {
      xmpSegments.forEach(s -> out.write(s, 0, s.length));
    }
    out.write(jpeg, parsed.scanStart, jpeg.length - parsed.scanStart);
    return out.toByteArray();
  }

  /**
   * The main XMP packet, if the JPEG has one. For a file with extended XMP this is the small main
   * packet; see {@link #readExtendedXmp(byte[])}.
   */
  public static Optional<String> readXmp(byte[] jpeg) {
    for (Segment segment : parse(jpeg).segments) {
      if (segment.marker == APP1 && segment.payloadStartsWith(jpeg, XMP_ID)) {
        int from = segment.payloadStart + XMP_ID.length();
        return Optional.of(new String(jpeg, from, segment.end - from, StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  /**
   * The extended XMP named by the main packet's {@code xmpNote:HasExtendedXMP}, reassembled from
   * its extension segments.
   *
   * @return empty if there is no main packet or it names no extended XMP
   * @throws IllegalArgumentException if the named extended XMP is missing, incomplete or
   *     inconsistent
   */
  public static Optional<String> readExtendedXmp(byte[] jpeg) {
    Optional<String> main = readXmp(jpeg);
    if (main.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> guid = Xmp.extendedXmpGuid(main.get());
    if (guid.isEmpty()) {
      return Optional.empty();
    }
    if (!guid.get().matches("[0-9A-Fa-f]{32}")) {
      throw new IllegalArgumentException(
          "xmpNote:HasExtendedXMP is not a 32-digit hex GUID: '" + guid.get() + "'");
    }
    byte[] extended = null;
    long received = 0;
    for (Segment segment : parse(jpeg).segments) {
      if (segment.marker != APP1 || !segment.payloadStartsWith(jpeg, EXTENSION_ID)) {
        continue;
      }
      int at = segment.payloadStart + EXTENSION_ID.length();
      if (segment.end - at < GUID_LENGTH + 8 || !Bytes.matches(jpeg, at, guid.get())) {
        continue;
      }
      long fullLength = Bytes.u32be(jpeg, at + GUID_LENGTH);
      long offset = Bytes.u32be(jpeg, at + GUID_LENGTH + 4);
      int chunkStart = at + GUID_LENGTH + 8;
      int chunkLength = segment.end - chunkStart;
      if (fullLength > MAX_EXTENDED_BYTES) {
        throw new IllegalArgumentException("extended XMP claims " + fullLength
            + " bytes, more than the supported " + MAX_EXTENDED_BYTES);
      }
      if (extended == null) {
        extended = new byte[(int) fullLength];
      } else if (extended.length != fullLength) {
        throw new IllegalArgumentException("extended XMP segments disagree on the full length ("
            + extended.length + " vs " + fullLength + ")");
      }
      if (offset + chunkLength > fullLength) {
        throw new IllegalArgumentException("extended XMP segment at offset " + offset
            + " overruns the full length " + fullLength);
      }
      System.arraycopy(jpeg, chunkStart, extended, (int) offset, chunkLength);
      received += chunkLength;
    }
    if (extended == null || received != extended.length) {
      throw new IllegalArgumentException("JPEG names extended XMP " + guid.get() + " but "
          + (extended == null ? "has none" : "holds only " + received + " of its "
              + extended.length + " bytes"));
    }
    return Optional.of(new String(extended, StandardCharsets.UTF_8));
  }

  /**
   * Darkroom's provenance JSON, from the main packet or, when it is too large for one segment,
   * from the extended XMP.
   *
   * @return empty if the JPEG carries no Darkroom provenance
   */
  public static Optional<String> readProvenanceJson(byte[] jpeg) {
    Optional<String> main = readXmp(jpeg);
    if (main.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> json = Xmp.provenance(main.get());
    if (json.isPresent()) {
      return json;
    }
    return readExtendedXmp(jpeg).flatMap(Xmp::provenance);
  }

  private static List<byte[]> segmentsFor(String xmpPacket) {
    byte[] packet = xmpPacket.getBytes(StandardCharsets.UTF_8);
    List<byte[]> segments = new ArrayList<>();
    if (packet.length <= MAX_MAIN_PACKET_BYTES) {
      segments.add(app1(ascii(XMP_ID), packet));
      return segments;
    }
    byte[] extended = Xmp.withoutWrapper(xmpPacket).getBytes(StandardCharsets.UTF_8);
    if (extended.length > MAX_EXTENDED_BYTES) {
      throw new IllegalArgumentException("XMP packet is " + extended.length
          + " bytes; at most " + MAX_EXTENDED_BYTES + " are supported");
    }
    String guid = HexFormat.of().withUpperCase().formatHex(Digests.md5(extended));
    String main = Xmp.extendedStub(guid, Xmp.creatorTool(xmpPacket).orElse("Darkroom"));
    segments.add(app1(ascii(XMP_ID), main.getBytes(StandardCharsets.UTF_8)));
    for (int offset = 0; offset < extended.length; offset += MAX_EXTENSION_CHUNK) {
      int length = Math.min(MAX_EXTENSION_CHUNK, extended.length - offset);
      byte[] header = new byte[EXTENSION_ID.length() + GUID_LENGTH + 8];
      System.arraycopy(ascii(EXTENSION_ID), 0, header, 0, EXTENSION_ID.length());
      System.arraycopy(ascii(guid), 0, header, EXTENSION_ID.length(), GUID_LENGTH);
      Bytes.put32be(header, EXTENSION_ID.length() + GUID_LENGTH, extended.length);
      Bytes.put32be(header, EXTENSION_ID.length() + GUID_LENGTH + 4, offset);
      byte[] body = new byte[length];
      System.arraycopy(extended, offset, body, 0, length);
      segments.add(app1(header, body));
    }
    return segments;
  }

  private static byte[] app1(byte[] header, byte[] body) {
    int payload = header.length + body.length;
    if (payload > MAX_SEGMENT_PAYLOAD) {
      throw new IllegalStateException("APP1 payload of " + payload + " bytes does not fit");
    }
    byte[] segment = new byte[4 + payload];
    segment[0] = (byte) 0xFF;
    segment[1] = (byte) APP1;
    Bytes.put16be(segment, 2, payload + 2);
    System.arraycopy(header, 0, segment, 4, header.length);
    System.arraycopy(body, 0, segment, 4 + header.length, body.length);
    return segment;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The marker segments before the first scan, and where the scan (SOS) begins. */
  private static Parsed parse(byte[] jpeg) {
    if (jpeg.length < 3 || Bytes.u8(jpeg, 0) != 0xFF || Bytes.u8(jpeg, 1) != 0xD8) {
      throw ImageFormat.sniff(jpeg)
          .map(f -> new IllegalArgumentException("expected a JPEG image, got " + f))
          .orElseGet(() -> ImageFormat.unrecognized(jpeg));
    }
    List<Segment> segments = new ArrayList<>();
    int at = 2;
    while (true) {
      Bytes.require(jpeg, at, 2, "JPEG marker");
      if (Bytes.u8(jpeg, at) != 0xFF) {
        throw new IllegalArgumentException(String.format(
            "JPEG marker expected at offset %d, found 0x%02X", at, Bytes.u8(jpeg, at)));
      }
      int marker = Bytes.u8(jpeg, at + 1);
      if (marker == 0xFF) {
        at++;
        continue;
      }
      if (marker == SOS) {
        return new Parsed(segments, at);
      }
      if (marker == EOI) {
        throw new IllegalArgumentException("JPEG ends before its first scan");
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
        segments.add(new Segment(marker, at, at + 2, at + 2));
        at += 2;
        continue;
      }
      Bytes.require(jpeg, at + 2, 2, "JPEG segment length");
      int length = Bytes.u16be(jpeg, at + 2);
      if (length < 2) {
        throw new IllegalArgumentException(
            String.format("JPEG segment 0xFF%02X has invalid length %d", marker, length));
      }
      Bytes.require(jpeg, at + 2, length, String.format("JPEG segment 0xFF%02X", marker));
      segments.add(new Segment(marker, at, at + 2 + length, at + 4));
      at += 2 + length;
    }
  }

  private record Parsed(List<Segment> segments, int scanStart) {}

  /** A marker segment spanning {@code [start, end)}; its payload starts after the length. */
  private record Segment(int marker, int start, int end, int payloadStart) {
    boolean payloadStartsWith(byte[] jpeg, String id) {
      return end - payloadStart >= id.length() && Bytes.matches(jpeg, payloadStart, id);
    }

    boolean isXmp(byte[] jpeg) {
      return marker == APP1
          && (payloadStartsWith(jpeg, XMP_ID) || payloadStartsWith(jpeg, EXTENSION_ID));
    }
  }
}
