package dev.darkroom.testkit;

/**
 * JUnit 5 extension that gives each test method a fresh, started {@link FakeOpenAI} and closes it
 * after the test. Declare a {@code FakeOpenAI} parameter on the test method, a
 * {@code @BeforeEach} method or the test class constructor; all of them receive the same instance
 * within one test.
 *
 * <pre>{@code
 * @ExtendWith(FakeOpenAIExtension.class)
 * class MyClientTest {
 *   @Test void retriesOn429(FakeOpenAI openai) { ... }
 * }
 * }</pre>
 */
public final class FakeOpenAIExtension extends FakeServerExtension<FakeOpenAI> {
  public FakeOpenAIExtension() {
    super(FakeOpenAI.class, FakeOpenAI::start);
  }
}
