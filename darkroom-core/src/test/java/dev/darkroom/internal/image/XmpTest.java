package dev.darkroom.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class XmpTest {
  private static final String JSON =
      "{\"prompt\":\"<b>fish & chips</b> \\\"quoted\\\" 🐟 鱼\",\"seed\":42}";

  @Test
  void packetHasWrapperNamespacesAndProperties() {
    String packet = Xmp.packet(JSON, "fish & chips 🐟", "Darkroom 0.1.0");

    assertThat(packet)
        .startsWith("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>")
        .endsWith("<?xpacket end=\"w\"?>")
        .contains("xmlns:darkroom=\"https://darkroom.dev/ns/1.0/\"")
        .contains("<xmp:CreatorTool>Darkroom 0.1.0</xmp:CreatorTool>")
        .contains("<rdf:li xml:lang=\"x-default\">fish &amp; chips 🐟</rdf:li>")
        .contains("&lt;b&gt;fish &amp; chips&lt;/b&gt;");
  }

  @Test
  void provenanceRoundTripsExactly() {
    assertThat(Xmp.provenance(Xmp.packet(JSON, "p", "t"))).contains(JSON);
  }

  @Test
  void keepsCarriageReturnsAndReplacesControlsInDescription() {
    String json = "{\"a\":\"x\"}\r\n";

    String packet = Xmp.packet(json, "bell\u0007 and lone \uD800 surrogate", "t");

    assertThat(Xmp.provenance(packet)).contains(json);
    assertThat(packet).contains("bell\uFFFD and lone \uFFFD surrogate");
    assertThatThrownBy(() -> Xmp.packet("{\u0001}", "p", "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("provenanceJson contains U+0001 at index 1, which XML cannot represent");
  }

  @Test
  void readsProvenanceWrittenAsAttributeByOtherTools() {
    String packet = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF"
        + " xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
        + "<rdf:Description rdf:about=\"\" xmlns:dr=\"https://darkroom.dev/ns/1.0/\""
        + " dr:provenance=\"{&quot;seed&quot;:1}\"/></rdf:RDF></x:xmpmeta>";

    assertThat(Xmp.provenance(packet)).contains("{\"seed\":1}");
  }

  @Test
  void foreignPacketWithoutProvenanceIsEmpty() {
    String packet = "\uFEFF<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF"
        + " xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
        + "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\""
        + " xmp:CreatorTool=\"Photoshop\"/></rdf:RDF></x:xmpmeta>";

    assertThat(Xmp.provenance(packet)).isEmpty();
  }

  @Test
  void rejectsDoctypesSoEntitiesCannotBeExpanded() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
        + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">&e;</x:xmpmeta>";

    assertThatThrownBy(() -> Xmp.provenance(xxe))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed XMP packet")
        .hasMessageContaining("DOCTYPE");
  }

  @Test
  void rejectsMalformedXml() {
    assertThatThrownBy(() -> Xmp.provenance("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed XMP packet");
  }

  @Test
  void stripsWrapperForExtendedXmp() {
    String bare = Xmp.withoutWrapper(Xmp.packet(JSON, "p", "t"));

    assertThat(bare).startsWith("<x:xmpmeta").endsWith("</x:xmpmeta>");
    assertThat(Xmp.provenance(bare)).contains(JSON);
  }
}
