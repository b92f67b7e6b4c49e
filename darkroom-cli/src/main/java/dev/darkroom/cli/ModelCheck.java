package dev.darkroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.darkroom.Darkroom;
import dev.darkroom.DarkroomException;
import dev.darkroom.InvalidRequestException;
import dev.darkroom.ModelCatalog;
import dev.darkroom.ModelInfo;
import dev.darkroom.ModelStatus;
import dev.darkroom.spi.ImageProvider;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code darkroom models --check}: one provider's live model list against the model table. Nothing in
 * here names a vendor; each provider reads its own list ({@link ImageProvider#liveModels}).
 *
 * @param provider the provider id
 * @param name its display name
 * @param outcome {@code checked}; {@code skipped} when it is not configured (no key); {@code unlisted} when it
 *     has no list to read; {@code failed} when the list could not be read
 * @param note why it was skipped or failed, or empty
 * @param listed the ids the provider lists (empty unless checked)
 * @param unknown listed ids the model table does not know
 * @param disappeared table entries the provider no longer lists (entries the table already calls shut down
 *     are expected to be gone and left out)
 * @param stillListed listed ids the table calls shut down
 * @param unconfirmedPrices table entries, not shut down, whose prices are third-party figures or estimates (reported
 *     whether or not the list could be read)
 */
record ModelCheck(String provider, String name, String outcome, String note, List<String> listed,
    List<String> unknown, List<String> disappeared, List<String> stillListed, List<String> unconfirmedPrices) {

  /** Asks {@code client} for {@code provider}'s live list and compares it with {@code catalog} on {@code today}. */
  static ModelCheck run(Darkroom client, ImageProvider provider, ModelCatalog catalog, LocalDate today) {
    String id = provider.id();
    List<ModelInfo> ours = catalog.models().stream().filter(m -> m.provider().equals(id)).toList();
    List<String> unconfirmed = ours.stream()
        .filter(m -> !m.pricing().confirmed() && m.statusOn(today) != ModelStatus.SHUTDOWN)
        .map(ModelInfo::id).toList();
    Optional<List<String>> live;
    try {
      live = client.liveModels(id);
    } catch (InvalidRequestException e) {
      return new ModelCheck(id, provider.displayName(), "skipped", e.getMessage(), List.of(), List.of(), List.of(),
          List.of(), unconfirmed);
    } catch (DarkroomException e) {
      return new ModelCheck(id, provider.displayName(), "failed", e.getMessage(), List.of(), List.of(), List.of(),
          List.of(), unconfirmed);
    }
    if (live.isEmpty()) {
      return new ModelCheck(id, provider.displayName(), "unlisted",
          "this provider has no model list to read with these settings", List.of(), List.of(), List.of(), List.of(),
          unconfirmed);
    }
    Set<String> listed = new LinkedHashSet<>(live.get());
    List<String> unknown = new ArrayList<>();
    List<String> stillListed = new ArrayList<>();
    for (String l : listed) {
      Optional<ModelInfo> known = catalog.find(l);
      if (known.isEmpty()) {
        unknown.add(l);
      } else if (known.get().statusOn(today) == ModelStatus.SHUTDOWN) {
        stillListed.add(l);
      }
    }
    List<String> disappeared = ours.stream()
        .filter(m -> !listed.contains(m.id()) && m.statusOn(today) != ModelStatus.SHUTDOWN)
        .map(ModelInfo::id).toList();
    return new ModelCheck(id, provider.displayName(), "checked", "", List.copyOf(listed), List.copyOf(unknown),
        disappeared, List.copyOf(stillListed), unconfirmed);
  }

  /** A table of findings under a heading line; "no differences" when there are none. */
  void print(PrintWriter out) {
    String heading = provider + " (" + name + ")";
    switch (outcome) {
      case "checked" -> out.println(heading + ": " + listed.size() + " image model" + (listed.size() == 1 ? "" : "s")
          + " listed");
      case "unlisted" -> out.println(heading + ": not checked, " + note);
      default -> out.println(heading + ": " + outcome + ", " + note);
    }
    List<String[]> rows = new ArrayList<>();
    unknown.forEach(m -> rows.add(new String[] {m, "listed, not in our table"}));
    disappeared.forEach(m -> rows.add(new String[] {m, "in our table, no longer listed"}));
    stillListed.forEach(m -> rows.add(new String[] {m, "still listed, our table says shut down"}));
    unconfirmedPrices.forEach(m -> rows.add(new String[] {m, "price not confirmed"}));
    if (rows.isEmpty()) {
      if (outcome.equals("checked")) {
        out.println("  no differences");
      }
      return;
    }
    int width = "MODEL".length();
    for (String[] r : rows) {
      width = Math.max(width, r[0].length());
    }
    out.println("  " + pad("MODEL", width) + "  FINDING");
    for (String[] r : rows) {
      out.println("  " + pad(r[0], width) + "  " + r[1]);
    }
  }

  ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("provider", provider);
    n.put("name", name);
    n.put("outcome", outcome);
    if (!note.isEmpty()) {
      n.put("note", note);
    }
    array(n, "listed", listed);
    array(n, "unknown", unknown);
    array(n, "disappeared", disappeared);
    array(n, "stillListed", stillListed);
    array(n, "unconfirmedPrices", unconfirmedPrices);
    return n;
  }

  private static void array(ObjectNode n, String field, List<String> values) {
    ArrayNode a = n.putArray(field);
    values.forEach(a::add);
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
