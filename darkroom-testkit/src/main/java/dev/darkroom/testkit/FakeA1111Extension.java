package dev.darkroom.testkit;

/**
 * JUnit 5 extension that gives each test method a fresh, started {@link FakeA1111} and closes it after the test.
 * Declare a {@code FakeA1111} parameter on the test method, a {@code @BeforeEach} method or the test class
 * constructor; all of them receive the same instance within one test.
 */
public final class FakeA1111Extension extends FakeServerExtension<FakeA1111> {
  public FakeA1111Extension() {
    super(FakeA1111.class, FakeA1111::start);
  }
}
