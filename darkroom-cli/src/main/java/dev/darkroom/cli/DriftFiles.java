package dev.darkroom.cli;

import dev.darkroom.OutputException;
import dev.darkroom.internal.image.Compositor;
import dev.darkroom.internal.image.ImageCodec;
import dev.darkroom.internal.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The two files {@code iterate} leaves next to its steps: a contact sheet of every step
 * ({@code contact-sheet.png}) and an animated GIF of the drift ({@code drift.gif}, looping forever).
 * Frame 0 is the starting image; frame N is step N. Each frame is labelled with its step number.
 * Frames are scaled to fit {@value #MAX_SIDE} pixels (never enlarged) and to the first frame's size.
 */
final class DriftFiles {
  /** Longest side of a frame, in pixels. */
  static final int MAX_SIDE = 512;
  /** Time each frame of the animation is shown, in hundredths of a second. */
  static final int FRAME_DELAY_CS = 80;

  /** Where the two files were written. */
  record Written(Path sheet, Path animation) {}

  private DriftFiles() {}

  /**
   * Writes {@code contact-sheet.png} and {@code drift.gif} into {@code dir}, replacing earlier ones.
   *
   * @param images the starting image, then every step's image, in order
   * @throws CliException when an image cannot be read
   * @throws OutputException when a file cannot be written
   */
  static Written write(List<Path> images, Path dir) {
    List<BufferedImage> frames = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      BufferedImage img;
      try {
        img = ImageCodec.decode(Files.readAllBytes(images.get(i)));
      } catch (IOException | IllegalArgumentException e) {
        throw CliException.usage("cannot read image " + images.get(i) + " for the contact sheet: " + e.getMessage());
      }
      frames.add(label(fit(img, frames.isEmpty() ? null : frames.get(0)), i == 0 ? "start" : "step " + i));
    }
    try {
      Files.createDirectories(dir);
      Path sheet = AtomicFiles.writeNew(dir.resolve("contact-sheet.png"),
          ImageCodec.encodePng(Compositor.compose(frames, 0, 0, Color.WHITE)), true);
      Path gif = AtomicFiles.writeNew(dir.resolve("drift.gif"), gif(frames), true);
      return new Written(sheet, gif);
    } catch (IOException e) {
      throw new OutputException("cannot write the contact sheet or animation in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Scaled to fit MAX_SIDE (first frame) or the first frame's size (later ones), centred on white. */
  private static BufferedImage fit(BufferedImage img, @Nullable BufferedImage first) {
    int cw = first == null ? Math.min(MAX_SIDE, img.getWidth()) : first.getWidth();
    int ch = first == null ? Math.min(MAX_SIDE, img.getHeight()) : first.getHeight();
    double scale = Math.min(1.0, Math.min((double) cw / img.getWidth(), (double) ch / img.getHeight()));
    int w = Math.max(1, (int) Math.round(img.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(img.getHeight() * scale));
    if (first == null) {
      cw = w;
      ch = h;
    }
    BufferedImage out = new BufferedImage(cw, ch, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, cw, ch);
      g.drawImage(img, (cw - w) / 2, (ch - h) / 2, w, h, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** A copy with {@code text} in a dark box at the top left. */
  static BufferedImage label(BufferedImage img, String text) {
    BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(img, 0, 0, null);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, img.getHeight() / 16)));
      FontMetrics fm = g.getFontMetrics();
      int pad = Math.max(2, fm.getHeight() / 4);
      g.setColor(new Color(0, 0, 0, 170));
      g.fillRect(0, 0, fm.stringWidth(text) + 2 * pad, fm.getHeight() + pad);
      g.setColor(Color.WHITE);
      g.drawString(text, pad, fm.getAscent() + pad / 2);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** The frames as a GIF that loops forever, {@link #FRAME_DELAY_CS} per frame (the JDK's writer). */
  static byte[] gif(List<BufferedImage> frames) throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
    if (!writers.hasNext()) {
      throw new IOException("this Java runtime has no GIF writer");
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(stream);
      writer.prepareWriteSequence(null);
      for (int i = 0; i < frames.size(); i++) {
        BufferedImage frame = frames.get(i);
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), param);
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(FRAME_DELAY_CS));
        control.setAttribute("transparentColorIndex", "0");
        if (i == 0) {
          IIOMetadataNode apps = child(root, "ApplicationExtensions");
          IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
          app.setAttribute("applicationID", "NETSCAPE");
          app.setAttribute("authenticationCode", "2.0");
          app.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0 = forever
          apps.appendChild(app);
        }
        meta.setFromTree(format, root);
        writer.writeToSequence(new IIOImage(frame, null, meta), param);
      }
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static IIOMetadataNode child(IIOMetadataNode root, String name) {
    for (int i = 0; i < root.getLength(); i++) {
      if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
        return (IIOMetadataNode) root.item(i);
      }
    }
    IIOMetadataNode node = new IIOMetadataNode(name);
    root.appendChild(node);
    return node;
  }
}
