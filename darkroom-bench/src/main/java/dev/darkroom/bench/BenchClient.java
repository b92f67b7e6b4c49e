package dev.darkroom.bench;

/**
 * One client library under test. {@link #run} performs one operation of a scenario (1 or 20
 * generations) and returns the total number of final-image bytes received, so the work cannot be
 * optimised away and a broken run is visible.
 */
interface BenchClient extends AutoCloseable {
  long run(Scenario scenario) throws Exception;

  @Override
  void close();

  /**
   * @param name {@code darkroom}, {@code sdk} (Google's SDK; streaming for case b, as Darkroom)
   *     or {@code sdk-unary} (Google's SDK, plain generateContent for every case)
   */
  static BenchClient create(String name, String baseUrl) {
    return switch (name) {
      case "darkroom" -> new DarkroomClient(baseUrl);
      case "sdk" -> new SdkClient(baseUrl, true);
      case "sdk-unary" -> new SdkClient(baseUrl, false);
      default -> throw new IllegalArgumentException("unknown client '" + name + "'; known: darkroom, sdk, sdk-unary");
    };
  }
}
