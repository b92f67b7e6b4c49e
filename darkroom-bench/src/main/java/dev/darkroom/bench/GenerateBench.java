package dev.darkroom.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Case a (and c) per operation under JMH: one generation (or 20 concurrent ones) against a fake
 * server running in a separate JVM with zero latency. Run with {@code -prof gc} for bytes per op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GenerateBench {
  @Param({"darkroom", "sdk"})
  public String client;

  @Param({"a"})
  public String scenario;

  private FakeServerProcess server;
  private BenchClient bench;
  private Scenario sc;

  @Setup(Level.Trial)
  public void start() {
    server = FakeServerProcess.start(3_000_000);
    bench = BenchClient.create(client, server.baseUrl());
    sc = Scenario.of(scenario);
  }

  @TearDown(Level.Trial)
  public void stop() {
    bench.close();
    server.close();
  }

  @Benchmark
  public long generate() throws Exception {
    return bench.run(sc);
  }
}
