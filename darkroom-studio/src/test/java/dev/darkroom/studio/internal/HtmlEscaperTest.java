package dev.darkroom.studio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlEscaperTest {
  @Test
  void escapesMarkupInText() {
    assertThat(HtmlEscaper.text("<script>alert('x') & \"y\"</script>"))
        .isEqualTo("&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
    assertThat(HtmlEscaper.text("line 1\nline 2")).isEqualTo("line 1\nline 2");
  }

  @Test
  void attributesCannotBeLeft() {
    String evil = "\" onerror=\"alert(1)' x='\n";
    String escaped = HtmlEscaper.attribute(evil);
    assertThat(escaped).doesNotContain("\"").doesNotContain("'").doesNotContain("\n")
        .isEqualTo("&quot; onerror=&quot;alert(1)&#39; x=&#39;&#10;");
  }

  @Test
  void controlCharactersAreReplaced() {
    assertThat(HtmlEscaper.text("a\u0000b\u001bc\u0085d")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd");
  }

  @Test
  void nonAsciiTextIsKept() {
    assertThat(HtmlEscaper.text("Füchse im Schnee — 雪の狐 🦊")).isEqualTo("Füchse im Schnee — 雪の狐 🦊");
  }

  @Test
  void urlsEncodeEverySpecialCharacterOfAFileName() {
    assertThat(HtmlPage.url("../out/fox & hound #1 50%?.png")).isEqualTo("../out/fox%20%26%20hound%20%231%2050%25%3F.png");
    assertThat(HtmlPage.url("javascript:alert(1)")).isEqualTo("javascript%3Aalert%281%29");
  }

  @Test
  void pageAllowsOnlyItsOwnScriptAndStyleByHash() {
    HtmlPage page = new HtmlPage("t").style("body{}").script("var a=1;");
    String html = page.render();
    assertThat(page.contentSecurityPolicy()).contains("script-src '" + HtmlPage.hash("var a=1;") + "'")
        .contains("style-src '" + HtmlPage.hash("body{}") + "'").contains("default-src 'none'");
    assertThat(html).contains("<script>var a=1;</script>").contains("<style>body{}</style>");
  }
}
