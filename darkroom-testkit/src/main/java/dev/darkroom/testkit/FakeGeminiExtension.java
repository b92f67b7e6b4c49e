package dev.darkroom.testkit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

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
public final class FakeGeminiExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FakeGeminiExtension.class);

  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(
      ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == FakeGemini.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(NAMESPACE)
        .getOrComputeIfAbsent(FakeGemini.class, key -> FakeGemini.start(), FakeGemini.class);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    FakeGemini gemini = context.getStore(NAMESPACE).remove(FakeGemini.class, FakeGemini.class);
    if (gemini != null) {
      gemini.close();
    }
  }
}
