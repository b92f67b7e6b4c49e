package dev.darkroom.cli;

import static dev.darkroom.cli.HistoryCommandTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.darkroom.testkit.FakeGemini;
import dev.darkroom.testkit.FakeGeminiExtension;
import dev.darkroom.testkit.FakeReply;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code cost} sums what {@code generate} reported, with blocked calls apart. */
@ExtendWith(FakeGeminiExtension.class)
class CostCommandTest {
  @TempDir Path dir;

  @Test
  void sumsByModelMatchWhatGenerateReportedAndBlockedCallsStandApart(FakeGemini fake) {
    Cli cli = Cli.against(fake, dir);
    BigDecimal pro = cost(ok(cli.run("generate", "a fox", "-m", "gemini-3-pro-image", "-n", "2", "--json")))
        .add(cost(ok(cli.run("generate", "a hare", "-m", "gemini-3-pro-image", "--json"))));
    BigDecimal flash = cost(ok(cli.run("generate", "a lynx", "-m", "gemini-3.1-flash-image", "--json")));
    fake.enqueue(FakeReply.imageSafety());
    assertThat(cli.run("generate", "blocked", "-m", "gemini-3.1-flash-image").exitCode()).isEqualTo(ExitCodes.BLOCKED);
    BigDecimal blockedCost = ok(cli.run("history", "show", "5", "--json")).json().get("costUsd").decimalValue();

    JsonNode json = ok(cli.run("cost", "--by", "model", "--json")).json();

    assertThat(json.get("by").asText()).isEqualTo("model");
    List<JsonNode> lines = List.of(json.get("lines").get(0), json.get("lines").get(1));
    assertThat(lines).extracting(l -> l.get("key").asText()).containsExactly("gemini-3-pro-image", "gemini-3.1-flash-image");
    assertThat(lines.get(0).at("/succeeded/count").asInt()).isEqualTo(3);
    assertThat(lines.get(0).at("/succeeded/costUsd").decimalValue()).isEqualByComparingTo(pro);
    assertThat(lines.get(1).at("/succeeded/count").asInt()).isEqualTo(1);
    assertThat(lines.get(1).at("/succeeded/costUsd").decimalValue()).isEqualByComparingTo(flash);
    assertThat(lines.get(1).at("/blocked/count").asInt()).isEqualTo(1);
    assertThat(lines.get(1).at("/blocked/costUsd").decimalValue()).isEqualByComparingTo(blockedCost);
    JsonNode total = json.get("total");
    assertThat(total.at("/succeeded/costUsd").decimalValue()).isEqualByComparingTo(pro.add(flash));
    assertThat(total.at("/all/count").asInt()).isEqualTo(5);
    assertThat(total.at("/all/costUsd").decimalValue()).isEqualByComparingTo(pro.add(flash).add(blockedCost));

    CliRun text = ok(cli.run("cost", "--by", "model"));
    List<String> rows = text.out().lines().toList();
    assertThat(rows.get(0)).as(text.describe()).matches("MODEL\\s+SUCCEEDED\\s+BLOCKED\\s+NO IMAGE\\s+FAILED\\s+INTERRUPTED\\s+TOTAL");
    assertThat(rows.get(1)).matches("gemini-3-pro-image\\s+3 \\$\\d\\.\\d{4}\\s+-\\s+-\\s+-\\s+-\\s+3 \\$\\d\\.\\d{4}");
    assertThat(rows.get(2)).matches("gemini-3\\.1-flash-image\\s+1 \\$\\d\\.\\d{4}\\s+1 \\$\\d\\.\\d{4}\\s+-\\s+-\\s+-\\s+2 \\$\\d\\.\\d{4}");
    assertThat(rows.get(3)).startsWith("total ");
    assertThat(text.out()).contains("providers may bill them");
  }

  @Test
  void groupsByDayAndRunAndFiltersByTime(FakeGemini fake) {
    Cli cli = Cli.against(fake, dir);
    String run = ok(cli.run("generate", "a fox", "-n", "2", "--json")).json().get("runId").asText();
    ok(cli.run("generate", "a hare"));

    JsonNode byDay = ok(cli.run("cost", "--json")).json();
    JsonNode byRun = ok(cli.run("cost", "--by", "run", "--json")).json();
    JsonNode future = ok(cli.run("cost", "--since", "2999-01-01", "--json")).json();
    CliRun empty = ok(cli.run("cost", "--until", "2000-01-01"));

    assertThat(byDay.get("lines")).hasSize(1);
    assertThat(byDay.at("/lines/0/key").asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
    assertThat(byRun.get("lines")).hasSize(2);
    assertThat(byRun.at("/lines/0/key").asText()).isEqualTo(run);
    assertThat(byRun.at("/lines/0/all/count").asInt()).isEqualTo(2);
    assertThat(future.get("lines")).isEmpty();
    assertThat(future.at("/total/all/count").asInt()).isZero();
    assertThat(empty.out()).startsWith("no generations recorded in this period");
  }

  @Test
  void badGroupingOrTimeExitsTwo(@TempDir Path other) {
    CliRun by = new Cli(other).run("cost", "--by", "week");
    CliRun until = new Cli(other).run("cost", "--until", "31/12/2026");

    assertThat(by.exitCode()).as(by.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(by.err()).isEqualTo("darkroom: invalid --by 'week'; allowed: day, model, run\n");
    assertThat(until.exitCode()).as(until.describe()).isEqualTo(ExitCodes.USAGE);
    assertThat(until.err()).startsWith("darkroom: invalid --until '31/12/2026'");
  }

  private static BigDecimal cost(CliRun run) {
    return run.json().get("costUsd").decimalValue();
  }
}
