package dev.darkroom.internal.image;

import java.io.IOException;
import java.io.StringReader;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Builds and reads the XMP packets Darkroom embeds in JPEG and WebP files.
 *
 * <p>A packet holds {@code darkroom:provenance} (the provenance JSON), {@code dc:description}
 * (the prompt, as an {@code x-default} language alternative) and {@code xmp:CreatorTool}, so
 * general tools such as exiftool or Lightroom show the prompt while Darkroom reads back the exact
 * JSON. Parsing is hardened: DOCTYPEs and external entities are rejected.
 */
public final class Xmp {
  /** Namespace of Darkroom's own XMP properties. */
  public static final String DARKROOM_NS = "https://darkroom.dev/ns/1.0/";
  static final String RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
  static final String XMP_NOTE_NS = "http://ns.adobe.com/xmp/note/";

  private static final String HEADER =
      "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n";
  private static final String TRAILER = "<?xpacket end=\"w\"?>";

  private Xmp() {}

  /**
   * Builds a complete XMP packet with its {@code <?xpacket?>} wrapper.
   *
   * @param provenanceJson stored verbatim (XML-escaped) as {@code darkroom:provenance}
   * @param description the prompt; characters XML cannot carry (most C0 controls) become U+FFFD
   * @param creatorTool for example {@code "Darkroom 0.1.0"}
   * @throws IllegalArgumentException if the JSON or tool name contains characters XML 1.0 cannot
   *     represent
   */
  public static String packet(String provenanceJson, String description, String creatorTool) {
    return HEADER + xmpmeta(
        "   <xmp:CreatorTool>" + escape(creatorTool, "creatorTool", false) + "</xmp:CreatorTool>\n"
            + "   <darkroom:provenance>" + escape(provenanceJson, "provenanceJson", false)
            + "</darkroom:provenance>\n"
            + "   <dc:description>\n"
            + "    <rdf:Alt>\n"
            + "     <rdf:li xml:lang=\"x-default\">" + escape(description, "description", true)
            + "</rdf:li>\n"
            + "    </rdf:Alt>\n"
            + "   </dc:description>\n")
        + TRAILER;
  }

  /**
   * Reads {@code darkroom:provenance} from a packet, whether written as an element (as
   * {@link #packet} does) or as an attribute of {@code rdf:Description} (as some XMP tools
   * rewrite simple properties). Also accepts a bare {@code x:xmpmeta} or {@code rdf:RDF} document
   * without the packet wrapper.
   *
   * @return the JSON, or empty if the packet has no Darkroom provenance
   * @throws IllegalArgumentException if the packet is not well-formed XML or declares a DOCTYPE
   */
  public static Optional<String> provenance(String xmpPacket) {
    return property(parse(xmpPacket), DARKROOM_NS, "provenance");
  }

  /** The GUID in {@code xmpNote:HasExtendedXMP}, if the packet points to extended XMP in a JPEG. */
  static Optional<String> extendedXmpGuid(String xmpPacket) {
    return property(parse(xmpPacket), XMP_NOTE_NS, "HasExtendedXMP").map(String::trim);
  }

  /**
   * The main packet that stands in for a packet too large for one JPEG segment: it names the
   * extended XMP, which holds every property, by its GUID.
   */
  static String extendedStub(String guid, String creatorTool) {
    return HEADER + xmpmeta(
        "   <xmp:CreatorTool>" + escape(creatorTool, "creatorTool", true) + "</xmp:CreatorTool>\n"
            + "   <xmpNote:HasExtendedXMP>" + guid + "</xmpNote:HasExtendedXMP>\n")
        + TRAILER;
  }

  /** The packet without its {@code <?xpacket?>} wrapper, as extended XMP must be stored. */
  static String withoutWrapper(String xmpPacket) {
    String s = xmpPacket;
    if (s.startsWith("<?xpacket")) {
      s = s.substring(s.indexOf("?>") + 2);
    }
    int end = s.lastIndexOf("<?xpacket");
    if (end >= 0) {
      s = s.substring(0, end);
    }
    return s.strip();
  }

  /** {@code xmp:CreatorTool} of a packet, if present. */
  static Optional<String> creatorTool(String xmpPacket) {
    return property(parse(xmpPacket), "http://ns.adobe.com/xap/1.0/", "CreatorTool");
  }

  private static String xmpmeta(String properties) {
    return "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
        + " <rdf:RDF xmlns:rdf=\"" + RDF_NS + "\">\n"
        + "  <rdf:Description rdf:about=\"\"\n"
        + "    xmlns:darkroom=\"" + DARKROOM_NS + "\"\n"
        + "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
        + "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
        + "    xmlns:xmpNote=\"" + XMP_NOTE_NS + "\">\n"
        + properties
        + "  </rdf:Description>\n"
        + " </rdf:RDF>\n"
        + "</x:xmpmeta>\n";
  }

  private static Optional<String> property(Document document, String namespace, String name) {
    NodeList elements = document.getElementsByTagNameNS(namespace, name);
    if (elements.getLength() > 0) {
      return Optional.of(elements.item(0).getTextContent());
    }
    NodeList descriptions = document.getElementsByTagNameNS(RDF_NS, "Description");
    for (int i = 0; i < descriptions.getLength(); i++) {
      Element description = (Element) descriptions.item(i);
      if (description.hasAttributeNS(namespace, name)) {
        return Optional.of(description.getAttributeNS(namespace, name));
      }
    }
    return Optional.empty();
  }

  private static Document parse(String xml) {
    try {
      DocumentBuilder builder = newFactory().newDocumentBuilder();
      builder.setErrorHandler(THROWING);
      builder.setEntityResolver((publicId, systemId) -> {
        throw new SAXException("external entities are not allowed in XMP: " + systemId);
      });
      // A byte-order mark before the first tag is not well-formed XML; tolerate it.
      String text = xml.startsWith("\uFEFF") ? xml.substring(1) : xml;
      return builder.parse(new InputSource(new StringReader(text)));
    } catch (SAXException e) {
      throw new IllegalArgumentException("malformed XMP packet: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory XML read failed", e);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK XML parser lacks a required security feature", e);
    }
  }

  private static DocumentBuilderFactory newFactory() throws ParserConfigurationException {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
    factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    factory.setXIncludeAware(false);
    factory.setExpandEntityReferences(false);
    return factory;
  }

  /** Escapes text content; CR is kept as a character reference so parsers do not drop it. */
  private static String escape(String text, String parameter, boolean replaceInvalid) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&':
          out.append("&amp;");
          break;
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '\r':
          out.append("&#xD;");
          break;
        default:
          if (Character.isSurrogate(c)) {
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
              out.append(c).append(text.charAt(++i));
            } else {
              invalid(out, c, i, parameter, replaceInvalid);
            }
          } else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0xFFFE || c == 0xFFFF) {
            invalid(out, c, i, parameter, replaceInvalid);
          } else {
            out.append(c);
          }
      }
    }
    return out.toString();
  }

  private static void invalid(
      StringBuilder out, char c, int index, String parameter, boolean replace) {
    if (!replace) {
      throw new IllegalArgumentException(String.format(
          "%s contains U+%04X at index %d, which XML cannot represent", parameter, (int) c, index));
    }
    out.append('\uFFFD');
  }

  private static final ErrorHandler THROWING = new ErrorHandler() {
    @Override
    public void warning(SAXParseException e) {}

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  };
}
