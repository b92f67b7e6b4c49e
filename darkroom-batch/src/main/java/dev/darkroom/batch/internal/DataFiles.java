package dev.darkroom.batch.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the rows of a job's data file: CSV (RFC 4180: a header row, quoted fields with {@code ""}
 * escapes and line breaks, CRLF or LF) or JSONL (one object of scalars per line). A UTF-8 BOM is
 * skipped. Problems are reported as {@link IllegalArgumentException}s naming the line.
 */
public final class DataFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DataFiles() {}

  /** One row: its values by column, and where it is, e.g. {@code row 3 of pokemon.csv}. */
  public record Row(String label, Map<String, String> values) {}

  public static List<Row> read(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<Row> rows = name.endsWith(".jsonl") || name.endsWith(".ndjson") ? jsonl(text, file) : csv(text, file);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("it has no rows");
    }
    return rows;
  }

  private static List<Row> jsonl(String text, Path file) {
    List<Row> rows = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(lines[i]);
      } catch (IOException e) {
        throw new IllegalArgumentException("line " + (i + 1) + " is not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
      }
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("line " + (i + 1) + " is not a JSON object");
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> f : node.properties()) {
        if (!f.getValue().isValueNode() || f.getValue().isNull()) {
          throw new IllegalArgumentException("line " + (i + 1) + ": field '" + f.getKey()
              + "' must be a string, number or boolean");
        }
        values.put(f.getKey(), f.getValue().asText());
      }
      rows.add(new Row("line " + (i + 1) + " of " + file.getFileName(), values));
    }
    return rows;
  }

  private static List<Row> csv(String text, Path file) {
    List<List<String>> records = new ArrayList<>();
    List<Integer> lineOf = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean fieldStarted = false;
    int line = 1;
    int recordLine = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0 && !fieldStarted) {
        quoted = true;
        fieldStarted = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
        fieldStarted = false;
      } else if (c == '\r' || c == '\n') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        record.add(field.toString());
        field.setLength(0);
        fieldStarted = false;
        if (!(record.size() == 1 && record.get(0).isEmpty())) {
          records.add(record);
          lineOf.add(recordLine);
        }
        record = new ArrayList<>();
        line++;
        recordLine = line;
      } else {
        field.append(c);
        fieldStarted = true;
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("line " + recordLine + ": a quoted field is not closed");
    }
    if (fieldStarted || field.length() > 0 || !record.isEmpty()) {
      record.add(field.toString());
      records.add(record);
      lineOf.add(recordLine);
    }
    if (records.isEmpty()) {
      throw new IllegalArgumentException("it is empty; the first line must name the columns");
    }
    List<String> header = records.get(0).stream().map(String::strip).toList();
    for (int c = 0; c < header.size(); c++) {
      if (header.get(c).isEmpty()) {
        throw new IllegalArgumentException("column " + (c + 1) + " of the header line has no name");
      }
      if (header.indexOf(header.get(c)) != c) {
        throw new IllegalArgumentException("column '" + header.get(c) + "' appears twice in the header line");
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int r = 1; r < records.size(); r++) {
      List<String> values = records.get(r);
      if (values.size() != header.size()) {
        throw new IllegalArgumentException("line " + lineOf.get(r) + " has " + values.size() + " fields but the header has "
            + header.size());
      }
      Map<String, String> map = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        map.put(header.get(c), values.get(c));
      }
      rows.add(new Row("row " + r + " of " + file.getFileName(), map));
    }
    return rows;
  }
}
