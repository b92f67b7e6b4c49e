package dev.darkroom.testkit;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test method a fresh, started fake server of one type and closes it after the test; every
 * parameter of that type (test method, {@code @BeforeEach}, constructor) gets the same instance.
 */
abstract class FakeServerExtension<T extends AutoCloseable> implements ParameterResolver, AfterEachCallback {
  private final Class<T> type;
  private final Supplier<T> starter;
  private final ExtensionContext.Namespace namespace;

  FakeServerExtension(Class<T> type, Supplier<T> starter) {
    this.type = type;
    this.starter = starter;
    this.namespace = ExtensionContext.Namespace.create(getClass());
  }

  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == type;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(namespace).getOrComputeIfAbsent(type, key -> starter.get(), type);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    T server = context.getStore(namespace).remove(type, type);
    if (server != null) {
      server.close();
    }
  }
}
