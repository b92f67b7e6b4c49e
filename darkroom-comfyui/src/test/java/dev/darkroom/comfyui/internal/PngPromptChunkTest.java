package dev.darkroom.comfyui.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.darkroom.internal.image.PngText;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngPromptChunkTest {

  @Test
  void writesJsonAsPythonsJsonDumps() throws Exception {
    ObjectNode n = TestResources.JSON.createObjectNode();
    n.put("text", "caf\u00e9 \"q\" \\ \n\t\u0001 \ud83d\ude00 /");
    n.put("cfg", 7.0);
    n.put("small", 0.00001);
    n.put("big", 1e16);
    n.put("frac", 0.75);
    n.put("neg", -2.5);
    n.set("seed", GraphBuilder.seedNode(GraphBuilder.MAX_SEED));
    n.putArray("link").add("4").add(1);
    n.putNull("none");
    n.put("flag", true);
    n.putObject("empty");
    assertThat(PythonJson.dumps(n)).isEqualTo("{\"text\": \"caf\\u00e9 \\\"q\\\" \\\\ \\n\\t\\u0001 \\ud83d\\ude00 /\","
        + " \"cfg\": 7.0, \"small\": 1e-05, \"big\": 1e+16, \"frac\": 0.75, \"neg\": -2.5,"
        + " \"seed\": 18446744073709551615, \"link\": [\"4\", 1], \"none\": null, \"flag\": true, \"empty\": {}}");
  }

  @Test
  void floatsFollowPythonRepr() {
    assertThat(PythonJson.floatRepr(1.0)).isEqualTo("1.0");
    assertThat(PythonJson.floatRepr(0.1)).isEqualTo("0.1");
    assertThat(PythonJson.floatRepr(0.0001)).isEqualTo("0.0001");
    assertThat(PythonJson.floatRepr(1.5e-7)).isEqualTo("1.5e-07");
    assertThat(PythonJson.floatRepr(123456789.0)).isEqualTo("123456789.0");
    assertThat(PythonJson.floatRepr(1234567890123456.0)).isEqualTo("1234567890123456.0");
    assertThat(PythonJson.floatRepr(1.2345678901234568e17)).isEqualTo("1.2345678901234568e+17");
    assertThat(PythonJson.floatRepr(1e100)).isEqualTo("1e+100");
    assertThat(PythonJson.floatRepr(-0.0)).isEqualTo("-0.0");
  }

  @Test
  void addsThePromptChunkBeforeTheImageData() throws Exception {
    byte[] png = png();
    ObjectNode g = new GraphBuilder().build(GraphSettings.builder().checkpoint("a.safetensors").build(), "x",
        BigInteger.ONE, null);
    byte[] out = PngPromptChunk.ensure(png, g, null);
    assertThat(PngPromptChunk.read(out)).contains(PythonJson.dumps(g));
    assertThat(PngPromptChunk.read(out).orElseThrow()).startsWith("{\"4\": {\"inputs\": {\"ckpt_name\": \"a.safetensors\"},"
        + " \"class_type\": \"CheckpointLoaderSimple\", \"_meta\": {\"title\": \"Load Checkpoint\"}}");
    int text = indexOf(out, "tEXtprompt");
    assertThat(text).isPositive().isLessThan(indexOf(out, "IDAT"));
    assertThat(ImageIO.read(new java.io.ByteArrayInputStream(out)).getWidth()).isEqualTo(2);
  }

  @Test
  void keepsTheChunkComfyUiWrote() {
    byte[] fromComfy = PngText.withText(png(), List.of(PngText.Entry.of("prompt", "{\"9\": {}}")));
    ObjectNode g = TestResources.JSON.createObjectNode();
    assertThat(PngPromptChunk.ensure(fromComfy, g, null)).isSameAs(fromComfy);
  }

  @Test
  void coercesInputsToTheirDeclaredTypesAsTheServerDoes() {
    ObjectNode wf = (ObjectNode) TestResources.json("workflow_plain_api.json");
    String text = PngPromptChunk.promptText(wf, TestResources.objectInfo());
    assertThat(text).contains("\"cfg\": 8.0").contains("\"denoise\": 1.0").contains("\"steps\": 20");
    assertThat(PngPromptChunk.promptText(wf)).contains("\"cfg\": 8,");
  }

  private static byte[] png() {
    try {
      BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int indexOf(byte[] haystack, String needle) {
    byte[] n = needle.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    outer:
    for (int i = 0; i + n.length <= haystack.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (haystack[i + j] != n[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
