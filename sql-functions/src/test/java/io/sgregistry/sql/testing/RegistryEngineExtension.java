package io.sgregistry.sql.testing;

import io.sgregistry.fixtures.RegistryDatabase;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a migrated {@link RegistryEngine} (as {@link RegistryDatabase} or itself): one per test
 * JVM, started when first asked for, removed after the JVM's last test. Tests share it and use unique
 * names ({@code RegistryUsers} makes them).
 */
public final class RegistryEngineExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RegistryEngineExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == RegistryDatabase.class || type == RegistryEngine.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return registry(extensionContext);
    }

    public static RegistryEngine registry(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(RegistryEngine.class, k -> RegistryEngine.start(),
                RegistryEngine.class);
    }
}
