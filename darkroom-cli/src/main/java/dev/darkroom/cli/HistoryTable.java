package dev.darkroom.cli;

import dev.darkroom.history.GenerationRecord;
import dev.darkroom.history.OutputFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The compact table of {@code darkroom history}: one line per generation, newest first. */
final class HistoryTable {
  private static final String[] HEADER = {"ID", "TIME", "MODEL", "STATUS", "COST", "PROMPT", "FILES"};
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final int PROMPT_WIDTH = 40;

  private HistoryTable() {}

  static void print(PrintWriter out, Environment env, List<GenerationRecord> records) {
    ZoneId zone = env.clock().getZone();
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (GenerationRecord r : records) {
      rows.add(new String[] {
        String.valueOf(r.id()),
        TIME.format(r.startedAt().atZone(zone)),
        r.model(),
        StatusNames.of(r.status()),
        RecordText.cost(r),
        Formats.firstLine(r.prompt(), PROMPT_WIDTH),
        files(env, r.outputs()),
      });
    }
    TextTable.print(out, rows, TerminalWidth.of(env), 5);
    out.flush();
  }

  /** The first saved file, and how many more: {@code out/fox.jpg}, {@code icons.png +4}, or {@code -}. */
  private static String files(Environment env, List<OutputFile> outputs) {
    List<Path> saved = outputs.stream().flatMap(f -> f.path().stream()).toList();
    if (saved.isEmpty()) {
      return "-";
    }
    return env.display(saved.get(0)) + (saved.size() > 1 ? " +" + (saved.size() - 1) : "");
  }
}
