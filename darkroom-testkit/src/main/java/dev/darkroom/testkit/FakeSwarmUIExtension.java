package dev.darkroom.testkit;

/**
 * JUnit 5 extension giving each test a fresh, started {@link FakeSwarmUI} (default settings), closed
 * after the test: {@code @ExtendWith(FakeSwarmUIExtension.class)} and a {@code FakeSwarmUI} parameter.
 */
public final class FakeSwarmUIExtension extends FakeServerExtension<FakeSwarmUI> {
  public FakeSwarmUIExtension() {
    super(FakeSwarmUI.class, FakeSwarmUI::start);
  }
}
