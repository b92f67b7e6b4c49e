package dev.darkroom.testkit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

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
public final class FakeOpenAIExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FakeOpenAIExtension.class);

  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(
      ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == FakeOpenAI.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(NAMESPACE)
        .getOrComputeIfAbsent(FakeOpenAI.class, key -> FakeOpenAI.start(), FakeOpenAI.class);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    FakeOpenAI openai = context.getStore(NAMESPACE).remove(FakeOpenAI.class, FakeOpenAI.class);
    if (openai != null) {
      openai.close();
    }
  }
}
