package dev.darkroom.testkit;

/**
 * JUnit 5 extension that gives each test method a fresh {@link FakeComfyUI} with default settings
 * ({@link FakeComfyUI#start()}) and closes it after the test. Declare a {@code FakeComfyUI}
 * parameter on the test method, a {@code @BeforeEach} method or the test class constructor; all of
 * them receive the same instance within one test. Runtime knobs ({@link FakeComfyUI#stepLatency},
 * {@link FakeComfyUI#enqueueFault}) can still be set in the test.
 *
 * <pre>{@code
 * @ExtendWith(FakeComfyUIExtension.class)
 * class MyComfyClientTest {
 *   @Test void reportsOutOfMemory(FakeComfyUI comfy) {
 *     comfy.enqueueFault(ComfyFault.outOfMemory());
 *     ...
 *   }
 * }
 * }</pre>
 */
public final class FakeComfyUIExtension extends FakeServerExtension<FakeComfyUI> {
  public FakeComfyUIExtension() {
    super(FakeComfyUI.class, FakeComfyUI::start);
  }
}
