package dev.darkroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.studio.dataset.DatasetSummary;
import dev.darkroom.studio.dataset.ExportedImage;
import dev.darkroom.studio.dataset.SkippedImage;
import java.util.Locale;

/** The {@code dataset export --json} summary. */
final class DatasetJson {
  private DatasetJson() {}

  static ObjectNode of(DatasetSummary s) {
    ObjectNode root = Json.object();
    root.put("format", s.format().id());
    root.put("directory", s.directory().toString());
    root.put("imageDirectory", s.imageDirectory().toString());
    if (s.metadataFile().isPresent()) {
      root.put("metadataFile", s.metadataFile().get().toString());
    } else {
      root.putNull("metadataFile");
    }
    root.put("candidates", s.candidates());
    root.put("exported", s.images().size());
    root.put("duplicates", s.skipped(SkippedImage.Reason.DUPLICATE));
    root.put("tooSmall", s.skipped(SkippedImage.Reason.TOO_SMALL));
    root.put("unreadable", s.skipped(SkippedImage.Reason.UNREADABLE));
    root.put("withoutPrompt", s.withoutPrompt());
    ObjectNode buckets = root.putObject("buckets");
    s.buckets().forEach(buckets::put);
    ArrayNode images = root.putArray("images");
    for (ExportedImage i : s.images()) {
      ObjectNode o = images.addObject();
      o.put("file", i.image().toString());
      if (i.captionFile().isPresent()) {
        o.put("captionFile", i.captionFile().get().toString());
      }
      o.put("caption", i.caption());
      o.put("source", i.source());
      o.put("width", i.width());
      o.put("height", i.height());
      o.put("bucket", i.bucket());
      o.put("sha256", i.sha256());
    }
    ArrayNode skipped = root.putArray("skipped");
    for (SkippedImage k : s.skipped()) {
      ObjectNode o = skipped.addObject();
      o.put("source", k.source());
      o.put("file", k.image().toString());
      o.put("reason", k.reason().name().toLowerCase(Locale.ROOT));
      o.put("detail", k.detail());
    }
    return root;
  }
}
