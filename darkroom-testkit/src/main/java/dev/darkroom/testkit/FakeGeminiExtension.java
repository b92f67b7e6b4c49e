package dev.darkroom.testkit;

/**
 * JUnit 5 extension that gives each test method a fresh, started {@link FakeGemini} and closes it
 * after the test. Declare a {@code FakeGemini} parameter on the test method, a
 * {@code @BeforeEach} method or the test class constructor; all of them receive the same instance
 * within one test.
 *
 * <pre>{@code
 * @ExtendWith(FakeGeminiExtension.class)
 * class MyClientTest {
 *   @Test void retriesOn429(FakeGemini gemini) { ... }
 * }
 * }</pre>
 */
public final class FakeGeminiExtension extends FakeServerExtension<FakeGemini> {
  public FakeGeminiExtension() {
    super(FakeGemini.class, FakeGemini::start);
  }
}
